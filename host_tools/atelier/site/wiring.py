"""A lesson's wiring diagram for one board, drawn as SVG from the board's kit wiring::

    board = with_kit_file(load_boards().get("pico"), kit_toml)  # a school's kit.toml, if any
    svg = wiring_svg(board, lesson.info.hardware.parts, lang="fr")
    rows = wiring_table(board, lesson.info.hardware.parts, lang="fr")  # the same, as a table

The board is a labelled outline with one pad per pin used; each external module the lesson
uses is a labelled box, joined to its pads by one wire per signal, coloured (signal yellow or
white, power red, ground black, I2C SDA blue and SCL green) and named by its pin, so the
diagram reads without colours too. Parts on the board itself (the micro:bit's display, buttons
and speaker, a built-in sensor) are listed under it, not wired. Everything comes from
``Board.kit`` and ``Board.sensors``: a kit.toml that moves a part moves its wire.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from xml.sax.saxutils import escape

from atelier.boards import Board, Sensor

# Labels in both languages (the site writes a French and an English page from one build).
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Câblage sur {board}", "Wiring on {board}"),
    "on_board": ("Sur la carte", "On the board"),
    "not_wired": ("Pas câblé dans ce kit", "Not wired in this kit"),
    "nothing": ("rien à brancher", "nothing to plug in"),
    "signal": ("signal", "signal"),
    "power": ("alimentation", "power"),
    "ground": ("masse", "ground"),
    "desc": (
        "Chaque module est relié à la carte par un fil par signal, nommé par sa broche.",
        "Each module is joined to the board by one wire per signal, named by its pin.",
    ),
    # external modules
    "distance": ("Capteur de distance à ultrasons", "Ultrasonic distance sensor"),
    "hcsr04": ("Capteur à ultrasons HC-SR04", "HC-SR04 ultrasonic sensor"),
    "servo": ("Servomoteur", "Servo motor"),
    "strip": ("Ruban de {count} LED", "Strip of {count} LEDs"),
    "digits": ("Afficheur 4 chiffres (TM1637)", "4-digit display (TM1637)"),
    "presence": ("Détecteur de présence (PIR)", "Motion sensor (PIR)"),
    "light": ("Capteur de lumière", "Light sensor"),
    "soil": ("Capteur d'humidité du sol", "Soil moisture sensor"),
    "knob": ("Potentiomètre", "Rotary knob"),
    "relay": ("Relais", "Relay"),
    "piezo": ("Buzzer piézo", "Piezo buzzer"),
    "button": ("Bouton {name}", "Button {name}"),
    "reed": ("Interrupteur à lame souple (ILS)", "Reed switch"),
    "oled": ("Écran OLED {w}×{h} ({chip})", "OLED screen {w}×{h} ({chip})"),
    "humidity": ("Module d'humidité {chip}", "Humidity module {chip}"),
    "pressure": (
        "Module pression et température {chip}",
        "Pressure and temperature module {chip}",
    ),
    "magnetometer": ("Module boussole {chip}", "Compass module {chip}"),
    "accelerometer": ("Module accéléromètre {chip}", "Accelerometer module {chip}"),
    "or": (" (ou {chips})", " (or {chips})"),
    "port": ("port Grove {port}", "Grove port {port}"),
    "shield": ("sur son shield Grove", "on its Grove shield"),
    # parts on the board itself
    "matrix5x5": ("l'écran de 25 LED", "the 5×5 LED display"),
    "ring": ("l'anneau de {count} LED", "the ring of {count} LEDs"),
    "console": ("la console série (pas d'écran)", "the serial console (no screen)"),
    "speaker": ("le haut-parleur", "the speaker"),
    "buttons": ("les boutons A et B", "buttons A and B"),
    "compass": ("la boussole (magnétomètre)", "the compass (magnetometer)"),
    "motion": ("l'accéléromètre", "the accelerometer"),
    "magnet_door": (
        "la boussole, qui sent l'aimant de la porte",
        "the compass, which senses the door's magnet",
    ),
    "light_display": ("l'écran, qui mesure la lumière", "the display, which senses light"),
    "light_sensor": ("le capteur de lumière", "the light sensor"),
    "thermometer": ("le thermomètre", "the thermometer"),
    "radio": ("la radio", "the radio"),
    "radio_espnow": ("la radio Wi-Fi (ESP-NOW)", "the Wi-Fi radio (ESP-NOW)"),
    "wifi": ("le Wi-Fi", "the Wi-Fi"),
    "sensor_on_board": ("{what} ({chip})", "{what} ({chip})"),
}

# Wire kinds -> (stroke colour, legend key). The legend and every wire's label say it in words.
COLOURS = {
    "signal": "#f2c200",  # yellow, as a Grove cable's first signal wire
    "signal2": "#ffffff",  # white, its second one
    "power": "#d32f2f",
    "ground": "#111111",
    "sda": "#1e63c4",
    "scl": "#2e8b3a",
}

# Buses on the board itself: sensors there are built in (the micro:bit's compass, the Circuit
# Playground's accelerometer); sensors on any other bus are plug-in modules.
INTERNAL_BUSES = ("i2c-internal", "i2c-accel")
# Pins of parts soldered on the board (by the name its runtime prints first): not a pad to wire.
ON_BOARD_PINS = {
    "button_a", "button_b", "pin_logo", "pin_speaker",  # micro:bit
    # Circuit Playground
    "BUTTON_A", "BUTTON_B", "SLIDE_SWITCH", "LIGHT", "TEMPERATURE", "SPEAKER", "SPEAKER_ENABLE",
    "NEOPIXEL", "LED",
}  # fmt: skip
# The Grove ports of the micro:bit's Grove shield (boards.toml: P0/P14, P1/P15, P2/P16, and I2C
# on P19/P20), by their wires' pins: a module whose signals fill a port is said to plug there;
# the others go to the shield's header pins.
MICROBIT_GROVE_PORTS = {("P0",): "P0/P14", ("P1",): "P1/P15", ("P2",): "P2/P16"}
MICROBIT_I2C_PORT = ("P20", "P19")  # SDA, SCL


def _grove_port(board: Board, module: Module) -> str:
    if board.backend != "microbit":
        return ""
    signals = tuple(w.pin for w in module.wires if w.kind in ("signal", "signal2"))
    if module.wires[0].terminal in ("SIG", "DIN"):
        return MICROBIT_GROVE_PORTS.get(signals, "")
    i2c = tuple(w.pin for w in module.wires if w.kind in ("sda", "scl"))
    return "I2C" if i2c == MICROBIT_I2C_PORT else ""


# Which sensor roles each kit part reads
PART_SENSORS = {
    "compass": ("magnetometer", "accelerometer"),  # tilt-compensated heading
    "motion": ("accelerometer",),
    "env": ("pressure", "humidity"),
}


class WiringRow(NamedTuple):
    """One line of the wiring table: the kit part, what it is, where it goes."""

    part: str
    module: str
    pins: str


@dataclass
class Wire:
    terminal: str  # the module's side: "SIG", "SDA", "VCC"...
    pin: str  # the board's side, as printed on it: "P8", "GP18", "A2", "3V3"
    kind: str  # a key of COLOURS


@dataclass
class Module:
    part: str
    name: str
    wires: list[Wire] = field(default_factory=list)
    port: str = ""  # the Grove port its cable plugs into, when it fills one
    also: list[str] = field(default_factory=list)  # other parts the same module serves


@dataclass
class Wiring:
    modules: list[Module]
    on_board: list[tuple[str, str]]  # (part, what)
    not_wired: list[tuple[str, str]]  # (part, what)


def _say(key: str, lang: str, **values) -> str:
    fr, en = WORDS[key]
    return (fr if lang == "fr" else en).format(**values)


def pin_label(board: Board, pin: int | str) -> str:
    """A pin as it is printed on the board or its Grove shield: P8 on a micro:bit, GP18 on a
    Pico, GPIO13 on an ESP32, the pad's name (A2) on a Circuit Playground."""
    if isinstance(pin, str):
        return pin
    if board.backend == "microbit":
        return f"P{pin}"
    if board.gpio.has(f"GP{pin}"):
        return f"GP{pin}"
    return f"GPIO{pin}"


