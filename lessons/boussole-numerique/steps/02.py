# Boussole numérique, étape 2 : une flèche qui montre le nord
# Digital compass, step 2: an arrow that points north
from kit import compass, display, sleep_ms

while True:
    heading = compass.heading()  # 0-359 : où pointe le haut de la carte / where the top points
    display.arrow(360 - heading)  # le nord est à "heading" degrés sur notre gauche
    sleep_ms(100)
