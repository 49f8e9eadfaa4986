# Étape 1 : B lance une manche, les deux cartes montrent la cible
# Step 1: B starts a round, both boards show the target
from random import randint

from kit import buttons, buzzer, display, radio, sleep_ms

radio.group(21)  # le même groupe sur les deux cartes / the same group on both boards
display.show(display.HEART)
while True:
    if buttons.b.was_pressed():  # B lance une manche / B starts a round
        display.show(display.ASLEEP)
        sleep_ms(randint(1000, 3000))  # une attente au hasard / a random wait
        radio.send("go")  # top départ pour l'autre carte / go for the other board
        display.show(display.TARGET)
        buzzer.tone(880, 100)
    if radio.receive() == "go":  # l'autre carte a lancé / the other board started
        display.show(display.TARGET)
        buzzer.tone(880, 100)
    sleep_ms(10)
