# Read an analog pad and its reference voltage.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/analogio/
# On the board: value is 16-bit (0-65535), the reference 3.3 V; a pad at 0 V reads low.
# > True
# > 3.3
import analogio
import board

pad = analogio.AnalogIn(board.A1)
print(0 <= pad.value < 1000)
print(pad.reference_voltage)
