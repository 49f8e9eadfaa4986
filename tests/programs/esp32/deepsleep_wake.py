# Deep sleep for half a second; on waking the board starts main.py again.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Deep-sleep mode)
# On the board: PWRON_RESET (1) first, then DEEPSLEEP_RESET (4) after the wake-up.
# run: 2
# > 1 False
# > 4 True
import machine

woke = machine.reset_cause() == machine.DEEPSLEEP_RESET
print(machine.reset_cause(), woke)
if not woke:
    machine.deepsleep(500)
