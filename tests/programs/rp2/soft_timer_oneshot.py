# A one-shot Timer fires once, 500 ms after it is started.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.Timer.html
# On the board: the callback runs once, at about 500 ms.
# run: 2
# > armed
# > fired at 500
import time

from machine import Timer

start = time.ticks_ms()
Timer(
    mode=Timer.ONE_SHOT,
    period=500,
    callback=lambda t: print("fired at", time.ticks_diff(time.ticks_ms(), start)),
)
print("armed")
