# The time module: the epoch, gmtime, mktime and tick arithmetic.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/time.html
# On the board: the rp2 port's epoch is 1970 (MICROPY_EPOCH_IS_1970).
# > (1970, 1, 1, 0, 0, 0, 3, 1)
# > 1704067200
# > (2024, 2, 29, 12, 0, 0, 3, 60)
# > 100
import time

print(time.gmtime(0))
print(time.mktime((2024, 1, 1, 0, 0, 0, 0, 0)))
print(time.localtime(1709208000))
start = time.ticks_ms()
time.sleep_ms(100)
print(time.ticks_diff(time.ticks_ms(), start))
