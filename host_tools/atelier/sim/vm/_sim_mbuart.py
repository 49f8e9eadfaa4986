# microbit.uart of a simulated micro:bit (MicroPython code, runs in the VM), loaded on first
# use. As on the board (microbituart.cpp on the V1, microbit_uart.c on the V2): the USB serial
# line the REPL uses; read() and readline() never wait for bytes that are not there yet (None
# when nothing came), readline() gives what came so far if its newline has not; write() sends
# the bytes as they are (print() writes "\r\n" for "\n"), at the line's speed.
import _sim_notsim
import _simhost
import _simproto as _P

ODD = 1
EVEN = 2 if _simhost.runtime_version < (1, 12) else 0  # the V1: mbed ParityEven


def init(baudrate=9600, bits=8, parity=None, stop=1, *, pins=None, tx=None, rx=None):
    if pins is not None or tx is not None or rx is not None:
        _sim_notsim.refuse("uart on the edge pins")


def any():
    return _simhost.call(_P.UART_ANY) == "1"


def _read(arg):
    h = _simhost.call(_P.UART_READ, arg)
    if not h:
        return None
    return bytes(int(h[i : i + 2], 16) for i in range(0, len(h), 2))


def read(nbytes=-1):
    if nbytes == 0:
        return b""
    return _read(str(nbytes))


def readline(size=-1):
    if size == 0:
        return b""
    return _read("L" if size < 0 else "L%d" % size)


def readinto(buf, nbytes=-1):
    n = len(buf) if nbytes < 0 else min(nbytes, len(buf))
    data = read(n) if n else b""
    if data is None:
        return None
    buf[: len(data)] = data
    return len(data)


def write(buf):
    if isinstance(buf, str):
        buf = buf.encode()
    b = bytes(buf)
    _simhost.call(_P.UART_WRITE, "".join("%02x" % c for c in b))
    return len(b)
