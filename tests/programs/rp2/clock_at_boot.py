# The time of day on a Pico that nobody set.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Real time clock) and
# ports/rp2/main.c, which starts the RTC at 2021-01-01 00:00 (a Friday, weekday 4).
# > (2021, 1, 1, 0, 0, 0, 4, 1)
# > 1609459200
import time

print(time.localtime())
print(time.time())
