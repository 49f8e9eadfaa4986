# microbit.i2c of a simulated micro:bit (MicroPython code, run in the VM): the edge
# connector's bus (P19 = SCL, P20 = SDA unless init() names other pins), with the chips
# boards.toml puts there; the host raises the runtime's errors (sim/components/microbit_i2c.py).
import _simhost
import _simproto as _P

_call = _simhost.call
_bus = None


def _name():
    if _bus is None:
        init()
    return _bus


def init(freq=100000, sda=None, scl=None):
    global _bus
    scl = 19 if scl is None else scl._n
    sda = 20 if sda is None else sda._n
    _bus = _call(_P.I2C_OPEN, "-1 %d %d %d" % (scl, sda, freq))


def scan():
    r = _call(_P.I2C_SCAN, _name())
    return [int(a) for a in r.split()] if r else []


def read(addr, n, repeat=False):
    got = _call(_P.I2C_READ, "%s %d %d" % (_name(), addr, n))
    return bytes(int(got[i : i + 2], 16) for i in range(0, len(got), 2))


def write(addr, buf, repeat=False):
    data = "".join("%02x" % b for b in bytes(buf))
    _call(_P.I2C_WRITE, "%s %d %s" % (_name(), addr, data))
