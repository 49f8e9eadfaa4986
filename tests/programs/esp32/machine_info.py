# CPU frequency, reset cause and a frequency change.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (General board control)
# On the board: 160 MHz by default, PWRON_RESET (1) after power-on; freq() accepts 240 MHz.
# > 160000000
# > 1
# > 240000000
import machine

print(machine.freq())
print(machine.reset_cause())
machine.freq(240000000)
print(machine.freq())
