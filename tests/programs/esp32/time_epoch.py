# The time module on the ESP32: its epoch is 2000.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/time.html
# On the board: gmtime(0) is midnight, 1 January 2000 (a Saturday, weekday 5).
# > (2000, 1, 1, 0, 0, 0, 5, 1)
# > 757382400
# > True
import time

print(time.gmtime(0))
print(time.mktime((2024, 1, 1, 0, 0, 0, 0, 0)))
print(time.time_ns() // 1_000_000_000 == time.time())
