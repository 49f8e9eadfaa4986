# Radar de recul / Parking sensor
# Étape 1 : la distance en cm sur l'afficheur 4 chiffres.
# Step 1: the distance in cm on the 4-digit display.
from kit import digits, distance, sleep_ms

while True:
    d = distance.cm()  # en cm, ou None si rien ne répond / in cm, or None if nothing echoes
    if d is None:
        digits.show("----")  # rien devant le capteur / nothing in front of the sensor
    else:
        digits.show(round(d))
    sleep_ms(200)
