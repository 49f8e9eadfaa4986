"""hw_microbit: the kit's backend for the BBC micro:bit, on its `microbit` and `music` modules.

Example:
    from kit import hw
    hw.heading()
"""

import music
from kitconfig import DOOR_THRESHOLD_NT
from microbit import Image, accelerometer, display
from microbit import button_a as button_a  # re-exported: kit.buttons.a
from microbit import button_b as button_b  # re-exported: kit.buttons.b
from microbit import compass as _compass


def heading():
    return _compass.heading()


def calibrate():
    _compass.calibrate()


def field_strength():
    return _compass.get_field_strength()


def tone(frequency_hz, duration_ms, wait):
    music.pitch(int(frequency_hz), int(duration_ms), wait=wait)


def play(melody, wait):
    music.play(melody, wait=wait)


def stop():
    music.stop()


def show(x):
    # a picture of the pupil's own, written as the kit's other boards take it: "09090:99999:..."
    if isinstance(x, str) and len(x) == 29 and x[5] == ":" and x.replace(":", "").isdigit():
        x = Image(x)
    display.show(x)


def set_pixel(x, y, v):
    display.set_pixel(x, y, v)


def scroll(text):
    display.scroll(str(text))


def clear():
    display.clear()


def arrow(i):
    display.show(Image.ALL_ARROWS[i])


def image(name):
    return getattr(Image, name)


def acceleration():
    return accelerometer.get_values()


def was_shaken():
    return accelerometer.was_gesture("shake")


def door_open():
    return _compass.get_field_strength() < DOOR_THRESHOLD_NT


def temperature():
    from microbit import temperature as t

    return t()


def pressure():
    raise OSError("pas de capteur de pression sur cette carte / no pressure sensor on this board")


def humidity():
    # a DHT20 / AHT20 module on the edge connector's I2C bus (P19 = SCL, P20 = SDA)
    from aht20 import AHT20
    from microbit import i2c

    return AHT20(i2c).humidity()


def analog(pin):
    """A reader of edge pin `pin`'s voltage, 0.0-1.0 of 3.3 V (Grove analog modules)."""
    import microbit

    p = getattr(microbit, "pin%d" % pin)
    return lambda: p.read_analog() / 1023


# the micro:bit's radio: importing `radio` switches it on (once; later imports find it loaded)
def radio_group(n):
    import radio

    radio.config(group=n)


def radio_send(data, text):
    # a text message as radio.send() frames it (01 00 01): radio.receive() without the kit
    # reads it too
    import radio

    radio.send_bytes(b"\x01\x00\x01" + data if text else data)


def radio_receive():
    import radio

    m = radio.receive_bytes()
    if m and m[:3] == b"\x01\x00\x01":
        m = m[3:]
    return m
