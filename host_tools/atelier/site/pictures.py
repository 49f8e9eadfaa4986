"""A lesson's picture for the site: what the simulated board shows at a telling moment, as SVG.

    svg = lesson_picture(load_lesson("boussole-numerique"))   # the micro:bit V2's arrow

The lesson's main.py runs in the simulator (atelier.sim.simulate) for a few virtual seconds,
as lesson.toml's optional [picture] table says (its board, its seconds, the buttons pressed
and the shake on the way, the world's settings: `heading = 90`); then what the board shows is
drawn: the micro:bit's 5x5 LEDs with their brightness, a Pico's or an ESP32's OLED screen, a
Circuit Playground's ring, and the Grove LED strip and 4-digit display when the lesson uses
them. So a picture changes when the lesson does. Each lit element carries `class` and `data-`
attributes (tests read them back with xml.etree).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from html import escape
from pathlib import Path

from atelier.lessons import PICTURE_START, PICTURE_STEP, Lesson, load_lesson

DEFAULT_BOARD = "microbit-v2"

# The drawing's sizes, in SVG user units
WIDTH = 240
LED_PITCH = 32
FACE = "#20242b"  # the board's dark face
LED_RED = (255, 48, 32)  # a micro:bit LED, lit
LED_OFF = "#3b1a17"  # an LED off: its dark red lens
SCREEN_BG = "#05070a"
SCREEN_ON = "#dff3ff"  # an SSD1306's (white) pixel
UNLIT = "#3a3d44"  # a NeoPixel off
SEGMENT_ON = "#ff3b2f"
SEGMENT_OFF = "#3a1512"


@dataclass
class Scene:
    """What a simulated board showed at the picture's moment."""

    board: str  # boards.toml id
    board_name: str
    seconds: float  # virtual seconds since the start
    matrix: list[list[int]] | None = None  # micro:bit: 5 rows of 5 brightnesses 0-9
    screen: list[list[int]] | None = None  # an OLED: rows of pixels, 1 lit
    ring: list[tuple[int, int, int]] | None = None  # a NeoPixel ring's colours (r, g, b)
    ring_angles: tuple[float, ...] = ()  # each ring pixel's place, degrees clockwise from 12
    strip: list[tuple[int, int, int]] | None = None  # the Grove LED strip's colours
    digits: tuple[int, ...] | None = None  # the 4-digit display's segment bytes
    servo: float | None = None  # the servo's angle (degrees), when the lesson turns one
    # what a Circuit Playground's kit wrote on the console instead of the dark ring ("3")
    console: str | None = None


def _lesson(lesson) -> Lesson:
    return lesson if isinstance(lesson, Lesson) else load_lesson(lesson)


def picture_board(lesson: Lesson, board: str | None = None) -> str:
    """The board the picture shows: `board`, else [picture]'s, else the micro:bit V2 when the
    lesson claims it, else the lesson's first board."""
    if board:
        return board
    if lesson.info.picture.board:
        return lesson.info.picture.board
    return DEFAULT_BOARD if DEFAULT_BOARD in lesson.info.boards else lesson.info.boards[0]


def capture(lesson, board: str | None = None) -> Scene:
    """Run the lesson's program as its [picture] says; what the board shows then."""
    from atelier.sim import simulate
    from atelier.sim.components.neopixels import Ring
    from atelier.sim.components.oled import OledView
    from atelier.sim.world import World

    lesson = _lesson(lesson)
    pic = lesson.info.picture
    board_id = picture_board(lesson, board)
    with simulate(lesson, board=board_id) as b:
        kinds = {f.name: str(f.type) for f in fields(World)}
        for name, value in pic.world().items():  # TOML's arrays and tables as World's types
            if kinds[name].startswith("set"):
                value = set(value)
            elif kinds[name].startswith("dict[int"):  # pins = { 0 = 1 }: TOML's keys are text
                value = {int(k): int(v) for k, v in value.items()}
            setattr(b.world, name, value)
        t = 0.0
        for i, button in enumerate(pic.press):
            at = PICTURE_START + PICTURE_STEP * i
            b.run(at - t)
            b.press(button.upper())
            t = at
        if pic.shake:
            at = PICTURE_START + PICTURE_STEP * len(pic.press)
            b.run(at - t)
            b.shake()
            t = at
        b.run(pic.seconds - t)
        scene = Scene(board=board_id, board_name=b.type.name, seconds=b.time)
        display = b.display
        parts = set(lesson.info.hardware.parts)
        if isinstance(display, Ring):
            scene.ring = list(display.colors)
            scene.ring_angles = display.angles
            if not display.lit():
                scene.console = display.note
        elif isinstance(display, OledView):
            scene.screen = display.pixels
        elif hasattr(display, "history"):  # the micro:bit's matrix
            scene.matrix = display.image
        accessories = getattr(b.hardware, "accessories", {})
        if "strip" in parts and "strip" in accessories:
            scene.strip = list(accessories["strip"].pixels)
        if "digits" in parts and "digits" in accessories:
            scene.digits = accessories["digits"].segments
        if "servo" in parts and "servo" in accessories:
            scene.servo = accessories["servo"].angle
    return scene


