# Count presses of button A while the program sleeps.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/button.html
# On the board: presses are remembered; was_pressed() then reads False the second time.
# run: 2
# press: A 0.3
# press: A 0.8
# > 2
# > True False
# > False
from microbit import button_a, button_b, sleep

sleep(1500)
print(button_a.get_presses())
print(button_a.was_pressed(), button_a.was_pressed())
print(button_b.is_pressed())
