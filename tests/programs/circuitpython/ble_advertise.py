# Turn on the Bluetooth adapter.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/_bleio/
# On the board: the adapter starts; the simulator has no Bluetooth and says so in one line.
#! NotImplementedError: ... is not simulated; try this part on the real board
import _bleio

_bleio.adapter.enabled = True
print(_bleio.adapter.address)
