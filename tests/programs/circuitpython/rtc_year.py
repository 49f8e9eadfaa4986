# The time of day on a board that nobody set.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/time/ (localtime: the
# RTC starts at 2000-01-01). On the board: year 2000.
# > 2000 1 1
import time

now = time.localtime()
print(now.tm_year, now.tm_mon, now.tm_mday)
