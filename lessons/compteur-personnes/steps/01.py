# Compteur de personnes / People counter
# Étape 1 : compter quand quelqu'un est devant le capteur (il y a un souci...).
# Step 1: count when someone is in front of the sensor (there is a snag...).
from kit import digits, distance, sleep_ms

NEAR = 50  # plus près que ça (en cm) : quelqu'un passe / closer than this (cm): someone passes

count = 0
digits.show(count)
while True:
    d = distance.cm()  # en cm, ou None si rien ne répond / in cm, or None if nothing echoes
    if d is not None and d < NEAR:
        count = count + 1
        digits.show(count)
    sleep_ms(100)
