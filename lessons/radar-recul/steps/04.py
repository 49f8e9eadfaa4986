# Radar de recul / Parking sensor
# Étape 4 : à moins de 10 cm, le son ne s'arrête plus : stop !
# Step 4: closer than 10 cm, the sound never stops: stop!
from kit import buzzer, digits, distance, sleep_ms

FAR = 100  # plus loin que ça (en cm) : silence / farther than this (cm): silence
STOP = 10  # plus près que ça (en cm) : son continu / closer than this (cm): continuous sound

while True:
    d = distance.cm()  # en cm, ou None si rien ne répond / in cm, or None if nothing echoes
    if d is None:
        digits.show("----")  # rien devant le capteur / nothing in front of the sensor
        sleep_ms(200)
    else:
        digits.show(round(d))
        if d < STOP:
            # le son continue pendant que la carte mesure à nouveau
            # the sound goes on while the board measures again
            buzzer.tone(880, 200, wait=False)
            sleep_ms(50)
        elif d < FAR:
            buzzer.tone(880, 50)  # bip / beep
            sleep_ms(round(d * 10))  # 10 ms de silence par cm / 10 ms of silence per cm
        else:
            sleep_ms(200)