# The 5 V pad (the USB supply) of each board that has one, as printed on it: a servo (4.8-6 V)
# and a WS2812 strip (3.5-5.3 V, its datasheet) take their power there. The micro:bit has none:
# they run from its 3 V pad (a micro servo turns, more weakly; the teacher notes say so).
FIVE_VOLT_PADS = {"machine": {"pico": "VBUS"}, "circuitpython": "VOUT"}
FIVE_VOLT_PARTS = ("servo", "strip")


def _power_pins(board: Board, part: str = "") -> tuple[str, str]:
    """The names of the supply (5 V for a servo or a strip where the board has a 5 V pad) and
    ground pads printed on the board."""
    if part in FIVE_VOLT_PARTS and board.backend != "microbit":
        if board.backend == "circuitpython":
            return FIVE_VOLT_PADS["circuitpython"], "GND"
        return FIVE_VOLT_PADS["machine"].get(board.id, "5V"), "GND"  # the ESP32 DevKit's "5V"
    if board.backend == "microbit":
        return "3V", "GND"
    if board.backend == "circuitpython":
        return "3.3V", "GND"
    return "3V3", "GND"


def _is_on_board(board: Board, pin: int | str) -> bool:
    if not isinstance(pin, str):
        return False
    return pin in ON_BOARD_PINS or board.gpio.pins().get(pin) in ON_BOARD_PINS


