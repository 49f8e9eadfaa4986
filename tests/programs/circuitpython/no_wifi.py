# Wi-Fi on the Circuit Playground Bluefruit (an nRF52840: Bluetooth, no Wi-Fi).
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/wifi/ (support matrix).
# On the board: the module does not exist.
#! ImportError: no module named 'wifi'
import wifi

print(wifi.radio)
