# Read an analog pin with 11 dB attenuation (full 0-3.3 V range).
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (ADC)
# On the board: read() is 0-4095, read_u16() 0-65535, read_uv() microvolts; a pin at 0 V.
# > 0 0
# > True
from machine import ADC, Pin

adc = ADC(Pin(34), atten=ADC.ATTN_11DB)
print(adc.read(), adc.read_u16())
print(adc.read_uv() < 200_000)
