# Alarme de casier / Locker alarm
# A : armer l'alarme. Porte ouverte quand l'alarme est armée : sirène !
# Taper le code secret avec A et B pour désarmer.
# A: arm the alarm. Door opened while armed: siren! Type the secret code with A and B to disarm.
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
        if state == ARMED:
            display.show(len(typed))  # combien de boutons tapés / how many typed
        if len(typed) == len(CODE):
            if typed == CODE:
                state = DISARMED
                print("code bon : alarme désarmée / right code: alarm disarmed")
                buzzer.stop()
                display.show(display.YES)
                buzzer.play(["c5:2", "g5:4"])
                show_state()
            else:
                print("mauvais code / wrong code")
                display.show(display.NO)
                buzzer.tone(220, 400)
                show_state()
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
