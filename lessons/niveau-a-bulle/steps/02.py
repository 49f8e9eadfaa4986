# Niveau à bulle, étape 2 / Bubble level, step 2
# La bulle se déplace dans les deux sens : gauche-droite et haut-bas.
# The bubble moves both ways: left-right and up-down.
from kit import display, motion, sleep_ms

while True:
    x, y, z = motion.acceleration()  # en milli-g : 1000 = la pesanteur / 1000 = gravity
    column = 2 - int(x / 100)  # penchée à droite : x > 0, la bulle va à gauche / goes left
    column = max(0, min(4, column))  # reste sur l'afficheur, de 0 à 4 / stays on the display
    row = 2 + int(y / 100)  # le haut levé : y < 0, la bulle monte / top raised: it goes up
    row = max(0, min(4, row))
    display.clear()
    display.set_pixel(column, row, 9)  # la bulle / the bubble
    sleep_ms(100)
