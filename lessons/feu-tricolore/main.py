# Feu tricolore / Traffic light
# Étape 4 : un feu pour les piétons au bout du ruban. / Step 4: a pedestrian lamp at the end.
from kit import buttons, sleep_ms, strip

RED, AMBER, GREEN = 0, 1, 2  # la place de chaque feu sur le ruban / each lamp's place
WALK = len(strip) - 1  # le feu piéton : la dernière LED / the pedestrian lamp: the last LED
GREEN_MS, AMBER_MS, RED_MS = 6000, 3000, 5000  # durée de chaque état / how long each state lasts
MIN_GREEN_MS = 2000  # les voitures ont toujours au moins 2 s de vert / cars always get 2 s


def show(state):
    # allume le feu de l'état, éteint les autres / light the state's lamp, the others off
    strip.fill((0, 0, 0))
    if state == "green":
        strip[GREEN] = (0, 255, 0)
    elif state == "amber":
        strip[AMBER] = (255, 100, 0)
    else:
        strip[RED] = (255, 0, 0)
    # le feu piéton : vert seulement quand les voitures ont le rouge / green only on cars' red
    if state == "red":
        strip[WALK] = (0, 255, 0)
    else:
        strip[WALK] = (255, 0, 0)
    strip.show()


state = "green"
elapsed = 0  # millisecondes passées dans cet état / milliseconds spent in this state
request = False  # un piéton attend-il ? / is a pedestrian waiting?
while True:
    pressed = buttons.a.was_pressed()  # à chaque tour : on oublie les appuis d'avant / each turn
    if pressed and state == "green":
        request = True
    if state == "green" and (elapsed >= GREEN_MS or (request and elapsed >= MIN_GREEN_MS)):
        state = "amber"
        elapsed = 0
        request = False
    elif state == "amber" and elapsed >= AMBER_MS:
        state = "red"
        elapsed = 0
    elif state == "red" and elapsed >= RED_MS:
        state = "green"
        elapsed = 0
    show(state)
    sleep_ms(100)
    elapsed = elapsed + 100
