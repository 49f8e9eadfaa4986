# Podomètre, étape 1 / Step counter, step 1
# Quand la carte est secouée fort, on compte un pas. (Elle en compte trop : à corriger !)
# When the board is jolted hard, count a step. (It counts too many: to be fixed!)
import math

from kit import display, motion, sleep_ms

HIGH = 1300  # milli-g : plus fort que ça, c'est un pas / stronger than that: a step

steps = 0
display.show(steps)
while True:
    x, y, z = motion.acceleration()
    strength = math.sqrt(x * x + y * y + z * z)  # la force, de 1000 au repos / 1000 at rest
    if strength > HIGH:
        steps = steps + 1
        print(steps)  # le compte, aussi dans la console / the count, on the console too
        display.show(steps)
    sleep_ms(20)
