"""The physical world around one simulated board: orientation, fields, temperature, light.

A scenario sets physical quantities; the device models turn them into what the board's sensors
would read. Board frame (as the micro:bit prints on its back): x to the right, y towards the
top edge (the logo), z out of the front face. `heading` is where the top edge points, degrees
clockwise from magnetic north; `pitch` raises the top edge; `roll` lowers the right edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from atelier.errors import UserError
from atelier.i18n import _

# Earth's field in France (IGRF, 2025): about 47 µT at 62° inclination.
EARTH_FIELD_NT = 47_000.0
INCLINATION_DEG = 62.0
# A small neodymium magnet a few millimetres from the magnetometer: far above Earth's field.
MAGNET_FIELD_NT = 600_000.0
STANDARD_GRAVITY_MG = 1000.0


def _unit_axes(heading: float, pitch: float, roll: float):
    """World vectors (east, north, up) of the board's right, forward (top) and face axes."""
    h, p, r = (math.radians(a) for a in (heading, pitch, roll))
    forward = (math.sin(h), math.cos(h), 0.0)
    right = (math.cos(h), -math.sin(h), 0.0)
    up = (0.0, 0.0, 1.0)
    # pitch: forward turns towards up
    forward, up = (
        tuple(f * math.cos(p) + u * math.sin(p) for f, u in zip(forward, up, strict=True)),
        tuple(u * math.cos(p) - f * math.sin(p) for f, u in zip(forward, up, strict=True)),
    )
    # roll: the right edge goes down
    right, up = (
        tuple(x * math.cos(r) - u * math.sin(r) for x, u in zip(right, up, strict=True)),
        tuple(u * math.cos(r) + x * math.sin(r) for x, u in zip(right, up, strict=True)),
    )
    return right, forward, up


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _parse_value(name: str, kind: str, raw: str) -> object:
    """A --set value for a World field whose annotation is `kind`; ValueError if it is not."""
    from atelier.sim.components.buttons import GESTURES

    if kind.endswith("| None") and raw.lower() in ("none", ""):  # distance_cm=none
        return None
    if kind.startswith("tuple[float"):  # a vector (board frame)
        value = tuple(_number(v) for v in raw.split(","))
        if len(value) != 3:
            raise ValueError(raw)
        return value
    if kind == "bool":
        if raw.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise ValueError(raw)
        return raw.lower() in ("1", "true", "yes", "on")
    if name == "gesture":
        if raw not in GESTURES:
            raise ValueError(raw)
        return raw
    if kind.startswith("dict[int, int]"):  # pins=0:1,26:30000
        return {int(p): int(v) for p, v in (x.split(":") for x in raw.split(","))}
    if kind.startswith("dict[str, dict]"):  # wifi=ecole:secret,maison:
        pairs = (x.partition(":") for x in raw.split(",") if x.strip())
        return {ssid.strip(): {"password": key} for ssid, _sep, key in pairs}
    if kind.startswith("set[str]"):  # touched=logo,P0
        return {x.strip() for x in raw.split(",") if x.strip()}
    return _number(raw)


def _hint(name: str, kind: str) -> str:
    from atelier.sim.components.buttons import GESTURES

    if name == "gesture":
        return _("one of: {names}").format(names=", ".join(GESTURES))
    if kind.startswith("dict[int, int]"):
        return _("PIN:LEVEL pairs, e.g. pins=0:1,26:30000")
    if kind.startswith("dict[str, dict]"):
        return _("SSID:PASSWORD pairs, e.g. wifi=ecole:secret")
    if kind.startswith("set[str]"):
        return _("pad names, e.g. touched=logo,P0")
    if kind == "bool":
        return _("1 or 0")
    if kind.startswith("tuple[float"):
        return _("3 numbers, e.g. 0,0,-1000")
    if kind.endswith("| None"):
        return _("a number, or none")
    return _("a number")


def _dot(a, b) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


