# Alarme de casier, étape 1 : la carte sent la porte
# Locker alarm, step 1: the board feels the door
from kit import display, door, sleep_ms

while True:
    if door.is_open():
        display.show(display.SURPRISED)  # porte ouverte / door open
    else:
        display.show(display.ASLEEP)  # porte fermée / door closed
    sleep_ms(100)
