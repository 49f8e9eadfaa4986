"""`microbit.i2c`: the micro:bit's I2C bus on the edge connector (P19 = SCL, P20 = SDA), with
the register-level models of boards.toml's chips on it. The V2 runtime raises
`OSError(ENODEV)` when no device answers (microbit_i2c.c); the V1 runtime (1.1.1,
microbiti2c.cpp) raises `OSError("I2C read error -1010")` (or write), -1010 being the DAL's
MICROBIT_I2C_ERROR. On V1 the motion sensors share that bus, so a scan sees them too; the
V2's internal bus is out of reach of `microbit.i2c`."""

from __future__ import annotations

from atelier.sim.components.i2c_bus import I2CBuses
from atelier.sim.devices import SimError
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

EDGE_I2C_PINS = (19, 20)  # microbit.i2c.init's default scl and sda (edge numbers)


def _edge_pin_id(pin) -> str:
    # boards.toml writes the edge connector's bus with edge numbers, an internal bus with nRF
    # GPIO numbers: those stay out of reach of the edge pins a program names
    return str(pin) if pin in EDGE_I2C_PINS else f"internal-{pin}"


class MicrobitI2C(I2CBuses):
    def __init__(self, board_type, world, now_us, v1: bool):
        super().__init__(board_type, world, now_us, _edge_pin_id)
        self._v1 = v1

    def _nak(self, bus: str, addr: int, op: str) -> None:
        if addr in self.buses[bus].devices:
            return
        if self._v1:
            raise SimError("OSError", f"I2C {op} error -1010")
        raise SimError("OSError", "19")  # ENODEV

    @handles(P.I2C_READ)
    def i2c_read(self, args):
        bus, addr, _n = args.split()
        self._nak(bus, int(addr), "read")
        return super().i2c_read(args)

    @handles(P.I2C_WRITE)
    def i2c_write(self, args):
        bus, addr, *_ = args.split()
        self._nak(bus, int(addr), "write")
        return super().i2c_write(args)
