# Alarme de mouvement, étape 2 : la sirène ne s'arrête plus
# Motion alarm, step 2: the siren does not stop any more
from kit import buzzer, display, motion, sleep_ms

THRESHOLD = 300  # en milli-g : sous ce seuil, on ne bouge pas / below it, no movement

# la position de repos, lue une fois au départ / the rest position, read once at the start
x0, y0, z0 = motion.acceleration()
display.show(display.SQUARE)

while True:
    x, y, z = motion.acceleration()
    moved = abs(x - x0) + abs(y - y0) + abs(z - z0)  # l'écart avec le repos / the change
    if moved > THRESHOLD:
        print("on me bouge ! / I am being moved!")
        break  # on sort de la boucle : place à la sirène / out of the loop: siren time
    sleep_ms(100)

# sirène : deux notes qui alternent, pour toujours / siren: two alternating notes, forever
while True:
    display.show(display.ANGRY)
    buzzer.tone(988, 250)
    display.clear()
    buzzer.tone(659, 250)
