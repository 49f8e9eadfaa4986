# Jeu de réaction / Reaction game
# Après une attente au hasard, la carte montre une cible et bipe.
# After a random wait, the board shows a target and beeps.
from random import randint

from kit import buzzer, display, sleep_ms

display.show(display.ASLEEP)  # la carte attend / the board waits
sleep_ms(randint(1000, 3000))  # de 1 à 3 secondes, au hasard / 1 to 3 seconds, at random
display.show(display.TARGET)  # top départ ! / go!
buzzer.tone(880, 100)
