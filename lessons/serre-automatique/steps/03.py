# Serre automatique / Automatic greenhouse
# Étape 3 : deux seuils, pour que la pompe arrose franchement (hystérésis).
# Step 3: two thresholds, so that the pump waters properly (hysteresis).
from kit import digits, relay, sleep_ms, soil

LOW = 30  # en dessous : on arrose / below: start watering
HIGH = 60  # au-dessus : on arrête / above: stop watering

while True:
    moisture = soil.moisture()  # 0 : sec, 100 : dans l'eau / 0: dry, 100: in water
    digits.show(moisture)
    if moisture < LOW:
        relay.on()  # la pompe arrose / the pump waters
    elif moisture > HIGH:
        relay.off()
    # entre les deux seuils : on ne change rien / between the thresholds: change nothing
    sleep_ms(500)
