# Barrière de parking / Parking barrier
# Étape 2 : la barrière descend doucement. / Step 2: the barrier comes down slowly.
from kit import buttons, servo, sleep_ms

CLOSED, OPEN = 0, 90  # angles de la barrière : baissée, levée / the barrier's angles: down, up
STEP = 2  # degrés par pas en descendant / degrees per step on the way down


def close_slowly():
    angle = OPEN
    while angle > CLOSED:
        angle = max(CLOSED, angle - STEP)  # un petit pas vers le bas / a small step down
        servo.angle(angle)
        sleep_ms(40)


servo.angle(CLOSED)
while True:
    if buttons.a.was_pressed():  # le ticket / the ticket
        servo.angle(OPEN)
        sleep_ms(3000)  # 3 s pour passer / 3 s to drive through
        close_slowly()
    sleep_ms(50)
