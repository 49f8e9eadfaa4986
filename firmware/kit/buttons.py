"""buttons: the board's push buttons a and b (boutons).

Example:
    from kit import buttons
    if buttons.a.was_pressed():
        print("A")
"""

from kit import hw as _hw

# Each button has is_pressed() (held down now) and was_pressed() (pressed since last asked).
a = _hw.button_a
b = _hw.button_b
