# Serre automatique / Automatic greenhouse
# Étape 2 : la pompe (le relais) s'allume quand le sol est sec.
# Step 2: the pump (the relay) switches on when the soil is dry.
from kit import digits, relay, sleep_ms, soil

THRESHOLD = 40  # en dessous : sol sec / below: dry soil

while True:
    moisture = soil.moisture()  # 0 : sec, 100 : dans l'eau / 0: dry, 100: in water
    digits.show(moisture)
    if moisture < THRESHOLD:
        relay.on()  # la pompe arrose / the pump waters
    else:
        relay.off()
    sleep_ms(500)
