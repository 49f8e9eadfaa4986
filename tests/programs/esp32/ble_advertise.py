# Turn on Bluetooth Low Energy.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/bluetooth.html
# On the board: BLE starts; the simulator has no Bluetooth and says so in one line.
#! NotImplementedError: ...Bluetooth... is not simulated; try this part on the real board
import bluetooth

ble = bluetooth.BLE()
ble.active(True)
print(ble.config("mac"))
