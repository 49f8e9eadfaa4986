# Niveau à bulle, étape 1 / Bubble level, step 1
# Une bulle (une LED) glisse à gauche ou à droite, vers le côté le plus haut de la carte.
# A bubble (one LED) slides left or right, towards the higher side of the board.
from kit import display, motion, sleep_ms

while True:
    x, y, z = motion.acceleration()  # en milli-g : 1000 = la pesanteur / 1000 = gravity
    column = 2 - int(x / 100)  # penchée à droite : x > 0, la bulle va à gauche / goes left
    column = max(0, min(4, column))  # reste sur l'afficheur, de 0 à 4 / stays on the display
    display.clear()
    display.set_pixel(column, 2, 9)  # la bulle, sur la ligne du milieu / on the middle row
    sleep_ms(100)