def _sensor_is_on_board(sensor: Sensor) -> bool:
    return sensor.role != "humidity" and sensor.bus in INTERNAL_BUSES


def _i2c_module(board: Board, part: str, name: str, bus_name: str) -> Module:
    bus = board.bus(bus_name)
    vcc, gnd = _power_pins(board)
    return Module(
        part,
        name,
        [
            Wire("SDA", pin_label(board, bus.sda), "sda"),
            Wire("SCL", pin_label(board, bus.scl), "scl"),
            Wire("VCC", vcc, "power"),
            Wire("GND", gnd, "ground"),
        ],
    )


def _with_power(board: Board, part: str, name: str, signals: list[tuple[str, str]]) -> Module:
    vcc, gnd = _power_pins(board, part)
    kinds = ("signal", "signal2")
    wires = [Wire(t, pin, kinds[min(i, 1)]) for i, (t, pin) in enumerate(signals)]
    return Module(part, name, [*wires, Wire("VCC", vcc, "power"), Wire("GND", gnd, "ground")])


def _to_rail(board: Board, low: bool) -> Wire:
    """The second leg of a switch: to ground when the pin is pulled up, else to the supply."""
    vcc, gnd = _power_pins(board)
    return Wire("GND", gnd, "ground") if low else Wire("VCC", vcc, "power")


