# Write a voltage on the DAC pin 25.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (DAC)
# On the board: the DAC takes 0-255; other pins are not DACs: ValueError "invalid Pin for DAC".
# > ok
#! ValueError: invalid Pin for DAC
from machine import DAC, Pin

dac = DAC(Pin(25))
dac.write(128)
print("ok")
DAC(Pin(2))
