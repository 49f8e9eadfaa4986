# The Circuit Playground Express's A0 on the Bluefruit.
# Modelled on: the board's pins.c (ports/nordic/boards/circuitplayground_bluefruit): the speaker
# pin is AUDIO/D12/SPEAKER, there is no A0 (nor A7). On the board: AttributeError.
#! AttributeError: 'module' object has no attribute 'A0'
import board

print(board.A0)
