# Connect to a Wi-Fi network.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Networking)
# On the board: the station connects; the simulator has no Wi-Fi and says so in one line.
#! NotImplementedError: ...Wi-Fi... is not simulated; try this part on the real board
import network

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("school", "password")
print(wlan.isconnected())
