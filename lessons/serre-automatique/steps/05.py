# Serre automatique / Automatic greenhouse
# Étape 5 : l'afficheur montre aussi ce que fait la serre : A arrose, P pause.
# Step 5: the display also shows what the greenhouse is doing: A watering, P pause.
from kit import digits, relay, sleep_ms, soil

LOW = 30  # en dessous : on arrose / below: start watering
HIGH = 60  # au-dessus : on arrête / above: stop watering
PAUSE = 20  # tours de boucle (20 x 0,5 s = 10 s) / loop turns (20 x 0.5 s = 10 s)

wait = 0  # tours avant de pouvoir arroser à nouveau / turns before watering is allowed again
while True:
    moisture = soil.moisture()  # 0 : sec, 100 : dans l'eau / 0: dry, 100: in water
    if relay.is_on():
        if moisture > HIGH:
            relay.off()
            wait = PAUSE  # l'eau doit d'abord s'étaler / the water must spread first
    elif moisture < LOW and wait == 0:
        relay.on()  # la pompe arrose / the pump waters
    if wait > 0:
        wait = wait - 1
    # une lettre pour l'état, puis l'humidité sur 3 chiffres
    # a letter for the state, then the moisture on 3 digits
    if relay.is_on():
        state = "A"  # arrosage / watering
    elif wait > 0:
        state = "P"  # pause : on laisse l'eau s'étaler / pause: the water spreads
    else:
        state = " "  # tout va bien / all is well
    digits.show(state + "%3d" % moisture)
    sleep_ms(500)
