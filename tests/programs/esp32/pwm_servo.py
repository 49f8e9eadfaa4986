# A hobby servo at 50 Hz, its pulse set in nanoseconds.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (PWM: duty_ns)
# On the board: 1.5 ms of a 20 ms period is 7.5 %: duty_u16 about 4915.
# > 50
# > True
from machine import PWM, Pin

servo = PWM(Pin(13), freq=50)
servo.duty_ns(1_500_000)
print(servo.freq())
print(abs(servo.duty_u16() - 4915) <= 2)
