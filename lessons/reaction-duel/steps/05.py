# Étape 5 : des messages répétés, parce qu'un message radio peut se perdre
# Step 5: repeated messages, because a radio message can get lost
from random import randint

from kit import buttons, buzzer, display, radio, running_time, sleep_ms

radio.group(21)  # le même groupe sur les deux cartes / the same group on both boards


def send3(text):
    # trois fois de suite : il suffit qu'un message arrive / three times: one arriving is enough
    for _ in range(3):
        radio.send(text)


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
            send3("pret")
        if radio.receive() == "pret":
            ready = True
        sleep_ms(10)
    display.show(display.ASLEEP)
    buttons.a.was_pressed()  # oublie les appuis d'avant / forget earlier presses
    wait = randint(1000, 3000)  # une attente au hasard / a random wait
    begin = running_time()
    go = False
    false_start = False
    while not go and running_time() - begin < 3500:
        if starter and running_time() - begin >= wait:
            send3("go")  # top départ pour l'autre carte / go for the other board
            go = True
        if radio.receive() == "go":  # l'autre carte a lancé / the other board started
            go = True
        if buttons.a.was_pressed():  # trop tôt ! / too early!
            false_start = True
            print("faux départ")
            display.show(display.NO)
        sleep_ms(1)
    if not go:  # le "go" s'est perdu : on rejoue / the go got lost: play again
        print("manche annulée")
        display.show("?")
        continue
    end = running_time() + 3000  # échanger jusqu'à 3 s après le go / swap until 3 s after go
    mine = 9999  # un faux départ perd toujours / a false start always loses
    if not false_start:
        display.show(display.TARGET)
        start = running_time()  # l'heure du départ, en ms / the time of the start, in ms
        buzzer.tone(880, 100)
        while not buttons.a.is_pressed():
            sleep_ms(1)
        mine = running_time() - start  # mon temps / my time
        print("temps :", mine, "ms")
    other = None
    while running_time() < end:
        radio.send("t:" + str(mine))  # mon temps, encore et encore / my time, again and again
        sleep_ms(100)
        message = radio.receive()
        while message is not None:
            if message[:2] == "t:":
                other = int(message[2:])  # le temps de l'autre / the other's time
            message = radio.receive()
    if other is None:  # rien reçu : on rejoue / nothing came: play again
        print("manche annulée")
        display.show("?")
    elif mine < other:
        print("gagné !")
        display.show(display.HAPPY)
    elif mine > other:
        print("perdu")
        display.show(display.SAD)
    else:
        print("égalité")
        display.show(display.MEH)