def wiring(board: Board, parts: list[str] | tuple[str, ...], lang: str = "fr") -> Wiring:
    """What the lesson's `parts` are on `board`: modules to wire, parts on the board, parts
    this kit does not wire."""
    kit = board.kit
    modules: list[Module] = []
    on_board: list[tuple[str, str]] = []
    not_wired: list[tuple[str, str]] = []
    seen_sensors: dict[tuple[str, str], Module] = {}  # (chip, bus): one module, several roles
    pin = lambda p: pin_label(board, p)  # noqa: E731

    def sensors(part: str, roles: tuple[str, ...]) -> None:
        for role in roles:
            alternatives = [s for s in board.sensors if s.role == role]
            if not alternatives:
                continue
            first = alternatives[0]
            if _sensor_is_on_board(first):
                what = {"magnetometer": "compass", "accelerometer": "motion"}.get(role)
                if what:
                    on_board.append((part, _say(what, lang)))
                continue
            same = seen_sensors.get((first.chip, first.bus))
            if same is not None:  # e.g. the compass's accelerometer module, also for motion
                if part not in same.also and part != same.part:
                    same.also.append(part)
                continue
            name = _say(role, lang, chip=first.chip)
            others = [s.chip for s in alternatives[1:] if s.bus == first.bus]
            if others:
                name += _say("or", lang, chips=", ".join(others))
            modules.append(_i2c_module(board, part, name, first.bus))
            seen_sensors[(first.chip, first.bus)] = modules[-1]

    for part in parts:
        if part == "display":
            display = kit.display
            if display == "matrix5x5":
                on_board.append((part, _say("matrix5x5", lang)))
            elif display == "none":
                on_board.append((part, _say("console", lang)))
            elif display.kind == "neopixel_ring":
                on_board.append((part, _say("ring", lang, count=display.count)))
            else:  # an SSD1306 OLED on an I2C bus
                name = _say("oled", lang, w=display.width, h=display.height, chip="SSD1306")
                modules.append(_i2c_module(board, part, name, display.bus))
        elif part == "buzzer":
            buzzer = kit.buzzer
            if buzzer == "speaker" or buzzer.kind == "speaker":
                on_board.append((part, _say("speaker", lang)))
            else:
                vcc, gnd = _power_pins(board)
                modules.append(
                    Module(
                        part,
                        _say("piezo", lang),
                        [Wire("+", pin(buzzer.pin), "signal"), Wire("−", gnd, "ground")],
                    )
                )
        elif part == "buttons":
            buttons = kit.buttons
            if _is_on_board(board, buttons.a) and _is_on_board(board, buttons.b):
                on_board.append((part, _say("buttons", lang)))
            else:
                for name, p in (("A", buttons.a), ("B", buttons.b)):
                    modules.append(
                        Module(
                            part,
                            _say("button", lang, name=name),
                            [Wire("1", pin(p), "signal"), _to_rail(board, buttons.active_low)],
                        )
                    )
                    modules[-1].wires[1].terminal = "2"
        elif part == "door":
            door = kit.door
            if door.kind == "magnet":
                on_board.append((part, _say("magnet_door", lang)))
            else:
                rail = _to_rail(board, door.pull == "up")
                rail.terminal = "2"
                modules.append(
                    Module(part, _say("reed", lang), [Wire("1", pin(door.pin), "signal"), rail])
                )
        elif part in PART_SENSORS:
            if part == "env":
                pressure = board.sensor("pressure")
                if pressure is None or _sensor_is_on_board(pressure):
                    on_board.append((part, _say("thermometer", lang)))
            sensors(part, PART_SENSORS[part])
        elif part == "distance":
            distance = kit.distance
            if distance is None:
                not_wired.append((part, _say("distance", lang)))
            elif distance.kind == "grove":
                name = _say("distance", lang) + " (Grove)"
                modules.append(_with_power(board, part, name, [("SIG", pin(distance.pin))]))
            else:
                signals = [("TRIG", pin(distance.trig)), ("ECHO", pin(distance.echo))]
                modules.append(_with_power(board, part, _say("hcsr04", lang), signals))
        elif part == "strip":
            strip = kit.strip
            if strip is None:
                not_wired.append((part, _say("strip", lang, count=10)))
            else:
                name = _say("strip", lang, count=strip.count)
                modules.append(_with_power(board, part, name, [("DIN", pin(strip.pin))]))
        elif part == "digits":
            digits = kit.digits
            if digits is None:
                not_wired.append((part, _say("digits", lang)))
            else:
                signals = [("CLK", pin(digits.clk)), ("DIO", pin(digits.dio))]
                modules.append(_with_power(board, part, _say("digits", lang), signals))
        elif part == "radio":  # built in: the micro:bit's radio, the ESP32's Wi-Fi (ESP-NOW)
            espnow = "radio" not in board.modules.available
            on_board.append((part, _say("radio_espnow" if espnow else "radio", lang)))
        elif part == "net":  # built in: the board's Wi-Fi (kit.net)
            on_board.append((part, _say("wifi", lang)))
        elif part in ("servo", "presence", "light", "soil", "knob", "relay"):
            wired = getattr(kit, part)
            if wired is None:
                not_wired.append((part, _say(part, lang)))
            elif wired == "display":
                on_board.append((part, _say("light_display", lang)))
            elif _is_on_board(board, wired.pin):
                on_board.append((part, _say("light_sensor", lang)))
            else:
                modules.append(
                    _with_power(board, part, _say(part, lang), [("SIG", pin(wired.pin))])
                )
    for module in modules:
        module.port = _grove_port(board, module)
    return Wiring(modules, on_board, not_wired)


