# Dim an image and add two images.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/image.html (Image
# operations). On the board (microbit_image.c, image_dim): * scales and rounds half up
# (9 x 0.5 -> 5), + adds and caps at 9.
# > Image('00000:09090:00000:90009:09990:')
# > Image('00000:05050:00000:50005:05550:')
# > Image('09090:99999:99999:99999:09990:')
from microbit import Image

print(repr(Image.HAPPY))
print(repr(Image.HAPPY * 0.5))
print(repr(Image.HEART + Image.HAPPY))
