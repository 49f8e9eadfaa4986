# A pin name the Circuit Playground Bluefruit does not have.
# Modelled on: the board's pins.c (D0-D13 with gaps, no D14). On the board: AttributeError.
#! AttributeError: 'module' object has no attribute 'D14'
import board

print(board.D14)
