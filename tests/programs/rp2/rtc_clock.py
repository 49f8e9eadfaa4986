# Set the real-time clock and read it two seconds later.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Real time clock)
# On the board: RTC.datetime() is (year, month, day, weekday, hours, minutes, seconds, subseconds).
# > (2024, 1, 2, 1, 12, 0, 2, 0)
import time

from machine import RTC

rtc = RTC()
rtc.datetime((2024, 1, 2, 1, 12, 0, 0, 0))
time.sleep(2)
print(rtc.datetime())
