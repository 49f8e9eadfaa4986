# Afficher et faire défiler / Show and scroll
# Étape 1 : un cœur sur l'afficheur. / Step 1: a heart on the display.
from kit import display

display.show(display.HEART)  # une image toute prête / a built-in image
