# A PIO program blinks the LED.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Programmable IO)
# On the board: the LED blinks; the simulator has no PIO and says so in one line.
#! NotImplementedError: rp2.StateMachine (PIO) is not simulated; try this part on the real board
import rp2
from machine import Pin


@rp2.asm_pio(set_init=rp2.PIO.OUT_LOW)
def blink():
    wrap_target()  # noqa: F821 - PIO instructions exist inside the decorator
    set(pins, 1)  # noqa: F821
    set(pins, 0)  # noqa: F821
    wrap()  # noqa: F821


sm = rp2.StateMachine(0, blink, freq=2000, set_base=Pin(25))
sm.active(1)
