# Pierre, feuille, ciseaux / Rock, paper, scissors
# Secoue la carte : elle tire un nombre au hasard, 1, 2 ou 3.
# Shake the board: it picks a number at random, 1, 2 or 3.
from random import randint

from kit import display, motion, sleep_ms

while True:
    if motion.was_shaken():
        display.show(randint(1, 3))  # 1, 2 ou 3 / 1, 2 or 3
    sleep_ms(100)
