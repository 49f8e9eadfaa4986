# time.time() on a board that nobody set.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/time/ (the RTC starts at
# 2000-01-01; the epoch is 1970). On the board: 946684800 seconds, plus the time since reset.
# > True
import time

print(946684800 <= time.time() < 946684800 + 5)
