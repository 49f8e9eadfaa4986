# Compteur de personnes / People counter
# Étape 4 : un petit bip pour chaque personne comptée.
# Step 4: a short beep for each person counted.
from kit import buttons, buzzer, digits, distance, sleep_ms

NEAR = 50  # plus près que ça (en cm) : quelqu'un passe / closer than this (cm): someone passes

count = 0
digits.show(count)
was_there = False  # quelqu'un était là au tour d'avant / someone was there last turn
while True:
    d = distance.cm()  # en cm, ou None si rien ne répond / in cm, or None if nothing echoes
    there = d is not None and d < NEAR
    if there and not was_there:  # quelqu'un vient d'arriver / someone just arrived
        count = count + 1
        digits.show(count)
        buzzer.tone(1500, 50)  # bip / beep
    was_there = there
    if buttons.a.was_pressed():
        count = 0
        digits.show(count)
    sleep_ms(100)