def wiring_table(
    board: Board, parts: list[str] | tuple[str, ...], lang: str = "fr"
) -> list[WiringRow]:
    """The diagram as rows (part, module, pins) for a table under it (print, screen readers)."""
    w = wiring(board, parts, lang)
    rows = []
    for m in w.modules:
        pins = ", ".join(f"{x.terminal} → {x.pin}" for x in m.wires)
        if m.port:
            pins += f" ({_say('port', lang, port=m.port)})"
        rows.append(WiringRow(", ".join([m.part, *m.also]), m.name, pins))
    rows += [WiringRow(part, what, _say("on_board", lang).lower()) for part, what in w.on_board]
    rows += [WiringRow(part, what, _say("not_wired", lang).lower()) for part, what in w.not_wired]
    return rows


# -- drawing ------------------------------------------------------------------------------------
WIDTH = 600
BOARD_X, BOARD_W = 16, 176  # the board's outline; its pads on its right edge
PAD_X = BOARD_X + BOARD_W
MODULE_X, MODULE_W = 404, 180
CHANNELS = (PAD_X + 22, 340)  # where the wires' vertical runs may go
LABEL_X = MODULE_X - 6  # wire labels end here, beside the module
TERM_H, LINE_H, PAD_H = 18, 14, 20
FONT = 'font-family="DejaVu Sans, Verdana, Arial, sans-serif"'


def _wrap(text: str, width: int = 26) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _board_art(board: Board, x: int, y: int) -> list[str]:
    """A few simple shapes that tell the boards apart (our own drawing, not their artwork)."""
    out = []
    if board.backend == "microbit":  # the 5x5 LEDs and the edge connector's strip
        for row in range(5):
            for col in range(5):
                out.append(
                    f'<rect x="{x + 40 + col * 12}" y="{y + row * 12}" width="6" height="6" '
                    'fill="#c62828"/>'
                )
        out.append(f'<rect x="{x + 8}" y="{y + 62}" width="100" height="8" fill="#d4af37"/>')
    elif board.backend == "circuitpython":  # a round board with its ring of LEDs
        cx, cy = x + 70, y + 40
        out.append(f'<circle cx="{cx}" cy="{cy}" r="38" fill="#2b2b2b"/>')
        for i in range(10):
            a = math.radians(i * 36)
            out.append(
                f'<circle cx="{cx + 28 * math.sin(a):.1f}" cy="{cy - 28 * math.cos(a):.1f}" '
                'r="4" fill="#f5f5f5"/>'
            )
    else:  # a chip and its USB socket
        out.append(f'<rect x="{x + 50}" y="{y}" width="40" height="14" fill="#9e9e9e"/>')
        out.append(f'<rect x="{x + 40}" y="{y + 30}" width="60" height="44" fill="#2b2b2b"/>')
    return out


