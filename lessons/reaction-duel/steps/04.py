# Étape 4 : appuyer avant la cible, c'est un faux départ, et il perd
# Step 4: pressing before the target is a false start, and it loses
from random import randint

from kit import buttons, buzzer, display, radio, running_time, sleep_ms

radio.group(21)  # le même groupe sur les deux cartes / the same group on both boards
display.show(display.HEART)
while True:
    # B lance une manche ici ; sinon l'autre carte l'annonce avec "pret"
    # B starts a round here; otherwise the other board announces it with "pret"
    starter = False
    ready = False
    while not ready:
        if buttons.b.was_pressed():
            starter = True
            ready = True
            radio.send("pret")
        if radio.receive() == "pret":
            ready = True
        sleep_ms(10)
    display.show(display.ASLEEP)
    buttons.a.was_pressed()  # oublie les appuis d'avant / forget earlier presses
    wait = randint(1000, 3000)  # une attente au hasard / a random wait
    begin = running_time()
    go = False
    false_start = False
    while not go:
        if starter and running_time() - begin >= wait:
            radio.send("go")  # top départ pour l'autre carte / go for the other board
            go = True
        if radio.receive() == "go":  # l'autre carte a lancé / the other board started
            go = True
        if buttons.a.was_pressed():  # trop tôt ! / too early!
            false_start = True
            print("faux départ")
            display.show(display.NO)
        sleep_ms(1)
    mine = 9999  # un faux départ perd toujours / a false start always loses
    if not false_start:
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
