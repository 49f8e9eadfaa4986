# Barrière de parking / Parking barrier
# Étape 3 : elle attend que la voiture soit passée. / Step 3: it waits until the car has gone.
from kit import buttons, distance, servo, sleep_ms

CLOSED, OPEN = 0, 90  # angles de la barrière : baissée, levée / the barrier's angles: down, up
STEP = 2  # degrés par pas en descendant / degrees per step on the way down
CAR_CM = 30  # plus près que 30 cm : une voiture est sous la barrière / nearer: a car is under it


def car_under():
    d = distance.cm()  # None : rien ne renvoie l'écho / None: nothing echoes
    return d is not None and d < CAR_CM


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
        while car_under():  # la voiture est encore là : on attend / still there: wait
            sleep_ms(100)
        close_slowly()
    sleep_ms(50)
