# Dim an LED with the ESP32's PWM (LEDC) and print it.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (PWM)
# On the board (ports/esp32/machine_pwm.c): 5 kHz on the 80 MHz APB clock gives a 13-bit
# timer; duty=512 of 1024 is half; the first channel of high-speed mode 0, timer 0;
# duty_u16(65535) keeps 13 bits (8191), read back as 10 bits: 1023 (set_duty_u16/get_duty_u10).
# > PWM(Pin(2), freq=5000, duty=512, resolution=13, (duty=50.00%, resolution=0.012%), mode=0, channel=0, timer=0)
# > 5000 512 32768
# > 1023
from machine import PWM, Pin

pwm = PWM(Pin(2), freq=5000, duty=512)
print(pwm)
print(pwm.freq(), pwm.duty(), pwm.duty_u16())
pwm.duty_u16(65535)
print(pwm.duty())
pwm.deinit()
