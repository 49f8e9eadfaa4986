# Étape 1 : le bouton A envoie un message, l'autre carte sourit
# Step 1: button A sends a message, the other board smiles
from kit import buttons, display, radio, sleep_ms

radio.group(12)  # le même groupe sur les deux cartes / the same group on both boards
display.show(display.HEART)
while True:
    if buttons.a.was_pressed():
        radio.send("coucou")
    message = radio.receive()
    if message == "coucou":
        display.show(display.HAPPY)
    sleep_ms(50)
