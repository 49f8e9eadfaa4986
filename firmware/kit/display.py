"""display: show pictures, numbers and text on the board's LEDs (afficheur).

Example:
    from kit import display
    display.show("A")
    display.arrow(90)   # an arrow pointing to the right
"""

from kit import hw as _hw


def show(image_or_text):
    """Show an image (e.g. display.HEART, or your own "09090:99999:99999:09990:00900"), a
    number or text.

    Example: display.show(42)
    """
    _hw.show(image_or_text)


def scroll(text):
    """Scroll text across the display (waits until it is done).

    Example: display.scroll("Bonjour")
    """
    _hw.scroll(text)


def clear():
    """Turn every LED off.

    Example: display.clear()
    """
    _hw.clear()


def set_pixel(x, y, brightness=9):
    """Light the LED in column x, row y (0-4 from the top left), brightness 0 (off) to 9.

    Example: display.set_pixel(2, 2, 9)  # the LED in the middle
    """
    x, y, brightness = int(x), int(y), int(brightness)
    if not (0 <= x < 5 and 0 <= y < 5):
        raise ValueError(
            "set_pixel : x et y vont de 0 à 4, pas (%d, %d) / set_pixel: x and y go from 0 to "
            "4, not (%d, %d)" % (x, y, x, y)
        )
    _hw.set_pixel(x, y, max(0, min(9, brightness)))


def arrow(direction):
    """Show an arrow towards `direction` degrees: 0 = top edge, 90 = right, clockwise.

    Example: display.arrow(360 - compass.heading())  # points north
    """
    _hw.arrow(((int(direction) + 22) % 360) // 45)


def __getattr__(name):
    # Built-in images of the board (display.HEART, display.HAPPY, ...).
    return _hw.image(name)


# Without module __getattr__ (the micro:bit V1), the images the lesson names are set here
# (the bundle lists them in kitconfig.IMAGES).
try:
    from kitconfig import IMAGES
except ImportError:
    IMAGES = ()
for _name in IMAGES:
    try:
        globals()[_name] = _hw.image(_name)
    except AttributeError:  # not an image of this board: display.FOO fails where it is used
        pass
