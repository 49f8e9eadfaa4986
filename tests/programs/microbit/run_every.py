# A function that runs every 300 ms with run_every while the main program sleeps.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/microbit.html (run_every)
# On the board: first call one period after the decoration, then every period; they stop
# when main.py returns (src/codal_port/main.c stops the soft timers).
# > tick 300
# > tick 600
# > tick 900
# > end
from microbit import run_every, running_time, sleep

start = running_time()


@run_every(ms=300)
def tick():
    print("tick", running_time() - start)


sleep(1000)
print("end")
