# What the board says it is.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/os/ (uname) and
# ports/nordic/common-hal/os/__init__.c. On the board: the nRF52 port's names.
# > nrf52 nrf52
# > Adafruit Circuit Playground Bluefruit with nRF52840
# > True
import os

u = os.uname()
print(u.sysname, u.nodename)
print(u.machine)
print(u.release.startswith("9."))
