# Alarme de mouvement, étape 3 : le bouton A arme l'alarme
# Motion alarm, step 3: button A arms the alarm
from kit import buttons, buzzer, display, motion, sleep_ms

THRESHOLD = 300  # en milli-g : sous ce seuil, on ne bouge pas / below it, no movement

DISARMED = "désarmée"
ARMED = "armée"
ALARM = "alarme"

state = DISARMED
display.show(display.SQUARE_SMALL)
siren_high = True
while True:
    if state == DISARMED:
        if buttons.a.was_pressed():
            state = ARMED
            print("alarme armée / alarm armed")
            buzzer.tone(1320, 100)
            display.show(display.SQUARE)
            # la position de repos, lue en armant / the rest position, read when arming
            x0, y0, z0 = motion.acceleration()

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
