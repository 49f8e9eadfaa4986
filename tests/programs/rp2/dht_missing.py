# Read a DHT22 that is not plugged in.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (DHT driver)
# On the board: the sensor never answers, measure() raises OSError ETIMEDOUT.
#! OSError: [Errno 110] ETIMEDOUT
import dht
from machine import Pin

sensor = dht.DHT22(Pin(22))
sensor.measure()
print(sensor.temperature())
