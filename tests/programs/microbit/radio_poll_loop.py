# Poll the radio in a tight loop, without sleeping, for one second of running time.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/radio.html (receive_bytes)
# On the board: each receive costs time, so running_time() moves on and the loop ends.
# > done True
import radio
from microbit import running_time

start = running_time()
polls = 0
while running_time() - start < 1000:
    radio.receive_bytes()
    polls += 1
print("done", polls > 100)
