# A pin interrupt counts presses of a button wired from GP14 to GND.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.Pin.html (Pin.irq)
# On the board: the handler runs at each falling edge, while the main loop sleeps.
# run: 2
# press: A 0.5
# press: A 1.2
# > presses: 2
import time

from machine import Pin

presses = 0


def pressed(pin):
    global presses
    presses += 1


button = Pin(14, Pin.IN, Pin.PULL_UP)
button.irq(pressed, Pin.IRQ_FALLING)
time.sleep(1.8)
print("presses:", presses)
