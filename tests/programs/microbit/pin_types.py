# Each pin is of its kind: touch pins, analog pins, digital-only pins.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/pin.html (the pin
# classes) and src/codal_port/microbit_pin.c. On the board: a digital-only pin has no
# read_analog, and the error names its type.
# > <class 'MicroBitTouchPin'> <class 'MicroBitAnalogDigitalPin'> <class 'MicroBitTouchOnlyPin'>
# > 0
#! AttributeError: 'MicroBitDigitalPin' object has no attribute 'read_analog'
from microbit import pin0, pin3, pin8, pin_logo

print(type(pin0), type(pin3), type(pin_logo))
print(pin0.read_analog())
print(pin8.read_analog())
