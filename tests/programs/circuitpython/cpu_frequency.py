# The processor's clock and the non-volatile memory.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/microcontroller/
# On the board: the nRF52840 runs at 64 MHz; nvm is 8 KB on the nordic port.
# > 64000000
# > 8192
import microcontroller

print(microcontroller.cpu.frequency)
print(len(microcontroller.nvm))
