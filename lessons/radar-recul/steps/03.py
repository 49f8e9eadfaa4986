# Radar de recul / Parking sensor
# Étape 3 : plus l'obstacle est près, plus les bips sont rapprochés.
# Step 3: the closer the obstacle, the faster the beeps.
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
            sleep_ms(round(d * 10))  # 10 ms de silence par cm / 10 ms of silence per cm
        else:
            sleep_ms(200)
