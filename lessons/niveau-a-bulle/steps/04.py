# Niveau à bulle / Bubble level
# La bulle glisse vers le côté le plus haut ; au milieu, c'est de niveau : deux repères et un
# bip. Le bouton A prend la pente actuelle comme zéro (pour vérifier que deux choses ont la
# même pente). / The bubble slides to the higher side; in the middle it is level: two marks
# and a beep. Button A takes the current slope as zero (to check two things slope the same).
from kit import buttons, buzzer, display, motion, sleep_ms

zero_x, zero_y = 0, 0  # la pente qui compte comme zéro / the slope that counts as zero
was_level = False
while True:
    x, y, z = motion.acceleration()  # en milli-g : 1000 = la pesanteur / 1000 = gravity
    if buttons.a.was_pressed():
        zero_x, zero_y = x, y  # cette pente devient le zéro / this slope becomes zero
    x, y = x - zero_x, y - zero_y
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
