# The microphone on a micro:bit V1.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/microphone.html (V2 only)
# On the board: the V1 has no microphone; MicroPython 1.9's ImportError names microbit.
# board: microbit-v1
#! ImportError: cannot import name microphone
from microbit import microphone

print(microphone.sound_level())
