# Podomètre, étape 3 / Step counter, step 3
# Deux seuils : un pas compte au-dessus de HIGH, et le suivant seulement après être redescendu
# sous LOW. Une secousse qui tremble ne compte qu'une fois. / Two thresholds: a step counts
# above HIGH, and the next one only after going back below LOW. A shaky jolt counts once.
import math

from kit import display, motion, sleep_ms

HIGH = 1300  # milli-g : plus fort que ça, c'est un pas / stronger than that: a step
LOW = 1100  # plus faible que ça, le pas est fini / weaker than that: the step is over

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
    elif strength < LOW:  # bien redescendue : prêt pour le pas suivant / well down: ready
        in_step = False
    sleep_ms(20)
