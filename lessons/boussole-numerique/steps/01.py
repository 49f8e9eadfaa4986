# Boussole numérique, étape 1 : le cap en chiffres
# Digital compass, step 1: the heading in numbers
from kit import compass, display

while True:
    heading = compass.heading()  # 0-359 : où pointe le haut de la carte / where the top points
    display.scroll(heading)