def lesson_picture(lesson: Lesson | Path | str, board: str | None = None,
                   lang: str = "fr") -> str:  # fmt: skip
    """The lesson's picture: an SVG (text) of what `board` (default: see picture_board) shows
    at the moment lesson.toml's [picture] gives, titled with the lesson's title in `lang`."""
    lesson = _lesson(lesson)
    scene = capture(lesson, board)
    title = lesson.info.title.fr if lang == "fr" else lesson.info.title.en
    return render_svg(scene, title, lang)


# -- drawing ------------------------------------------------------------------------------------
def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _visible(rgb) -> tuple[str, float]:
    """A LED colour as the eye sees it glow: its hue at full strength, and an opacity that
    keeps a dim LED visible but dimmer."""
    top = max(rgb)
    full = tuple(round(c * 255 / top) for c in rgb)
    return _hex(full), round(0.45 + 0.55 * top / 255, 2)


def _matrix(rows) -> tuple[list[str], int]:
    out = []
    size = 5 * LED_PITCH + 40
    x0 = (WIDTH - size) // 2
    out.append(f'<rect class="face" x="{x0}" y="10" width="{size}" height="{size}" rx="14" '
               f'fill="{FACE}"/>')  # fmt: skip
    for y, row in enumerate(rows):
        for x, level in enumerate(row):
            cx = x0 + 20 + LED_PITCH * x + LED_PITCH // 2 - 5
            cy = 10 + 20 + LED_PITCH * y + LED_PITCH // 2 - 9
            attrs = f'x="{cx}" y="{cy}" width="10" height="18" rx="2"'
            if level:
                opacity = round(0.25 + 0.75 * level / 9, 2)
                out.append(f'<rect class="led lit" data-x="{x}" data-y="{y}" '
                           f'data-level="{level}" {attrs} fill="{_hex(LED_RED)}" '
                           f'fill-opacity="{opacity}"/>')  # fmt: skip
            else:
                out.append(f'<rect class="led" data-x="{x}" data-y="{y}" data-level="0" '
                           f'{attrs} fill="{LED_OFF}"/>')  # fmt: skip
    return out, size + 20


def _screen(pixels) -> tuple[list[str], int]:
    """The OLED, one SVG unit a pixel (runs of lit pixels on a row are one rectangle)."""
    h, w = len(pixels), len(pixels[0]) if pixels else 0
    scale = min(1.6, (WIDTH - 40) / max(w, 1))
    x0 = (WIDTH - w * scale) / 2
    out = [f'<rect class="face" x="{x0 - 12:g}" y="10" width="{w * scale + 24:g}" '
           f'height="{h * scale + 24:g}" rx="6" fill="{FACE}"/>',
           f'<g class="screen" data-width="{w}" data-height="{h}" shape-rendering="crispEdges" '
           f'transform="translate({x0:g} 22) scale({scale:g})">',
           f'<rect width="{w}" height="{h}" fill="{SCREEN_BG}"/>']  # fmt: skip
    for y, row in enumerate(pixels):
        x = 0
        while x < w:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < w and row[x]:
                x += 1
            out.append(f'<rect class="px" x="{start}" y="{y}" width="{x - start}" height="1" '
                       f'fill="{SCREEN_ON}"/>')  # fmt: skip
    out.append("</g>")
    return out, int(h * scale + 44)


def _ring(colors, angles) -> tuple[list[str], int]:
    import math

    c, r = WIDTH / 2, 80
    out = [f'<circle class="face" cx="{c:g}" cy="{10 + r + 20:g}" r="{r + 20}" fill="{FACE}"/>']
    for i, rgb in enumerate(colors):
        a = math.radians(angles[i] if i < len(angles) else 360 * i / len(colors))
        x, y = c + r * math.sin(a), 10 + r + 20 - r * math.cos(a)
        attrs = f'data-index="{i}" cx="{x:.1f}" cy="{y:.1f}" r="11"'
        if any(rgb):
            fill, opacity = _visible(rgb)
            out.append(f'<circle class="pixel lit" {attrs} data-color="{_hex(rgb)}" '
                       f'fill="{fill}" fill-opacity="{opacity}"/>')  # fmt: skip
        else:
            out.append(f'<circle class="pixel" {attrs} fill="{UNLIT}"/>')
    return out, 2 * r + 60


def _strip(colors, y0: int) -> tuple[list[str], int]:
    n = len(colors)
    pitch = min(28, (WIDTH - 20) / max(n, 1))
    x0 = (WIDTH - pitch * n) / 2
    out = [f'<rect class="strip" x="{x0 - 4:g}" y="{y0}" width="{pitch * n + 8:g}" '
           f'height="{pitch + 8:g}" rx="4" fill="{FACE}"/>']  # fmt: skip
    for i, rgb in enumerate(colors):
        attrs = (f'data-index="{i}" cx="{x0 + pitch * i + pitch / 2:.1f}" '
                 f'cy="{y0 + 4 + pitch / 2:.1f}" r="{pitch * 0.38:.1f}"')  # fmt: skip
        if any(rgb):
            fill, opacity = _visible(rgb)
            out.append(f'<circle class="strip-led lit" {attrs} data-color="{_hex(rgb)}" '
                       f'fill="{fill}" fill-opacity="{opacity}"/>')  # fmt: skip
        else:
            out.append(f'<circle class="strip-led" {attrs} fill="{UNLIT}"/>')
    return out, int(pitch + 18)


