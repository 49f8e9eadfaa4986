# `board` of a simulated CircuitPython board: one Pin per name the host's board has.
import _simhost
from _sim_cp import I2C as _I2C
from _sim_cp import Pin as _Pin

for _name in _simhost.call("cb").split():
    globals()[_name] = _Pin(_name)

_i2c = None


def I2C():  # noqa: N802 - CircuitPython's name
    """The board's default I2C bus (the SCL/SDA pads), shared by every caller."""
    global _i2c
    if _i2c is None:
        _i2c = _I2C(SCL, SDA)  # noqa: F821 - created from the host's pin names above
    return _i2c


STEMMA_I2C = I2C
