# Show a built-in image and print it, as str() and as repr().
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/image.html
# On the board (src/codal_port/microbit_image.c): print() puts one row per line.
# > Image(
# >     '09090:'
# >     '99999:'
# >     '99999:'
# >     '09990:'
# >     '00900:'
# > )
# > Image('00000:00000:00900:00000:00000:')
from microbit import Image, display

display.show(Image.HEART)
print(Image.HEART)
dot = Image(5, 5)
dot.set_pixel(2, 2, 9)
print(repr(dot))
