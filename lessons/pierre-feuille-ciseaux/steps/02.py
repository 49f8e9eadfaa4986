# Pierre, feuille, ciseaux / Rock, paper, scissors
# Secoue la carte : elle choisit pierre, feuille ou ciseaux au hasard et montre son image.
# Shake the board: it picks rock, paper or scissors at random and shows its picture.
from random import randint

from kit import display, motion, sleep_ms

while True:
    if motion.was_shaken():
        hand = randint(1, 3)
        if hand == 1:
            display.show(display.SQUARE_SMALL)  # pierre / rock
        elif hand == 2:
            display.show(display.SQUARE)  # feuille / paper
        else:
            display.show(display.SCISSORS)  # ciseaux / scissors
    sleep_ms(100)
