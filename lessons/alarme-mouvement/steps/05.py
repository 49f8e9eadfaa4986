# Alarme de mouvement / Motion alarm
# A : armer l'alarme (3 secondes pour poser la carte). Si on la bouge : sirène !
# Taper le code secret avec A et B pour désarmer.
# A: arm the alarm (3 seconds to put the board down). Moved: siren! Type the code to disarm.
from kit import buttons, buzzer, display, motion, sleep_ms

THRESHOLD = 300  # en milli-g : sous ce seuil, on ne bouge pas / below it, no movement
CODE = "ABBA"  # le code secret / the secret code

DISARMED = "désarmée"
ARMED = "armée"
ALARM = "alarme"

state = DISARMED
typed = ""  # les boutons tapés jusqu'ici / the buttons typed so far


def read_key():
    if buttons.a.was_pressed():
        return "A"
    if buttons.b.was_pressed():
        return "B"
    return ""


display.show(display.SQUARE_SMALL)
siren_high = True
while True:
    key = read_key()
    if state == DISARMED:
        if key == "A":
            # 3 secondes pour poser la carte sans la secouer / 3 s to put the board down
            for i in range(3, 0, -1):
                display.show(i)
                buzzer.tone(880, 50)
                sleep_ms(950)
            state = ARMED
            print("alarme armée / alarm armed")
            buzzer.tone(1320, 100)
            display.show(display.SQUARE)
            # la position de repos, lue en armant / the rest position, read when arming
            x0, y0, z0 = motion.acceleration()
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
                display.show(display.SQUARE_SMALL)
            else:
                print("mauvais code / wrong code")
                display.show(display.NO)
                buzzer.tone(220, 400)
                if state == ARMED:
                    display.show(display.SQUARE)
            typed = ""

    if state == ARMED:
        x, y, z = motion.acceleration()
        moved = abs(x - x0) + abs(y - y0) + abs(z - z0)  # l'écart avec le repos / the change
        if moved > THRESHOLD:
            state = ALARM
            print("on me bouge ! / I am being moved!")

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
