# The processor's temperature sensor and the board's thermistor pin.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/microcontroller/
# On the board: cpu.temperature is a float in degrees C (a room at 21 C here).
# > <class 'float'>
# > True
import microcontroller

t = microcontroller.cpu.temperature
print(type(t))
print(15 < t < 30)
