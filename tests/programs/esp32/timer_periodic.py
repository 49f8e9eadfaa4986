# Hardware timer 0 calls back every 200 ms; main.py ends first.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Timers)
# On the board: the callback keeps running from the REPL after main.py.
# run: 1.5
# > main done
# > tick 1
# > tick 2
# > tick 3
from machine import Timer

n = 0


def tick(t):
    global n
    n += 1
    print("tick", n)
    if n == 3:
        t.deinit()


tim = Timer(0)
tim.init(period=200, mode=Timer.PERIODIC, callback=tick)
print("main done")
