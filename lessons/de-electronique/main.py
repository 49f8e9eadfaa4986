# Dé électronique / Electronic die
# Secoue la carte : le dé roule (des faces qui défilent, tic tic tic), puis s'arrête sur une
# face au hasard, avec un son. / Shake the board: the die rolls (faces flashing by, tick tick
# tick), then stops on a random face, with a sound.
from random import randint

from kit import buzzer, display, motion, sleep_ms

# les 6 faces : 5 lignes de 5 LED, 9 = allumée, 0 = éteinte / 5 rows of 5 LEDs, 9 = on, 0 = off
FACES = [
    "00000:00000:00900:00000:00000",  # 1
    "90000:00000:00000:00000:00009",  # 2
    "90000:00000:00900:00000:00009",  # 3
    "90009:00000:00000:00000:90009",  # 4
    "90009:00000:00900:00000:90009",  # 5
    "90009:00000:90009:00000:90009",  # 6
]


def roll():
    # le dé roule : 8 faces au hasard, très vite / the die rolls: 8 random faces, fast
    for _ in range(8):  # 8 fois / 8 times
        display.show(FACES[randint(0, 5)])
        buzzer.tone(1500, 20)  # tic
        sleep_ms(60)


display.show("?")  # la carte attend qu'on la secoue / the board waits for a shake
while True:
    if motion.was_shaken():
        roll()
        number = randint(1, 6)
        display.show(FACES[number - 1])  # la face 1 est FACES[0] / face 1 is FACES[0]
        buzzer.tone(660, 200)  # le dé s'arrête / the die stops
    sleep_ms(50)
