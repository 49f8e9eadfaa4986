# Scan a OneWire bus for DS18B20 sensors when none is wired.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (OneWire driver)
# On the board: an empty bus scans to an empty list.
# > []
import ds18x20
import onewire
from machine import Pin

ds = ds18x20.DS18X20(onewire.OneWire(Pin(22)))
print(ds.scan())
