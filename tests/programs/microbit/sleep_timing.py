# running_time() around a sleep.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/microbit.html (sleep)
# On the board: sleep(250) lasts 250 ms.
# > 250
from microbit import running_time, sleep

start = running_time()
sleep(250)
print(running_time() - start)
