# What the board says about itself: CPU frequency, reset cause, unique id length.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (General board control)
# and https://docs.micropython.org/en/v1.22.0/library/machine.html
# On the board: 125 MHz, powered on (PWRON_RESET), an 8-byte unique id.
# > 125000000
# > True
# > 8
import machine

print(machine.freq())
print(machine.reset_cause() == machine.PWRON_RESET)
print(len(machine.unique_id()))
