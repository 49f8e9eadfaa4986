# Niveau à bulle, étape 3 / Bubble level, step 3
# La bulle au milieu : c'est de niveau ! Deux repères autour d'elle et un bip.
# The bubble in the middle: it is level! Two marks around it and a beep.
from kit import buzzer, display, motion, sleep_ms

was_level = False
while True:
    x, y, z = motion.acceleration()  # en milli-g : 1000 = la pesanteur / 1000 = gravity
    column = 2 - int(x / 100)  # penchée à droite : x > 0, la bulle va à gauche / goes left
    column = max(0, min(4, column))  # reste sur l'afficheur, de 0 à 4 / stays on the display
    row = 2 + int(y / 100)  # le haut levé : y < 0, la bulle monte / top raised: it goes up
    row = max(0, min(4, row))
    level = column == 2 and row == 2  # la bulle au milieu / the bubble in the middle
    if level:
        display.show(display.SQUARE_SMALL)  # les repères / the marks
        if not was_level:
            buzzer.tone(880, 100)  # bip en arrivant de niveau / beep when it gets level
    else:
        display.clear()
    display.set_pixel(column, row, 9)  # la bulle / the bubble
    was_level = level
    sleep_ms(100)
