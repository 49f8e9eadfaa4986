# `radio` of a simulated micro:bit: messages go through the host's shared world to the other
# simulated boards on the same channel, group and address.
import _simhost
import _simproto as _P

RATE_1MBIT = 1
RATE_2MBIT = 2
_cfg = {}


def on():
    _simhost.call(_P.RADIO_SET_ON, "1")  # at once: a message sent right now must reach this board


def off():
    _simhost.send(_P.RADIO_SET_ON, "0")


def config(**kw):
    for k in kw:
        if k not in ("length", "queue", "channel", "power", "address", "group", "data_rate"):
            raise TypeError("unexpected keyword argument '%s'" % k)
    if "channel" in kw and not 0 <= kw["channel"] <= 83:
        raise ValueError("value out of range for argument 'channel'")
    if "group" in kw and not 0 <= kw["group"] <= 255:
        raise ValueError("value out of range for argument 'group'")
    if "length" in kw and not 1 <= kw["length"] <= 251:
        raise ValueError("value out of range for argument 'length'")
    _simhost.send(_P.RADIO_CONFIG, _simhost.dumps(kw))


def reset():
    cfg = {"group": 0, "channel": 7, "length": 32, "queue": 3, "address": 0x75626974}
    _simhost.send(_P.RADIO_CONFIG, _simhost.dumps(cfg))


def send_bytes(message):
    _simhost.call(_P.RADIO_SEND, "".join("%02x" % b for b in bytes(message)))


def send(message):
    send_bytes(b"\x01\x00\x01" + message.encode())


def _recv():
    r = _simhost.call(_P.RADIO_RECEIVE)
    if not r:
        return None
    h, rssi, t = r.split()
    return bytes(int(h[i : i + 2], 16) for i in range(0, len(h), 2)), int(rssi), int(t)


def receive_bytes():
    r = _recv()
    return r[0] if r else None


def receive_full():
    return _recv()


def receive():
    m = receive_bytes()
    if m is None:
        return None
    if m[:3] != b"\x01\x00\x01":
        raise ValueError("received packet is not a string")
    return m[3:].decode()


def receive_bytes_into(buffer):
    m = receive_bytes()
    if m is None:
        return None
    n = min(len(buffer), len(m))
    buffer[:n] = m[:n]
    return n


on()  # importing radio turns it on, as on the board (modradio.c's __init__)
