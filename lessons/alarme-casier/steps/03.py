# Alarme de casier, étape 3 : le bouton A arme l'alarme
# Locker alarm, step 3: button A arms the alarm
from kit import buttons, buzzer, display, door, sleep_ms

DISARMED = "désarmée"
ARMED = "armée"
ALARM = "alarme"

state = DISARMED


def show_state():
    if state == DISARMED:
        display.show(display.SQUARE_SMALL)
    elif state == ARMED:
        display.show(display.SQUARE)


show_state()
siren_high = True
while True:
    if state == DISARMED:
        if buttons.a.was_pressed():
            state = ARMED
            print("alarme armée / alarm armed")
            buzzer.tone(1320, 100)
            show_state()

    if state == ARMED and door.is_open():
        state = ALARM
        print("porte ouverte ! / door opened!")

    if state == ALARM:
        # sirène : deux notes qui alternent / siren: two alternating notes
        if siren_high:
            display.show(display.ANGRY)
            buzzer.tone(988, 250)
        else:
            display.clear()
            buzzer.tone(659, 250)
        siren_high = not siren_high
    else:
        sleep_ms(50)
