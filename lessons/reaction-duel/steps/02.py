# Étape 2 : chaque carte mesure le temps de réaction de son joueur
# Step 2: each board measures its player's reaction time
from random import randint

from kit import buttons, buzzer, display, radio, running_time, sleep_ms

radio.group(21)  # le même groupe sur les deux cartes / the same group on both boards
display.show(display.HEART)
while True:
    go = False
    if buttons.b.was_pressed():  # B lance une manche / B starts a round
        display.show(display.ASLEEP)
        sleep_ms(randint(1000, 3000))  # une attente au hasard / a random wait
        radio.send("go")  # top départ pour l'autre carte / go for the other board
        go = True
    if radio.receive() == "go":  # l'autre carte a lancé / the other board started
        go = True
    if go:
        display.show(display.TARGET)
        start = running_time()  # l'heure du départ, en ms / the time of the start, in ms
        buzzer.tone(880, 100)
        while not buttons.a.is_pressed():
            sleep_ms(1)
        mine = running_time() - start  # mon temps / my time
        print("temps :", mine, "ms")
        display.scroll(mine)
    sleep_ms(10)
