# $title_fr / $title_en
# Étape 1 : un cœur sur l'écran / Step 1: a heart on the display
from kit import display

display.show(display.HEART)
