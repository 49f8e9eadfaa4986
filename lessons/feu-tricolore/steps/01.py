# Feu tricolore / Traffic light
# Étape 1 : vert, orange, rouge, et on recommence. / Step 1: green, amber, red, and again.
from kit import sleep_ms, strip

RED, AMBER, GREEN = 0, 1, 2  # la place de chaque feu sur le ruban / each lamp's place


def show_lamp(lamp, color):
    # un seul feu allumé à la fois / one lamp on at a time
    strip.fill((0, 0, 0))
    strip[lamp] = color
    strip.show()


while True:
    show_lamp(GREEN, (0, 255, 0))
    sleep_ms(6000)  # vert : 6 s / green: 6 s
    show_lamp(AMBER, (255, 100, 0))
    sleep_ms(3000)  # orange : 3 s, comme en ville / amber: 3 s, as in town
    show_lamp(RED, (255, 0, 0))
    sleep_ms(5000)  # rouge : 5 s / red: 5 s
