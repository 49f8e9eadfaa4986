# Radar de recul / Parking sensor
# Étape 2 : un bip régulier quand un obstacle est à moins d'un mètre.
# Step 2: a steady beep when an obstacle is closer than one metre.
from kit import buzzer, digits, distance, sleep_ms

FAR = 100  # plus loin que ça (en cm) : silence / farther than this (cm): silence

while True:
    d = distance.cm()  # en cm, ou None si rien ne répond / in cm, or None if nothing echoes
    if d is None:
        digits.show("----")  # rien devant le capteur / nothing in front of the sensor
        sleep_ms(200)
    else:
        digits.show(round(d))
        if d < FAR:
            buzzer.tone(880, 50)  # bip / beep
            sleep_ms(500)
        else:
            sleep_ms(200)
