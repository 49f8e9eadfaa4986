# Dim the LED with PWM and print the PWM object.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (PWM)
# On the board (ports/rp2/machine_pwm.c): GPIO25 is slice 4, channel B (1).
# > <PWM slice=4 channel=1 invert=0>
# > 1000
from machine import PWM, Pin

pwm = PWM(Pin(25))
pwm.freq(1000)
pwm.duty_u16(32768)
print(pwm)
print(pwm.freq())
pwm.deinit()
