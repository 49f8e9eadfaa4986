# Pierre, feuille, ciseaux / Rock, paper, scissors
# Secoue la carte ou appuie sur A : elle choisit pierre, feuille ou ciseaux au hasard.
# Tu as gagné la manche ? Appuie sur B : la carte compte tes points et les montre.
# Shake the board or press A: it picks rock, paper or scissors at random.
# You won the round? Press B: the board counts your points and shows them.
from random import randint

from kit import buttons, display, motion, sleep_ms

score = 0  # tes points / your points
while True:
    if motion.was_shaken() or buttons.a.was_pressed():
        hand = randint(1, 3)
        if hand == 1:
            display.show(display.SQUARE_SMALL)  # pierre / rock
        elif hand == 2:
            display.show(display.SQUARE)  # feuille / paper
        else:
            display.show(display.SCISSORS)  # ciseaux / scissors
    if buttons.b.was_pressed():
        score = score + 1  # un point de plus / one more point
        print("score :", score)
        display.scroll(score)
    sleep_ms(100)