# a 7-segment digit, 24 x 44 units: segment a..g as (x, y, width, height)
_SEGMENTS = ((4, 0, 16, 4), (20, 4, 4, 16), (20, 24, 4, 16), (4, 40, 16, 4), (0, 24, 4, 16),
             (0, 4, 4, 16), (4, 20, 16, 4))  # fmt: skip


def _digits(segments, y0: int) -> tuple[list[str], int]:
    pitch = 40
    x0 = (WIDTH - pitch * 4 - 16) / 2
    out = [f'<rect class="digits" x="{x0 - 10:g}" y="{y0}" width="{pitch * 4 + 36:g}" '
           f'height="64" rx="4" fill="{FACE}"/>']  # fmt: skip
    for d, byte in enumerate(segments):
        dx = x0 + pitch * d + (16 if d >= 2 else 0)  # the colon sits between digits 2 and 3
        for s, (x, y, w, h) in enumerate(_SEGMENTS):
            lit = byte >> s & 1
            out.append(f'<rect class="segment{" lit" if lit else ""}" data-digit="{d}" '
                       f'data-segment="{"abcdefg"[s]}" x="{dx + x:g}" y="{y0 + 10 + y}" '
                       f'width="{w}" height="{h}" rx="1" '
                       f'fill="{SEGMENT_ON if lit else SEGMENT_OFF}"/>')  # fmt: skip
    colon = len(segments) > 1 and segments[1] & 0x80
    cx = x0 + pitch * 2 - 4
    for cy in (y0 + 24, y0 + 42):
        out.append(f'<circle class="colon{" lit" if colon else ""}" cx="{cx:g}" cy="{cy}" '
                   f'r="3" fill="{SEGMENT_ON if colon else SEGMENT_OFF}"/>')  # fmt: skip
    return out, 74


def _servo(angle: float, y0: int) -> tuple[list[str], int]:
    # the servo seen from the front, its arm from the pivot: 0° lies flat to the right, 90°
    # points up (a barrier's arm, as the lessons turn it), 180° flat to the left
    import math

    cx, cy, arm = WIDTH / 2, y0 + 70, 60
    rad = math.radians(angle)
    x, y = cx + arm * math.cos(rad), cy - arm * math.sin(rad)
    return [
        f'<rect class="servo" x="{cx - 20:g}" y="{cy - 10:g}" width="40" height="30" rx="3" '
        f'fill="{FACE}"/>',
        f'<line class="servo-arm" data-angle="{angle:g}" x1="{cx:g}" y1="{cy:g}" '
        f'x2="{x:.1f}" y2="{y:.1f}" stroke="#d33" stroke-width="8" stroke-linecap="round"/>',
        f'<circle cx="{cx:g}" cy="{cy:g}" r="6" fill="#eee"/>',
        f'<text x="{cx:g}" y="{cy + 40:g}" text-anchor="middle" font-family="sans-serif" '
        f'font-size="14" fill="{FACE}">servo {angle:.0f}°</text>',
    ], 120


def render_svg(scene: Scene, title: str, lang: str = "fr") -> str:
    """The SVG text of `scene`, its <title> `title` (the lesson), its <desc> the moment."""
    body: list[str] = []
    height = 10
    if scene.matrix is not None:
        part, h = _matrix(scene.matrix)
    elif scene.screen is not None:
        part, h = _screen(scene.screen)
    elif scene.ring is not None:
        part, h = _ring(scene.ring, scene.ring_angles)
    else:  # a board whose kit has no display
        part, h = [], 0
    body += part
    height += h
    if scene.console:  # the kit's note, as the serial console shows it
        text = f"[display] {scene.console}"
        size = min(14.0, round((WIDTH - 12) / (0.6 * len(text)), 1))  # monospace: 0.6 em wide
        body.append(f'<text class="console" x="{WIDTH / 2:g}" y="{height + 14}" '
                    f'text-anchor="middle" font-family="monospace" font-size="{size:g}" '
                    f'fill="{FACE}">{escape(text)}</text>')  # fmt: skip
        height += 24
    if scene.strip is not None:
        part, h = _strip(scene.strip, height)
        body += part
        height += h
    if scene.digits is not None:
        part, h = _digits(scene.digits, height)
        body += part
        height += h
    if scene.servo is not None:
        part, h = _servo(scene.servo, height)
        body += part
        height += h
    height = max(height + 10, 40)
    when = f"{scene.seconds:g}"
    desc = (
        f"{scene.board_name}, ce que la carte montre après {when} s"
        if lang == "fr"
        else f"{scene.board_name}, what the board shows after {when} s"
    )
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" lang="{lang}" '
            f'data-board="{scene.board}">')  # fmt: skip
    return "\n".join([head, f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>",
                      *body, "</svg>"]) + "\n"  # fmt: skip
