# Podomètre, étape 2 / Step counter, step 2
# Un pas compte une seule fois : au moment où la force passe au-dessus du seuil.
# A step counts once: when the strength goes above the threshold.
import math

from kit import display, motion, sleep_ms

HIGH = 1300  # milli-g : plus fort que ça, c'est un pas / stronger than that: a step

steps = 0
in_step = False  # la force est-elle encore au-dessus ? / is the strength still above?
display.show(steps)
while True:
    x, y, z = motion.acceleration()
    strength = math.sqrt(x * x + y * y + z * z)  # la force, de 1000 au repos / 1000 at rest
    if strength > HIGH and not in_step:  # elle vient de passer au-dessus / it just went above
        steps = steps + 1
        print(steps)  # le compte, aussi dans la console / the count, on the console too
        display.show(steps)
        in_step = True
    elif strength < HIGH:  # redescendue : prêt pour le pas suivant / back down: ready
        in_step = False
    sleep_ms(20)
