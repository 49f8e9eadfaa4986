"""A board's I2C buses (boards.toml's `[[buses]]`) with the register-level chip models on them
(`sim/chips/`), answering the `I2C_*` requests: a transfer takes the time the bus's clock gives,
and an address nobody answers fails as on the real bus."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.chips import model_class
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import handles
from atelier.sim.i2c import I2CBus
from atelier.sim.vm import _simproto as P


def chip_model(chip: str, role: str, address: int):
    """The register-level model for a chip of boards.toml, or None if we have none."""
    cls = model_class(chip, role)
    return cls(address=address) if cls else None


class I2CBuses:
    """The buses of one board by name, the chip fitted for each sensor role, and the requests."""

    def __init__(self, board_type, world, now_us: Callable[[], int], pin_id: Callable):
        self._type = board_type
        self._world = world
        self._now_us = now_us
        self.buses: dict[str, I2CBus] = {}
        self._bus_pins: dict[tuple, str] = {}
        for bus in board_type.buses:
            self.buses[bus.name] = I2CBus(bus.name, world, now_us)
            self._bus_pins[(pin_id(bus.scl), pin_id(bus.sda))] = bus.name
        self._freq: dict[str, int] = {b.name: b.freq for b in board_type.buses}
        self.chips = {}
        for s in board_type.sensors:
            if s.role in self.chips:
                continue  # an alternative of a chip already fitted
            model = chip_model(s.chip, s.role, s.address)
            if model is not None:
                self.buses[s.bus].attach(model)
                self.chips[s.role] = model

    def fit(self, role: str, model) -> None:
        """Put `model` in place of the board's chip for `role` (e.g. a BMP280 with another
        calibration, or the other magnetometer of boards.toml), before the program reads it."""
        old = self.chips.get(role)
        bus_name = next((s.bus for s in self._type.sensors if s.role == role), None)
        if bus_name is None:
            raise ValueError(f"{self._type.id} has no {role} in boards.toml")
        if old is not None:
            self.buses[bus_name].detach(old.address)
        self.buses[bus_name].attach(model)
        self.chips[role] = model

    @handles(P.I2C_OPEN)
    def i2c_open(self, args):
        _id, scl, sda, freq, *flavour = args.split()
        name = self._bus_pins.get((scl, sda))
        if name is None and flavour == ["cp"]:
            # CircuitPython checks the bus's pull-up resistors before anything else
            raise SimError("RuntimeError", "No pull up found on SDA or SCL; check your wiring")
        if name is None:
            # pins with nothing wired to them: a bus where every address NAKs
            name = f"unwired-{scl}-{sda}"
            self.buses.setdefault(name, I2CBus(name, self._world, self._now_us))
        self._freq[name] = int(freq)
        return name

    def _io(self, bus: str, nbytes: int, fn):
        return Delay(I2CBus.transfer_time_us(nbytes, self._freq.get(bus, 400000)), fn)

    @handles(P.I2C_SCAN)
    def i2c_scan(self, args):
        return " ".join(str(a) for a in self.buses[args.strip()].scan())

    @handles(P.I2C_WRITE)
    def i2c_write(self, args):
        bus, addr, data = (args.split() + [""])[:3]
        raw = bytes.fromhex(data)
        self._check(bus, int(addr))
        return self._io(bus, len(raw), lambda: self.buses[bus].writeto(int(addr), raw) or "")

    @handles(P.I2C_READ)
    def i2c_read(self, args):
        bus, addr, n = args.split()
        self._check(bus, int(addr))
        return self._io(bus, int(n), lambda: self.buses[bus].readfrom(int(addr), int(n)).hex())

    @handles(P.I2C_WRITE_READ)
    def i2c_write_read(self, args):
        bus, addr, data, n = args.split()
        raw = bytes.fromhex(data)
        self._check(bus, int(addr))

        def answer():
            return self.buses[bus].writeto_then_readfrom(int(addr), raw, int(n)).hex()

        return self._io(bus, len(raw) + int(n), answer)

    def _check(self, bus: str, addr: int) -> None:
        if addr not in self.buses[bus].devices:
            raise SimError("OSError", "19")  # ENODEV, at once: nothing acknowledged
