# Podomètre / Step counter
# Chaque pas fait changer de pied sur l'afficheur ; A fait défiler le nombre de pas, B remet à
# zéro. / Each step changes feet on the display; A scrolls the number of steps, B resets it.
import math

from kit import buttons, display, motion, sleep_ms

HIGH = 1300  # milli-g : plus fort que ça, c'est un pas / stronger than that: a step
LOW = 1100  # plus faible que ça, le pas est fini / weaker than that: the step is over
FEET = ["00000:99000:99000:00000:99000", "00099:00099:00000:00099:00000"]  # gauche, droit

steps = 0
in_step = False  # la force est-elle encore au-dessus ? / is the strength still above?
display.show(steps)
while True:
    x, y, z = motion.acceleration()
    strength = math.sqrt(x * x + y * y + z * z)  # la force, de 1000 au repos / 1000 at rest
    if strength > HIGH and not in_step:  # elle vient de passer au-dessus / it just went above
        steps = steps + 1
        print(steps)  # le compte, aussi dans la console / the count, on the console too
        display.show(FEET[steps % 2])  # un pied, puis l'autre / one foot, then the other
        in_step = True
    elif strength < LOW:  # bien redescendue : prêt pour le pas suivant / well down: ready
        in_step = False
    if buttons.a.was_pressed():  # A : combien de pas ? / A: how many steps?
        display.scroll(steps)
    if buttons.b.was_pressed():  # B : on recommence à zéro / B: start again from zero
        steps = 0
        print(steps)
        display.show(steps)
    sleep_ms(20)
