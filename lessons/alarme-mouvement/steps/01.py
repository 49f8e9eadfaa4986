# Alarme de mouvement, étape 1 : la carte sent qu'on la bouge
# Motion alarm, step 1: the board feels that it is moved
from kit import display, motion, sleep_ms

THRESHOLD = 300  # en milli-g : sous ce seuil, on ne bouge pas / below it, no movement

# la position de repos, lue une fois au départ / the rest position, read once at the start
x0, y0, z0 = motion.acceleration()

while True:
    x, y, z = motion.acceleration()
    moved = abs(x - x0) + abs(y - y0) + abs(z - z0)  # l'écart avec le repos / the change
    if moved > THRESHOLD:
        display.show(display.SURPRISED)
    else:
        display.show(display.ASLEEP)
    sleep_ms(100)
