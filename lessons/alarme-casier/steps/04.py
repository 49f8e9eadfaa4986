# Alarme de casier, étape 4 : le code secret désarme l'alarme
# Locker alarm, step 4: the secret code disarms the alarm
from kit import buttons, buzzer, display, door, sleep_ms

CODE = "ABBA"  # le code secret / the secret code

DISARMED = "désarmée"
ARMED = "armée"
ALARM = "alarme"

state = DISARMED
typed = ""  # les boutons tapés jusqu'ici / the buttons typed so far


def show_state():
    if state == DISARMED:
        display.show(display.SQUARE_SMALL)
    elif state == ARMED:
        display.show(display.SQUARE)


def read_key():
    if buttons.a.was_pressed():
        return "A"
    if buttons.b.was_pressed():
        return "B"
    return ""


show_state()
siren_high = True
while True:
    key = read_key()
    if state == DISARMED:
        if key == "A":
            state = ARMED
            print("alarme armée / alarm armed")
            buzzer.tone(1320, 100)
            show_state()
    elif key:
        typed = typed + key
        if len(typed) == len(CODE):
            if typed == CODE:
                state = DISARMED
                print("code bon : alarme désarmée / right code: alarm disarmed")
                buzzer.stop()
                show_state()
            else:
                print("mauvais code / wrong code")
            typed = ""

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
