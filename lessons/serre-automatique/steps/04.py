# Serre automatique / Automatic greenhouse
# Étape 4 : une pause minimum entre deux arrosages.
# Step 4: a minimum pause between two waterings.
from kit import digits, relay, sleep_ms, soil

LOW = 30  # en dessous : on arrose / below: start watering
HIGH = 60  # au-dessus : on arrête / above: stop watering
PAUSE = 20  # tours de boucle (20 x 0,5 s = 10 s) / loop turns (20 x 0.5 s = 10 s)

wait = 0  # tours avant de pouvoir arroser à nouveau / turns before watering is allowed again
while True:
    moisture = soil.moisture()  # 0 : sec, 100 : dans l'eau / 0: dry, 100: in water
    digits.show(moisture)
    if relay.is_on():
        if moisture > HIGH:
            relay.off()
            wait = PAUSE  # l'eau doit d'abord s'étaler / the water must spread first
    elif moisture < LOW and wait == 0:
        relay.on()  # la pompe arrose / the pump waters
    if wait > 0:
        wait = wait - 1
    sleep_ms(500)