@dataclass
class World:
    """What a board's sensors sense. Set attributes between `board.run()` calls."""

    heading: float = 0.0
    pitch: float = 0.0
    roll: float = 0.0
    temperature: float = 21.0  # °C
    pressure: float = 1013.25  # hPa
    humidity: float = 50.0  # % relative humidity (a DHT20 / AHT20 module reads it)
    light: int = 0  # 0-255, as display.read_light_level()
    sound_level: int = 0  # 0-255
    magnet_near: bool = False  # a magnet next to the magnetometer (the locker door is closed)
    # a Circuit Playground's slide switch: True slid right (towards the ear: its pin to GND),
    # False left (towards the music note: the pin left open, read through its pull-up)
    slide_switch_right: bool = False
    # Grove modules (components/accessories.py)
    distance_cm: float | None = None  # to what faces the ultrasonic ranger; None: nothing
    presence: bool = False  # someone moves in front of the PIR sensor
    soil_moisture: float = 0.0  # %, what the soil probe is in (0 dry, 100 water)
    knob: float = 0.0  # %, where the potentiometer is turned
    # Set these to override what orientation gives:
    acceleration: tuple[float, float, float] | None = None  # milli-g, board frame
    magnetic_field: tuple[float, float, float] | None = None  # nT, board frame
    gesture: str | None = None  # force a gesture ("shake", "freefall", ...)
    # A magnetised part fixed on the board (battery clip, screw): adds the same vector in the
    # board frame whatever the heading. compass.calibrate() is there to remove it.
    hard_iron: tuple[float, float, float] = (0.0, 0.0, 0.0)  # nT, board frame
    # Wi-Fi access points around an ESP32: {ssid: {"password": "...", "rssi": -60}}
    # (components/wifi.py); wifi_signal False: none reaches the board (board.wifi_lost())
    wifi: dict[str, dict] = field(default_factory=dict)
    wifi_signal: bool = True
    pins: dict[int, int] = field(default_factory=dict)  # digital/analog levels on input pins
    touched: set[str] = field(default_factory=set)  # "logo", "P0", ...; "A1", "TX": CPB pads
    # the radio between boards (sim/air.py): where this board is, and the air around it
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)  # metres
    radio_range: float | None = None  # metres heard at the default power (None: no limit set)
    radio_loss: float = 0.0  # chance (0-1) that each message to or from this board is lost
    earth_field_nt: float = EARTH_FIELD_NT
    inclination_deg: float = INCLINATION_DEG
    _listeners: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if not name.startswith("_") and "_listeners" in self.__dict__:
            for fn in self._listeners:
                fn()

    def on_change(self, fn: Callable[[], None]) -> None:
        self._listeners.append(fn)

    # -- settings typed by a person (atelier run --set NAME=VALUE) ----------------------------
    @classmethod
    def parse_settings(cls, items) -> dict[str, object]:
        """{field: value} from "NAME=VALUE" strings, each value checked against the field's
        type (its annotation): a UserError line naming what is expected otherwise."""
        kinds = {f.name: str(f.type) for f in fields(cls) if not f.name.startswith("_")}
        out: dict[str, object] = {}
        for item in items:
            name, sep, raw = item.partition("=")
            name, raw = name.strip(), raw.strip()
            if not sep or name not in kinds:
                raise UserError(
                    _("--set {item}: expected NAME=VALUE with NAME one of: {names}").format(
                        item=item, names=", ".join(sorted(kinds)))
                )  # fmt: skip
            try:
                out[name] = _parse_value(name, kinds[name], raw)
            except ValueError:
                raise UserError(_("--set {item}: expected {hint}").format(
                    item=item, hint=_hint(name, kinds[name]))) from None  # fmt: skip
        return out

    # -- what sensors see --------------------------------------------------------------------
    def acceleration_mg(self) -> tuple[float, float, float]:
        """Accelerometer reading in milli-g: at rest it reads minus the up direction."""
        if self.acceleration is not None:
            return tuple(float(a) for a in self.acceleration)
        right, forward, up = _unit_axes(self.heading, self.pitch, self.roll)
        world_up = (0.0, 0.0, 1.0)
        return tuple(-STANDARD_GRAVITY_MG * _dot(world_up, axis) for axis in (right, forward, up))

    def field_nt(self) -> tuple[float, float, float]:
        """Magnetic field at the magnetometer in nT, board frame."""
        if self.magnetic_field is not None:
            bx, by, bz = (float(v) for v in self.magnetic_field)
        else:
            inc = math.radians(self.inclination_deg)
            earth = (
                0.0,
                self.earth_field_nt * math.cos(inc),
                -self.earth_field_nt * math.sin(inc),
            )
            right, forward, up = _unit_axes(self.heading, self.pitch, self.roll)
            bx, by, bz = (_dot(earth, axis) for axis in (right, forward, up))
        if self.magnet_near:
            bz += MAGNET_FIELD_NT
        hx, hy, hz = self.hard_iron
        return (bx + hx, by + hy, bz + hz)

    def field_strength_nt(self) -> float:
        return math.sqrt(sum(v * v for v in self.field_nt()))

    def compass_heading(self) -> int:
        """What a tilt-compensated compass shows: whole degrees 0-359."""
        return int(round(self.heading)) % 360
