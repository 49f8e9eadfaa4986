# A radio message longer than the radio can carry.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/radio.html (config length:
# up to 251). On the board (src/codal_port/modradio.c): the error names the argument.
#! ValueError: value out of range for argument 'length'
import radio

radio.config(length=300)
