# Dé électronique, étape 2 / Electronic die, step 2
# Secoue la carte : elle montre une face du dé, avec ses points.
# Shake the board: it shows a face of the die, with its dots.
from random import randint

from kit import display, motion, sleep_ms

# les 6 faces : 5 lignes de 5 LED, 9 = allumée, 0 = éteinte / 5 rows of 5 LEDs, 9 = on, 0 = off
FACES = [
    "00000:00000:00900:00000:00000",  # 1
    "90000:00000:00000:00000:00009",  # 2
    "90000:00000:00900:00000:00009",  # 3
    "90009:00000:00000:00000:90009",  # 4
    "90009:00000:00900:00000:90009",  # 5
    "90009:00000:90009:00000:90009",  # 6
]

display.show("?")  # la carte attend qu'on la secoue / the board waits for a shake
while True:
    if motion.was_shaken():
        number = randint(1, 6)
        display.show(FACES[number - 1])  # la face 1 est FACES[0] / face 1 is FACES[0]
    sleep_ms(50)
