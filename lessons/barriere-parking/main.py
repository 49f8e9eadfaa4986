# Barrière de parking / Parking barrier
# Étape 4 : jamais sur une voiture : elle remonte. / Step 4: never onto a car: it goes back up.
from kit import buttons, distance, servo, sleep_ms

CLOSED, OPEN = 0, 90  # angles de la barrière : baissée, levée / the barrier's angles: down, up
STEP = 2  # degrés par pas en descendant / degrees per step on the way down
CAR_CM = 30  # plus près que 30 cm : une voiture est sous la barrière / nearer: a car is under it


def car_under():
    d = distance.cm()  # None : rien ne renvoie l'écho / None: nothing echoes
    return d is not None and d < CAR_CM


def close_slowly():
    # répond True si elle a fini de descendre / answers True if it got all the way down
    angle = OPEN
    while angle > CLOSED:
        if car_under():  # une voiture arrive dessous ! / a car comes under it!
            servo.angle(OPEN)  # on remonte tout de suite / back up at once
            return False
        angle = max(CLOSED, angle - STEP)  # un petit pas vers le bas / a small step down
        servo.angle(angle)
        sleep_ms(40)
    return True


servo.angle(CLOSED)
while True:
    if buttons.a.was_pressed():  # le ticket / the ticket
        servo.angle(OPEN)
        closed = False
        while not closed:  # on recommence tant qu'elle n'est pas baissée / until it is down
            sleep_ms(3000)  # 3 s pour passer / 3 s to drive through
            while car_under():  # la voiture est encore là : on attend / still there: wait
                sleep_ms(100)
            closed = close_slowly()
    sleep_ms(50)
