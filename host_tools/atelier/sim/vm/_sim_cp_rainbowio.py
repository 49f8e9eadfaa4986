# `rainbowio` of a simulated CircuitPython board: colorwheel, as shared-module/rainbowio does it.


def colorwheel(pos):
    """0-255 round the colour circle (red, green, blue, red) -> 0xRRGGBB."""
    pos = float(pos)
    pos -= int(pos / 256) * 256
    if pos < 85:
        shift1, shift2 = 8, 16
    elif pos < 170:
        pos -= 85
        shift1, shift2 = 0, 8
    else:
        pos -= 170
        shift1, shift2 = 16, 0
    p = min(int(pos * 3), 255)
    return (p << shift1) | ((255 - p) << shift2)
