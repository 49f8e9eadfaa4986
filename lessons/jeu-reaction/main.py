# Jeu de réaction / Reaction game
# Après une attente au hasard, la carte montre une cible et bipe : appuie vite sur A !
# Faux départ si tu appuies trop tôt, et la carte garde ton meilleur temps.
# False start if you press too early, and the board keeps your best time.
from random import randint

from kit import buttons, buzzer, display, running_time, sleep_ms

best = 0  # meilleur temps, 0 = pas encore de record / best time, 0 = no record yet
while True:
    display.show(display.ASLEEP)  # la carte attend / the board waits
    buttons.a.was_pressed()  # oublie les appuis d'avant / forget earlier presses
    wait = randint(1000, 3000)  # de 1 à 3 secondes, au hasard / 1 to 3 seconds, at random
    false_start = False
    begin = running_time()
    while running_time() - begin < wait:
        if buttons.a.was_pressed():  # trop tôt ! / too early!
            false_start = True
            break
        sleep_ms(5)
    if false_start:
        print("faux départ")
        display.show(display.NO)
    else:
        display.show(display.TARGET)  # top départ ! / go!
        start = running_time()  # l'heure du départ, en ms / the time of the start, in ms
        buzzer.tone(880, 100)  # le chrono tourne déjà / the clock is already running
        while not buttons.a.is_pressed():
            sleep_ms(1)
        reaction = running_time() - start  # le temps passé / the time gone by
        print("temps :", reaction, "ms")
        display.scroll(reaction)
        if best == 0 or reaction < best:  # un nouveau record ! / a new record!
            best = reaction
            display.show(display.HAPPY)
        print("record :", best, "ms")
    sleep_ms(1000)  # une seconde avant la manche suivante / a second before the next round
