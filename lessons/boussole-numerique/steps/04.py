# Boussole numérique / Digital compass
# Une flèche montre le nord, et la carte bipe quand elle regarde vers le nord.
# An arrow points north, and the board beeps when it faces north.
from kit import buzzer, compass, display, sleep_ms

TOLERANCE = 10  # degrés de chaque côté du nord / degrees either side of north

was_north = False
while True:
    heading = compass.heading()  # 0-359 : où pointe le haut de la carte / where the top points
    display.arrow(360 - heading)  # le nord est à "heading" degrés sur notre gauche
    north = heading <= TOLERANCE or heading >= 360 - TOLERANCE
    if north and not was_north:
        buzzer.tone(880, 150)  # bip en arrivant au nord / beep when arriving at north
    was_north = north
    sleep_ms(100)
