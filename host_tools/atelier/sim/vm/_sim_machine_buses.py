# UART, SPI, SoftSPI and RTC of a simulated Pico / ESP32 (MicroPython code, runs in the VM),
# loaded by `machine` on first use: the shims are ROM on the board, heap in the VM.
import _simhost
import _simproto as _P
import _simtime
from _sim_machine import _ESP32, _find

_SYS_HZ = 125000000


# Serial buses with nothing wired to them (MicroPython 1.22: ports/rp2/machine_uart.c and
# machine_spi.c, ports/esp32/machine_uart.c and machine_hw_spi.c, extmod for SoftSPI): the
# port's default pins, pin checks and reprs; what is sent takes the line's time, nothing answers.
if _ESP32:
    _UART_PINS = {0: (1, 3), 1: (10, 9), 2: (17, 16)}  # (tx, rx)
    _SPI_PINS = {1: (14, 13, 12), 2: (18, 23, 19)}  # (sck, mosi, miso): HSPI and VSPI's IO_MUX
else:
    _UART_PINS = {0: (0, 1), 1: (4, 5)}
    _SPI_PINS = {0: (18, 19, 16), 1: (10, 11, 8)}  # the Pico's PICO_DEFAULT_SPI is 0


def _line_time(nbytes, bits_per_byte, baud):
    _simtime.sleep_us(nbytes * bits_per_byte * 1000000 // max(1, baud))


class UART:
    INV_TX = 1 if not _ESP32 else 0x20
    INV_RX = 2 if not _ESP32 else 0x4
    CTS = 1
    RTS = 2

    def __init__(
        self,
        id,
        baudrate=115200,
        bits=8,
        parity=None,
        stop=1,
        *,
        tx=None,
        rx=None,
        timeout=0,
        timeout_char=None,
        txbuf=256,
        rxbuf=256,
        invert=0,
        **kw,
    ):
        if id not in _UART_PINS:
            raise ValueError(
                ("UART(%d) does not exist" if _ESP32 else "UART(%d) doesn't exist") % id
            )
        self._id = id
        self._tx, self._rx = _UART_PINS[id]
        if tx is not None:
            self._tx = _find(tx)
            if not _ESP32 and not (self._tx & 3 == 0 and ((self._tx + 4) & 8) >> 3 == id):
                raise ValueError("bad TX pin")
        if rx is not None:
            self._rx = _find(rx)
            if not _ESP32 and not (self._rx & 3 == 1 and ((self._rx + 4) & 8) >> 3 == id):
                raise ValueError("bad RX pin")
        self.init(
            baudrate,
            bits,
            parity,
            stop,
            timeout=timeout,
            timeout_char=timeout_char,
            txbuf=txbuf,
            rxbuf=rxbuf,
            invert=invert,
        )

    def init(
        self,
        baudrate=115200,
        bits=8,
        parity=None,
        stop=1,
        *,
        timeout=0,
        timeout_char=None,
        txbuf=256,
        rxbuf=256,
        invert=0,
        **kw,
    ):
        self._baud, self._bits, self._parity, self._stop = baudrate, bits, parity, stop
        self._timeout, self._txbuf, self._rxbuf, self._invert = timeout, txbuf, rxbuf, invert
        least = 0 if _ESP32 else 13000 // baudrate + 1
        self._timeout_char = max(timeout_char or 0, least)

    def __repr__(self):
        parity = "None" if self._parity is None else str(self._parity)
        if _ESP32:
            div = (80000000 << 4) // self._baud  # the baud rate the UART's divider gives
            out = "UART(%d, baudrate=%d, bits=%d, parity=%s, stop=%d, tx=%d, rx=%d, rts=-1, "
            out += "cts=-1, txbuf=%d, rxbuf=%d, timeout=%d, timeout_char=%d)"
            return out % (
                self._id,
                (80000000 << 4) // div,
                self._bits,
                parity,
                self._stop,
                self._tx,
                self._rx,
                self._txbuf,
                self._rxbuf,
                self._timeout,
                self._timeout_char,
            )
        invert = ("None", "INV_TX", "INV_RX", "INV_TX|INV_RX")[self._invert & 3]
        out = "UART(%d, baudrate=%d, bits=%d, parity=%s, stop=%d, tx=%d, rx=%d, txbuf=%d, "
        out += "rxbuf=%d, timeout=%d, timeout_char=%d, invert=%s)"
        return out % (
            self._id,
            self._baud,
            self._bits,
            parity,
            self._stop,
            self._tx,
            self._rx,
            self._txbuf,
            self._rxbuf,
            self._timeout,
            self._timeout_char,
            invert,
        )

    def write(self, buf):
        _line_time(len(buf), 2 + self._bits, self._baud)
        return len(buf)

    def _wait(self):
        _simtime.sleep_us(self._timeout * 1000)  # nothing comes on the RX pin
        return None

    def read(self, nbytes=None):
        return self._wait()

    def readline(self):
        return self._wait()

    def readinto(self, buf, nbytes=None):
        return self._wait()

    def any(self):
        return 0

    def txdone(self):
        return True

    def flush(self):
        pass

    def sendbreak(self):
        pass

    def deinit(self):
        pass


def _rp2_spi_baud(baud):
    # pico-sdk spi_set_baudrate at 125 MHz: an even prescale, then a post-divider
    prescale = 2
    while prescale <= 254 and _SYS_HZ >= (prescale + 2) * 256 * baud:
        prescale += 2
    post = 256
    while post > 1 and _SYS_HZ // (prescale * (post - 1)) <= baud:
        post -= 1
    return _SYS_HZ // (prescale * post)


class SPI:
    MSB = 0 if _ESP32 else 1
    LSB = 1 if _ESP32 else 0

    def __init__(
        self,
        id,
        baudrate=None,
        *,
        polarity=0,
        phase=0,
        bits=8,
        firstbit=None,
        sck=None,
        mosi=None,
        miso=None,
    ):
        if id not in _SPI_PINS:
            raise ValueError("SPI(%d) doesn't exist" % id)
        self._id = id
        pins = list(_SPI_PINS[id])
        for i, (pin, name, low) in enumerate(
            ((sck, "SCK", 2), (mosi, "MOSI", 3), (miso, "MISO", 0))
        ):
            if pin is not None:
                pins[i] = _find(pin)
                if not _ESP32 and not (pins[i] & 3 == low and (pins[i] & 8) >> 3 == id):
                    raise ValueError("bad %s pin" % name)
        self._sck, self._mosi, self._miso = pins
        self.init(baudrate, polarity=polarity, phase=phase, bits=bits, firstbit=firstbit)

    def init(self, baudrate=None, *, polarity=0, phase=0, bits=8, firstbit=None, **kw):
        if baudrate is None:
            baudrate = 500000 if _ESP32 else 1000000
        if _ESP32:
            self._baud = 80000000 // -(-80000000 // baudrate)  # a whole divider of 80 MHz
        else:
            self._baud = _rp2_spi_baud(baudrate)
        self._pol, self._pha, self._bits = polarity, phase, bits
        self._first = SPI.MSB if firstbit is None else firstbit

    def __repr__(self):
        if _ESP32:
            out = "SPI(id=%d, baudrate=%d, polarity=%d, phase=%d, bits=%d, firstbit=%d, "
            out += "sck=%d, mosi=%d, miso=%d)"
            return out % (
                self._id,
                self._baud,
                self._pol,
                self._pha,
                self._bits,
                self._first,
                self._sck,
                self._mosi,
                self._miso,
            )
        out = "SPI(%d, baudrate=%d, polarity=%d, phase=%d, bits=%d, sck=%d, mosi=%d, miso=%d)"
        return out % (
            self._id,
            self._baud,
            self._pol,
            self._pha,
            self._bits,
            self._sck,
            self._mosi,
            self._miso,
        )

    def write(self, buf):
        _line_time(len(buf), 8, self._baud)

    def _idle(self):
        # nothing drives MISO: every bit reads the level its pull leaves (a pull-up: 0xFF)
        if self._miso is None:
            return 0
        return 0xFF if int(_simhost.call(_P.PIN_GET_LEVEL, str(self._miso))) else 0

    def read(self, nbytes, write=0x00):
        _line_time(nbytes, 8, self._baud)
        return bytes([self._idle()] * nbytes)

    def readinto(self, buf, write=0x00):
        _line_time(len(buf), 8, self._baud)
        idle = self._idle()
        for i in range(len(buf)):
            buf[i] = idle

    def write_readinto(self, wbuf, rbuf):
        self.readinto(rbuf)

    def deinit(self):
        pass


class SoftSPI(SPI):
    MSB = 0
    LSB = 1

    def __init__(
        self,
        baudrate=500000,
        *,
        polarity=0,
        phase=0,
        bits=8,
        firstbit=0,
        sck=None,
        mosi=None,
        miso=None,
    ):
        self._sck, self._mosi, self._miso = (
            None if p is None else _find(p) for p in (sck, mosi, miso)
        )
        self.init(baudrate, polarity=polarity, phase=phase, bits=bits, firstbit=firstbit)

    def init(self, baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=0, **kw):
        self._baud = 500000 // max(1, 500000 // baudrate)  # whole µs per half clock
        self._pol, self._pha, self._bits, self._first = polarity, phase, bits, firstbit

    def __repr__(self):
        return "SoftSPI(baudrate=%d, polarity=%d, phase=%d, sck=%s, mosi=%s, miso=%s)" % (
            self._baud,
            self._pol,
            self._pha,
            self._sck,
            self._mosi,
            self._miso,
        )


# The real-time clock: the `time` shim keeps the calendar; RTC reads and sets it.
class RTC:
    def __init__(self, id=0):
        pass

    def datetime(self, t=None):
        import time

        if t is None:
            us = time.time_ns() // 1000
            y, mo, d, h, mi, s, wd, _yd = time.gmtime(us // 1000000)
            return (y, mo, d, wd, h, mi, s, us % 1000000 if _ESP32 else 0)
        y, mo, d, _wd, h, mi, s = t[:7]
        sub = t[7] if len(t) > 7 and _ESP32 else 0
        time.set_clock(time.mktime((y, mo, d, h, mi, s, 0, 0)), sub)

    if _ESP32:

        def init(self, t):
            self.datetime(t)

        def memory(self, data=None):
            return b""
