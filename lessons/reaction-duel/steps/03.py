# Étape 3 : les cartes échangent leurs temps, chacune dit qui a gagné
# Step 3: the boards swap their times, each one says who won
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
        radio.send("t:" + str(mine))  # mon temps pour l'autre / my time for the other
        other = None
        while other is None:  # le temps de l'autre / the other's time
            message = radio.receive()
            if message is not None and message[:2] == "t:":
                other = int(message[2:])
            sleep_ms(10)
        if mine < other:
            print("gagné !")
            display.show(display.HAPPY)
        elif mine > other:
            print("perdu")
            display.show(display.SAD)
        else:
            print("égalité")
            display.show(display.MEH)
    sleep_ms(10)
