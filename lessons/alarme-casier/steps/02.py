# Alarme de casier, étape 2 : la sirène ne s'arrête plus
# Locker alarm, step 2: the siren does not stop any more
from kit import buzzer, display, door, sleep_ms

display.show(display.SQUARE)
while True:
    if door.is_open():
        print("porte ouverte ! / door opened!")
        break  # on sort de la boucle : place à la sirène / out of the loop: siren time
    sleep_ms(50)

# sirène : deux notes qui alternent, pour toujours / siren: two alternating notes, forever
while True:
    display.show(display.ANGRY)
    buzzer.tone(988, 250)
    display.clear()
    buzzer.tone(659, 250)
