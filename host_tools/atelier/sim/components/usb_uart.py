"""The micro:bit's serial line as its program reads it (`microbit.uart`): the bytes the
computer sent over USB wait in the receive buffer until read (`UART_*`).

A served board (sim/serve.py) gives its serial line's held input (`serial_rx`) and takes the
program's writes as they are (`serial_write`: print() adds a CR before each LF, write() not); a
board that is not served has nothing plugged in: its buffer (`rx`) is what a test puts there,
and what the program writes is its output, as print()'s is."""

from __future__ import annotations

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

BYTE_US = 87  # a byte at 115 200 baud (10 bits): write() waits until the last one is out


class UsbUart:
    def __init__(self, board):
        self._board = board
        self.rx = bytearray()  # what arrived, when no serial line is served
        # bytes the receive buffer keeps unread (the next are lost): the V1's runtime 1.1.1 a
        # ring of 64 (mphalport.cpp UART_RX_BUF_SIZE), the V2's CODAL serial a ring of 128
        # (main.cpp setRxBufferSize(128)); a ring keeps one less than its size
        v1 = board.type.firmware_version.startswith("1.")
        self.rx_size = 63 if v1 else 127

    def _buffer(self) -> bytearray:
        held = getattr(self._board, "serial_rx", None)
        return self.rx if held is None else held

    @handles(P.UART_ANY)
    def uart_any(self, args):
        return "1" if self._buffer() else "0"

    @handles(P.UART_READ)
    def uart_read(self, args):
        buf = self._buffer()
        if not buf:
            return ""  # the stream says EAGAIN: read() and readline() give None
        if args[:1] == "L":  # readline(): byte by byte, up to a newline, a size, or what is there
            end = buf.find(b"\n")
            n = len(buf) if end < 0 else end + 1
            if len(args) > 1:
                n = min(n, int(args[1:]))
        else:
            n = len(buf) if int(args) < 0 else min(int(args), len(buf))
        out = bytes(buf[:n])
        del buf[:n]
        return out.hex()

    @handles(P.UART_WRITE)
    def uart_write(self, args):
        data = bytes.fromhex(args)
        board = self._board
        raw = getattr(board, "serial_write", None)
        if raw is not None:
            raw(data)
        else:
            from atelier.sim.board import Printed

            text = data.decode("utf-8", "replace")
            board.printed.append(Printed(board.time, text))
            if board.on_output:
                board.on_output(text)
        return Delay(len(data) * BYTE_US)
