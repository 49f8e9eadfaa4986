# rainbowio.colorwheel gives a 24-bit colour.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/rainbowio/
# On the board: 0 is red (0xFF0000), 85 green (0x00FF00).
# > ff0000
# > 00ff00
from rainbowio import colorwheel

print("%06x" % colorwheel(0))
print("%06x" % colorwheel(85))
