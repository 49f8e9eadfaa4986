"""I2C on simulated boards: a bus, and chips modelled at the register level.

A device model answers transactions the way the datasheet says: a write sets the register
pointer (first byte) and writes the rest; a read returns bytes from the pointer on. Models
turn the board's `World` (temperature, field, acceleration...) into raw output registers, so a
driver reading them gets the physical quantity back. A missing address NAKs: the VM raises
`OSError: [Errno 19] ENODEV`, like MicroPython on a real board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.sim.devices import SimError

if TYPE_CHECKING:
    from atelier.sim.world import World

ENODEV = 19


class I2CDevice:
    """A chip on an I2C bus. Subclasses answer whole transactions."""

    def __init__(self, address: int):
        self.address = address
        self.world: World | None = None
        self.now_us = lambda: 0  # set by the bus: the board's virtual clock

    def write(self, data: bytes) -> None:
        """One write transaction (start, address+W, data..., stop or repeated start)."""

    def read(self, n: int) -> bytes:
        """One read transaction of n bytes."""
        return bytes(n)


class RegisterDevice(I2CDevice):
    """The common chip: 8-bit register pointer, auto-increment, hooks per register.

    Subclasses override `read_reg` / `write_reg` for live registers (outputs, status, control)
    and call `self.regs` for plain storage. `increment_mask`: some chips (LSM303AGR accel)
    only auto-increment when bit 7 of the register address is set; the mask strips it.
    """

    auto_increment = True
    increment_bit: int | None = None  # e.g. 0x80: increment only when set in the address

    def __init__(self, address: int):
        super().__init__(address)
        self.regs = bytearray(256)
        self.ptr = 0
        self._inc = True

    def _set_ptr(self, value: int) -> None:
        if self.increment_bit is not None:
            self._inc = bool(value & self.increment_bit)
            value &= ~self.increment_bit & 0xFF
        else:
            self._inc = self.auto_increment
        self.ptr = value & 0xFF

    def write(self, data: bytes) -> None:
        if not data:
            return
        self._set_ptr(data[0])
        for b in data[1:]:
            self.write_reg(self.ptr, b)
            if self._inc:
                self.ptr = (self.ptr + 1) & 0xFF

    def read(self, n: int) -> bytes:
        self.before_read(self.ptr, n)
        out = bytearray()
        for _ in range(n):
            out.append(self.read_reg(self.ptr) & 0xFF)
            if self._inc:
                self.ptr = (self.ptr + 1) & 0xFF
        return bytes(out)

    def before_read(self, start: int, n: int) -> None:
        """Called once per read transaction: refresh output registers from the world here."""

    def read_reg(self, reg: int) -> int:
        return self.regs[reg]

    def write_reg(self, reg: int, value: int) -> None:
        self.regs[reg] = value & 0xFF


class I2CBus:
    """One I2C bus of a simulated board and the chips on it."""

    def __init__(self, name: str, world: World, now_us):
        self.name = name
        self.world = world
        self.now_us = now_us
        self.devices: dict[int, I2CDevice] = {}

    def attach(self, device: I2CDevice) -> I2CDevice:
        device.world = self.world
        device.now_us = self.now_us
        self.devices[device.address] = device
        return device

    def detach(self, address: int) -> None:
        self.devices.pop(address, None)

    def scan(self) -> list[int]:
        return sorted(self.devices)

    def _dev(self, addr: int) -> I2CDevice:
        dev = self.devices.get(addr)
        if dev is None:
            raise SimError("OSError", str(ENODEV))
        return dev

    def writeto(self, addr: int, data: bytes) -> None:
        self._dev(addr).write(bytes(data))

    def readfrom(self, addr: int, n: int) -> bytes:
        return self._dev(addr).read(n)

    def writeto_then_readfrom(self, addr: int, data: bytes, n: int) -> bytes:
        dev = self._dev(addr)
        dev.write(bytes(data))
        return dev.read(n)

    @staticmethod
    def transfer_time_us(nbytes: int, freq: int) -> int:
        """Bus time of a transaction: 9 clocks a byte plus the address byte and start/stop."""
        return int((nbytes + 1) * 9 * 1_000_000 / max(1, freq)) + 10


class HostI2C:
    """A simulated bus seen from CPython, with both MicroPython's `machine.I2C` methods and
    CircuitPython's `busio.I2C` ones, so our drivers and Adafruit's can read the same chip
    models side by side (differential tests)."""

    def __init__(self, bus: I2CBus):
        self.bus = bus
        self._locked = False

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except SimError as e:
            raise OSError(int(e.message), "ENODEV") from None

    # -- machine.I2C ---------------------------------------------------------------------------
    def scan(self) -> list[int]:
        return self.bus.scan()

    def readfrom_mem(self, addr: int, memaddr: int, nbytes: int, *, addrsize: int = 8) -> bytes:
        return self._call(self.bus.writeto_then_readfrom, addr, bytes([memaddr]), nbytes)

    def readfrom_mem_into(self, addr: int, memaddr: int, buf, *, addrsize: int = 8) -> None:
        buf[:] = self.readfrom_mem(addr, memaddr, len(buf))

    def writeto_mem(self, addr: int, memaddr: int, buf, *, addrsize: int = 8) -> None:
        self._call(self.bus.writeto, addr, bytes([memaddr]) + bytes(buf))

    def readfrom(self, addr: int, nbytes: int, stop: bool = True) -> bytes:
        return self._call(self.bus.readfrom, addr, nbytes)

    # -- both (machine: stop=; busio: start=/end=) ---------------------------------------------
    def readfrom_into(self, addr: int, buf, stop: bool = True, *, start: int = 0, end=None):
        end = len(buf) if end is None else end
        buf[start:end] = self._call(self.bus.readfrom, addr, end - start)

    def writeto(self, addr: int, buf, stop: bool = True, *, start: int = 0, end=None) -> int:
        end = len(buf) if end is None else end
        self._call(self.bus.writeto, addr, bytes(buf[start:end]))
        return end - start

    # -- busio.I2C -----------------------------------------------------------------------------
    def writeto_then_readfrom(
        self, addr, buffer_out, buffer_in, *, out_start=0, out_end=None, in_start=0, in_end=None
    ) -> None:
        out_end = len(buffer_out) if out_end is None else out_end
        in_end = len(buffer_in) if in_end is None else in_end
        data = self._call(
            self.bus.writeto_then_readfrom,
            addr,
            bytes(buffer_out[out_start:out_end]),
            in_end - in_start,
        )
        buffer_in[in_start:in_end] = data

    def try_lock(self) -> bool:
        if self._locked:
            return False
        self._locked = True
        return True

    def unlock(self) -> None:
        self._locked = False

    def deinit(self) -> None:
        pass
