# Étape 1 : le bouton A ou B envoie un vote, les autres cartes l'affichent
# Step 1: button A or B sends a vote, the other boards show it
from kit import buttons, display, radio, sleep_ms

radio.group(30)  # le même groupe pour toute la classe / one group for the whole class
display.show("?")
while True:
    if buttons.a.was_pressed():
        radio.send("A")
    if buttons.b.was_pressed():
        radio.send("B")
    message = radio.receive()
    if message is not None:
        display.show(message)  # le vote reçu / the vote received
    sleep_ms(20)
