# Print pins by their aliases.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/board/ and the board's
# pins.c (ports/nordic/boards/circuitplayground_bluefruit): a pin prints by the first of its
# names in the board table (LED before L and D13; AUDIO before D12 and SPEAKER).
# > board.LED
# > board.AUDIO
# > True
# > board.A1
import board

print(board.D13)
print(board.SPEAKER)
print(board.L is board.LED)
print(board.SCK)
