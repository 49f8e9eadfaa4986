# `radio` of a simulated micro:bit (V1 and V2), as modradio.cpp (V1 1.1.1) and
# codal_port/modradio.c (V2 2.1.2) behave: the settings are kept here and checked as the board
# checks them; the radio hardware (its queue, what it hears) is the host's
# (sim/components/radio.py, sim/air.py).
import _simhost
import _simproto as _P

RATE_1MBIT = 0  # RADIO_MODE_MODE_Nrf_1Mbit
RATE_2MBIT = 1
# length queue channel power(dBm) address group data_rate
_DEFAULTS = (32, 3, 7, 0, 0x75626974, 0, 0)
_POWER_DBM = (-30, -20, -16, -12, -8, -4, 0, 4)
_state = list(_DEFAULTS)
# the radio's buffer, from the heap as on the board (m_new): (queue + 1) x (length + 6) bytes,
# one slot for sending; None while the radio is off
_buf = [None]


def _settings():
    return " ".join(str(v) for v in _state)


def _int(v):
    # mp_obj_get_int_truncated: an int (or bool), else TypeError
    if isinstance(v, int):
        return int(v)
    raise TypeError("can't convert %s to int" % type(v).__name__)


def _allocate():
    _buf[0] = None  # the old buffer is freed first
    _buf[0] = _simhost.board_bytes((_state[1] + 1) * (_state[0] + 6))


def on():
    # radio_enable(): a new, empty queue; at once, so a message sent right now arrives
    _allocate()
    _simhost.call(_P.RADIO_SET_ON, "1 " + _settings())


def off():
    _buf[0] = None
    _simhost.call(_P.RADIO_SET_ON, "0")


def reset():
    # only the settings: the radio runs with the old ones until on() or config()
    _state[:] = _DEFAULTS


def config(*args, **kw):
    if args:
        raise TypeError("arguments must be keywords")
    new = list(_state)
    for name, value in kw.items():
        v = _int(value)
        if name == "length":
            ok = 1 <= v <= 251
            new[0] = v
        elif name == "queue":
            ok = 1 <= v <= 254
            new[1] = v
        elif name == "channel":
            ok = 0 <= v <= 83
            new[2] = v
        elif name == "power":
            ok = 0 <= v <= 7
            new[3] = _POWER_DBM[v] if ok else 0
        elif name == "data_rate":
            ok = v in (0, 1, 2)  # the V2 takes 2 (250 kbit/s) too, without its constant
            new[6] = v
        elif name == "address":
            ok = True
            new[4] = v & 0xFFFFFFFF
        elif name == "group":
            ok = 0 <= v <= 255
            new[5] = v
        else:
            raise ValueError("unknown argument '%s'" % name)
        if not ok:
            raise ValueError("value out of range for argument '%s'" % name)
    realloc = new[0] != _state[0] or new[1] != _state[1]
    _state[:] = new
    if realloc and _buf[0] is not None:
        _allocate()
    _simhost.call(_P.RADIO_CONFIG, ("1 " if realloc else "0 ") + _settings())


def _buffer(message):
    if isinstance(message, str):
        return message.encode()
    try:
        return bytes(memoryview(message))
    except TypeError:
        raise TypeError("object with buffer protocol required") from None


def _hex(data):
    return "".join("%02x" % b for b in data)


def send_bytes(message):
    _simhost.call(_P.RADIO_SEND, _hex(_buffer(message)))


def send(message):
    # mp_obj_str_get_data: str or bytes; the radio's header marks a string: 01 00 01
    if isinstance(message, str):
        data = message.encode()
    elif isinstance(message, bytes):
        data = message
    else:
        raise TypeError("can't convert '%s' object to str implicitly" % type(message).__name__)
    _simhost.call(_P.RADIO_SEND, "010001" + _hex(data))


def _recv():
    r = _simhost.call(_P.RADIO_RECEIVE)
    if not r:
        return None
    rssi, t, h = (r + " ").split(" ", 2)
    h = h.strip()
    return bytes(int(h[i : i + 2], 16) for i in range(0, len(h), 2)), int(rssi), int(t)


def receive_bytes():
    r = _recv()
    return r[0] if r else None


def receive_full():
    return _recv()


def receive():
    m = receive_bytes()  # both runtimes take the message out of the queue first
    if m is None:
        return None
    if m[:3] != b"\x01\x00\x01":
        raise ValueError("received packet is not a string")
    try:
        return m[3:].decode()
    except UnicodeError:  # the board makes a str of the bytes as they are (no UTF-8 check)
        return "".join(chr(b) for b in m[3:])


def receive_bytes_into(buffer):
    if isinstance(buffer, (bytes, str)):  # not writable
        raise TypeError("object with buffer protocol required")
    mv = memoryview(buffer)
    m = receive_bytes()
    if m is None:
        return None
    n = min(len(mv), len(m))
    mv[:n] = m[:n]
    return len(m)  # the message's length, even when the buffer took less


on()  # importing radio turns it on, as on the board (modradio's __init__)
