# What a simulated board has but the simulator does not model (Wi-Fi, Bluetooth, ESP-NOW, the
# raw flash): importing works as on the board, using it says so in one line (MicroPython code).
import _simhost
import _simproto as _P


def refuse(feature):
    _simhost.call(_P.NOT_SIMULATED, feature)


def refusing(feature):
    """A class whose construction says `feature` is not simulated."""

    class Refused:
        def __init__(self, *args, **kw):
            refuse(feature)

    return Refused
