# Boussole numérique, étape 3 : la carte bipe au nord
# Digital compass, step 3: the board beeps at north
from kit import buzzer, compass, display, sleep_ms

TOLERANCE = 10  # degrés de chaque côté du nord / degrees either side of north

while True:
    heading = compass.heading()  # 0-359 : où pointe le haut de la carte / where the top points
    display.arrow(360 - heading)  # le nord est à "heading" degrés sur notre gauche
    north = heading <= TOLERANCE or heading >= 360 - TOLERANCE
    if north:
        buzzer.tone(880, 150)  # bip au nord / beep at north
    sleep_ms(100)
