# A Timer toggles the LED four times, then stops itself; main.py ends first.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Timers) and
# https://docs.micropython.org/en/v1.22.0/library/machine.Timer.html
# On the board: "started" at once, then the callback runs every 250 ms from the REPL.
# run: 2
# > started
# > tick 1 1
# > tick 2 0
# > tick 3 1
# > tick 4 0
from machine import Pin, Timer

led = Pin("LED", Pin.OUT, value=0)
count = 0


def tick(timer):
    global count
    count += 1
    led.toggle()
    print("tick", count, led.value())
    if count == 4:
        timer.deinit()


Timer(period=250, mode=Timer.PERIODIC, callback=tick)
print("started")
