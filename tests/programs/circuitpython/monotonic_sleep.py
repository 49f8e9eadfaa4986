# time.monotonic() around time.sleep().
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/time/
# On the board: sleep(0.5) lasts half a second.
# > 0.5
import time

start = time.monotonic()
time.sleep(0.5)
print(round(time.monotonic() - start, 2))
