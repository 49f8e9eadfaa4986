# Barrière de parking / Parking barrier
# Étape 1 : le ticket (bouton A) ouvre la barrière. / Step 1: the ticket (button A) opens it.
from kit import buttons, servo, sleep_ms

CLOSED, OPEN = 0, 90  # angles de la barrière : baissée, levée / the barrier's angles: down, up

servo.angle(CLOSED)
while True:
    if buttons.a.was_pressed():  # le ticket / the ticket
        servo.angle(OPEN)
        sleep_ms(3000)  # 3 s pour passer / 3 s to drive through
        servo.angle(CLOSED)
    sleep_ms(50)
