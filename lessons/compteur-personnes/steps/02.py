# Compteur de personnes / People counter
# Étape 2 : une personne compte une seule fois, quand elle arrive.
# Step 2: a person counts only once, when they arrive.
from kit import digits, distance, sleep_ms

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
    was_there = there
    sleep_ms(100)
