# The clock of a board just powered on.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (RTC)
# On the board: the RTC starts at 2000-01-01 00:00:00 (a Saturday: weekday 5) and runs.
# run: 3
# > (2000, 1, 1, 0, 0, 2, 5, 1)
import time

time.sleep(2)
print(time.localtime())