def wiring_svg(board: Board, parts: list[str] | tuple[str, ...], lang: str = "fr") -> str:
    """The wiring diagram of `parts` on `board`, a standalone SVG document (600 wide)."""
    w = wiring(board, parts, lang)
    title = _say("title", lang, board=board.name)
    ids = f"wiring-{board.id}"  # one page may hold a diagram per board: ids differ
    top = 44

    # modules stacked on the right, each terminal at its own height
    boxes = []  # (module, y, height, [terminal y])
    y = top
    for module in w.modules:
        lines = _wrap(module.name, 21)  # bold, 12 px: about 21 characters in the box
        head = 8 + LINE_H * (len(lines) + bool(module.port))
        height = head + TERM_H * len(module.wires) + 4
        terms = [y + head + TERM_H * i + TERM_H // 2 for i in range(len(module.wires))]
        boxes.append((module, y, height, terms, lines))
        y += height + 12
    modules_bottom = y

    # one pad per board pin, near the terminals it serves, in that order
    want: dict[str, list[float]] = {}
    kinds: dict[str, str] = {}
    for module, _y, _h, terms, _l in boxes:
        for wire, ty in zip(module.wires, terms, strict=True):
            want.setdefault(wire.pin, []).append(ty)
            kinds.setdefault(wire.pin, wire.kind)
    pads: dict[str, float] = {}
    next_y = top + 110  # below the board's name and art
    for p in sorted(want, key=lambda p: sum(want[p]) / len(want[p])):
        py = max(sum(want[p]) / len(want[p]), next_y)
        pads[p] = py
        next_y = py + PAD_H
    board_bottom = max(next_y, top + 130)

    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} HEIGHT" '
        f'width="{WIDTH}" role="img" aria-labelledby="{ids}-title {ids}-desc" {FONT} '
        f'font-size="12" lang="{lang}">',
        f'<title id="{ids}-title">{escape(title)}</title>',
        f'<desc id="{ids}-desc">{escape(_say("desc", lang))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="HEIGHT" fill="#ffffff"/>',
    ]
    out = [
        # over the drawing: centred over board and modules, or from the board's edge if alone
        f'<text x="{WIDTH // 2 if w.modules else BOARD_X}" y="24" '
        f'text-anchor="{"middle" if w.modules else "start"}" font-size="16" '
        f'font-weight="bold">{escape(title)}</text>',
        # the board
        f'<g class="board" data-board="{escape(board.id)}">',
        f'<rect x="{BOARD_X}" y="{top}" width="{BOARD_W}" height="{board_bottom - top}" rx="10" '
        'fill="#e8f0e8" stroke="#333" stroke-width="2"/>',
    ]
    for i, line in enumerate(_wrap(board.name, 22)):
        out.append(
            f'<text x="{BOARD_X + 10}" y="{top + 18 + i * LINE_H}" font-weight="bold">'
            f"{escape(line)}</text>"
        )
    if board.backend == "microbit" and w.modules:
        out.append(
            f'<text x="{BOARD_X + 10}" y="{top + 18 + LINE_H}" font-size="11">'
            f"{escape(_say('shield', lang))}</text>"
        )
    out += _board_art(board, BOARD_X + 10, top + 26 + LINE_H)
    for p, py in pads.items():
        out.append(
            f'<g class="pad" data-pin="{escape(p)}"><rect x="{PAD_X - 8}" y="{py - 6}" '
            f'width="12" height="12" fill="#d4af37" stroke="#333"/>'
            f'<text x="{PAD_X - 12}" y="{py + 4}" text-anchor="end" font-weight="bold">'
            f"{escape(p)}</text></g>"
        )
    out.append("</g>")

    # the wires: terminal -> its own vertical run -> pad
    count = sum(len(m.wires) for m in w.modules)
    lo, hi = CHANNELS
    step = (hi - lo) / max(count - 1, 1)
    n = 0
    wires_svg = []
    for module, _y, _h, terms, _l in boxes:
        for wire, ty in zip(module.wires, terms, strict=True):
            cx = round(lo + step * n if count > 1 else (lo + hi) / 2, 1)
            n += 1
            py = pads[wire.pin]
            d = f"M{MODULE_X} {ty} H{cx} V{py} H{PAD_X + 4}"
            kind_word = _say(wire.kind.rstrip("2"), lang) if wire.kind in (
                "signal", "signal2", "power", "ground") else wire.kind.upper()  # fmt: skip
            name = f"{module.name} {wire.terminal} → {wire.pin} ({kind_word})"
            wires_svg.append(
                f'<g class="wire" data-part="{escape(module.part)}" data-pin="{escape(wire.pin)}" '
                f'data-kind="{wire.kind}"><title>{escape(name)}</title>'
                f'<path d="{d}" fill="none" stroke="#333" stroke-width="5"/>'
                f'<path d="{d}" fill="none" stroke="{COLOURS[wire.kind]}" stroke-width="3"/>'
                f'<text x="{LABEL_X}" y="{ty - 3}" text-anchor="end" font-size="11" '
                f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(wire.pin)}</text>'
                "</g>"
            )
    out += wires_svg

    for module, my, mh, terms, lines in boxes:
        out.append(f'<g class="module" data-part="{escape(module.part)}">')
        out.append(
            f'<rect x="{MODULE_X}" y="{my}" width="{MODULE_W}" height="{mh}" rx="6" '
            'fill="#eef3fb" stroke="#333" stroke-width="1.5"/>'
        )
        for i, line in enumerate(lines):
            out.append(
                f'<text x="{MODULE_X + 8}" y="{my + 16 + i * LINE_H}" font-weight="bold">'
                f"{escape(line)}</text>"
            )
        if module.port:
            out.append(
                f'<text x="{MODULE_X + 8}" y="{my + 16 + len(lines) * LINE_H}" font-size="11">'
                f"{escape(_say('port', lang, port=module.port))}</text>"
            )
        for wire, ty in zip(module.wires, terms, strict=True):
            out.append(
                f'<circle cx="{MODULE_X}" cy="{ty}" r="3" fill="#333"/>'
                f'<text x="{MODULE_X + 8}" y="{ty + 4}">{escape(wire.terminal)}</text>'
            )
        out.append("</g>")

    # below: the legend, what is on the board, what this kit does not wire
    y = max(board_bottom, modules_bottom) + 24
    if w.modules:
        legend = [
            ("signal", _say("signal", lang)),
            ("signal2", _say("signal", lang) + " 2"),
            ("power", _say("power", lang)),
            ("ground", _say("ground", lang)),
            ("sda", "I2C SDA"),
            ("scl", "I2C SCL"),
        ]
        used = {x.kind for m in w.modules for x in m.wires}
        x = BOARD_X
        out.append('<g class="legend">')
        for kind, word in legend:
            if kind not in used:
                continue
            out.append(
                f'<rect x="{x}" y="{y - 9}" width="22" height="8" fill="{COLOURS[kind]}" '
                f'stroke="#333"/><text x="{x + 28}" y="{y}">{escape(word)}</text>'
            )
            x += 40 + 7 * len(word)
        out.append("</g>")
        y += 24
    for css, key, items in (
        ("on-board", "on_board", w.on_board),
        ("not-wired", "not_wired", w.not_wired),
    ):
        if not items:
            continue
        what = []
        for _part, thing in items:
            thing = thing[:1].lower() + thing[1:]  # inside a sentence: "strip of 10 LEDs"
            if thing not in what:
                what.append(thing)
        text = _say(key, lang) + (" : " if lang == "fr" else ": ") + ", ".join(what)
        out.append(f'<g class="{css}">')
        for line in _wrap(text, 90):
            out.append(f'<text x="{BOARD_X}" y="{y}">{escape(line)}</text>')
            y += 16
        out.append("</g>")
        y += 6
    if not w.modules and not w.not_wired:
        out.append(f'<text x="{BOARD_X}" y="{y}">{escape(_say("nothing", lang))}</text>')
        y += 16
    height = str(int(y + 8))
    head = [line.replace("HEIGHT", height) for line in head]
    return _short_numbers("\n".join([*head, *out, "</svg>"]) + "\n")


def _short_numbers(svg: str) -> str:
    """Coordinates to a tenth of a pixel (231.66666666666666 -> 231.7, 300.0 -> 300), in
    attribute values only: a page carries several diagrams, and text keeps its numbers."""

    def short(m: re.Match) -> str:
        return f"{float(m.group(0)):.1f}".removesuffix(".0")

    return re.sub(r'="[^"]*"', lambda a: re.sub(r"\d+\.\d+", short, a.group(0)), svg)
