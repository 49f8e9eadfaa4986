# The internal temperature sensor on ADC(4), converted as the RP2040 datasheet says.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (ADC)
# On the board: a room temperature (the world here is at 21 C) and a 16-bit reading.
# > True
# > 21
from machine import ADC

sensor = ADC(4)
raw = sensor.read_u16()
print(0 <= raw <= 65535)
volts = raw * 3.3 / 65535
print(round(27 - (volts - 0.706) / 0.001721))
