# Pierre, feuille, ciseaux / Rock, paper, scissors
# Secoue la carte ou appuie sur A : elle choisit pierre, feuille ou ciseaux au hasard.
# Shake the board or press A: it picks rock, paper or scissors at random.
from random import randint

from kit import buttons, display, motion, sleep_ms

while True:
    if motion.was_shaken() or buttons.a.was_pressed():
        hand = randint(1, 3)
        if hand == 1:
            display.show(display.SQUARE_SMALL)  # pierre / rock
        elif hand == 2:
            display.show(display.SQUARE)  # feuille / paper
        else:
            display.show(display.SCISSORS)  # ciseaux / scissors
    sleep_ms(100)
