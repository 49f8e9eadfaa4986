# Dé électronique, étape 1 / Electronic die, step 1
# Secoue la carte : elle montre un nombre au hasard, de 1 à 6.
# Shake the board: it shows a random number from 1 to 6.
from random import randint

from kit import display, motion, sleep_ms

display.show("?")  # la carte attend qu'on la secoue / the board waits for a shake
while True:
    if motion.was_shaken():
        display.show(randint(1, 6))  # un nombre au hasard / a random number
    sleep_ms(50)
