# $title_fr / $title_en
# Étape 2 : le bouton A fait sourire la carte / Step 2: button A makes the board smile
from kit import buttons, display, sleep_ms

display.show(display.HEART)
while True:
    if buttons.a.was_pressed():
        display.show(display.HAPPY)  # un sourire / a smile
    sleep_ms(50)  # une pause : la carte a le temps de tout faire / a pause
