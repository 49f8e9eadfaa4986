"""`atelier chart`: a CSV file of readings (a weather station's meteo.csv) as an SVG line chart.

The first column is the time (x); each other column is a series of readings (y), named by its
header with its unit in brackets, as the lessons write them: `temps (s),temperature (C)`. A
spreadsheet's French export (`;` between columns, a decimal comma) reads as well. The chart is
our own small SVG: axes with their labels and units, round ticks, one line per column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from atelier.errors import UserError
from atelier.i18n import _

WIDTH, HEIGHT = 800, 480
LEFT, RIGHT, TOP, BOTTOM = 80, 30, 60, 70  # margins around the plot area
COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
MAX_DOTS = 200  # a dot on each reading up to this many


@dataclass
class Table:
    """A CSV of readings: the column names and the rows of numbers (first column: the time)."""

    columns: list[str]
    rows: list[list[float]]

    def column(self, i: int) -> list[float]:
        return [row[i] for row in self.rows]


def read_csv(path: Path) -> Table:
    """The readings of `path`, or a UserError naming the file, the line and what is wrong."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(_("{file}: no such file").format(file=path)) from None
    except OSError:
        raise UserError(_("{file}: cannot read this file").format(file=path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # a spreadsheet's export on Windows
        text = raw.decode("cp1252", errors="replace")
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise UserError(_("{file}: the file is empty").format(file=path))
    first_line, header = lines[0]
    french = header.count(";") > header.count(",")  # a French spreadsheet's export
    sep = ";" if french else ","
    columns = [c.strip().strip('"') for c in header.split(sep)]
    if len(columns) < 2 or not all(columns):
        raise UserError(
            _(
                "{file}:{line}: the first line must name the columns, the time first, "
                "e.g. temps (s),temperature (C)"
            ).format(file=path, line=first_line)
        )
    rows = []
    for n, line in lines[1:]:
        values = [v.strip().strip('"') for v in line.split(sep)]
        if len(values) != len(columns):
            raise UserError(
                _("{file}:{line}: {count} values, but the first line names {columns} columns")
                .format(file=path, line=n, count=len(values), columns=len(columns))
            )  # fmt: skip
        row = []
        for name, value in zip(columns, values, strict=True):
            number = _number(value.replace(",", ".") if french else value)
            if number is None:
                raise UserError(
                    _("{file}:{line}: {value!r} in column {column!r} is not a number").format(
                        file=path, line=n, value=value, column=name
                    )
                )
            row.append(number)
        rows.append(row)
    if not rows:
        raise UserError(_("{file}: no readings under the first line").format(file=path))
    return Table(columns, rows)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def pick(table: Table, path: Path, name: str | None) -> list[int]:
    """The columns to draw: `name` (its full header, or the header without its unit, in any
    case), else every column after the time."""
    if name is None:
        return list(range(1, len(table.columns)))
    wanted = name.strip().casefold()
    for i, column in enumerate(table.columns[1:], 1):
        if wanted in (column.casefold(), label_and_unit(column)[0].casefold()):
            return [i]
    raise UserError(
        _("{file}: no column {name!r}; its columns: {columns}").format(
            file=path, name=name, columns=", ".join(table.columns[1:])
        )
    )


def label_and_unit(column: str) -> tuple[str, str]:
    """ "temperature (C)" -> ("temperature", "C"); no unit in brackets: (column, "")."""
    m = re.fullmatch(r"\s*(.*?)\s*[(\[]\s*(.*?)\s*[)\]]\s*", column)
    return (m.group(1), m.group(2)) if m else (column.strip(), "")


def ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) from at most `low` to at least
    `high`, about `count` of them."""
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step + 1e-9) * step
    out = [start]
    while out[-1] < high - step * 1e-9 or len(out) < 2:
        out.append(start + len(out) * step)
    return [round(v, 10) for v in out]


def _text(value: float, decimal_comma: bool) -> str:
    s = f"{value:.10g}"
    if "e" in s:
        s = f"{value:.3g}"
    return s.replace(".", ",") if decimal_comma else s


def svg(table: Table, columns: list[int], title: str, decimal_comma: bool = False) -> str:
    """The chart as an SVG document: time across, the chosen columns' readings up."""
    xs = table.column(0)
    ys = [v for i in columns for v in table.column(i)]
    xt, yt = ticks(min(xs), max(xs)), ticks(min(ys), max(ys))
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        return LEFT + (x - xt[0]) / (xt[-1] - xt[0]) * pw

    def py(y):
        return TOP + ph - (y - yt[0]) / (yt[-1] - yt[0]) * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2:g}" y="28" text-anchor="middle" font-size="18">'
        f"{escape(title)}</text>",
        '<g class="grid" stroke="#dddddd" stroke-width="1">',
    ]
    for x in xt:
        out.append(f'<line x1="{px(x):.1f}" y1="{TOP}" x2="{px(x):.1f}" y2="{TOP + ph}"/>')
    for y in yt:
        out.append(f'<line x1="{LEFT}" y1="{py(y):.1f}" x2="{LEFT + pw}" y2="{py(y):.1f}"/>')
    out.append("</g>")
    out.append('<g class="axes" stroke="black" stroke-width="1.5">')
    out.append(f'<line x1="{LEFT}" y1="{TOP + ph}" x2="{LEFT + pw}" y2="{TOP + ph}"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + ph}"/>')
    out.append("</g>")
    out.append('<g class="ticks" font-size="12">')
    for x in xt:
        out.append(f'<text x="{px(x):.1f}" y="{TOP + ph + 18}" text-anchor="middle">'
                   f"{_text(x, decimal_comma)}</text>")  # fmt: skip
    for y in yt:
        out.append(f'<text x="{LEFT - 8}" y="{py(y) + 4:.1f}" text-anchor="end">'
                   f"{_text(y, decimal_comma)}</text>")  # fmt: skip
    out.append("</g>")
    x_label = table.columns[0]
    y_label = ", ".join(table.columns[i] for i in columns)
    out.append(f'<text class="x-label" x="{LEFT + pw / 2:g}" y="{HEIGHT - 20}" '
               f'text-anchor="middle" font-size="14">{escape(x_label)}</text>')  # fmt: skip
    cy = TOP + ph / 2
    out.append(f'<text class="y-label" x="20" y="{cy:g}" text-anchor="middle" font-size="14" '
               f'transform="rotate(-90 20 {cy:g})">{escape(y_label)}</text>')  # fmt: skip
    for k, i in enumerate(columns):
        colour = COLOURS[k % len(COLOURS)]
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, table.column(i),
                                                                     strict=True))  # fmt: skip
        name = quoteattr(table.columns[i])
        out.append(f'<g class="series" data-column={name}>')
        out.append(f"<title>{escape(table.columns[i])}</title>")
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                   f'points="{points}"/>')  # fmt: skip
        if len(xs) <= MAX_DOTS:
            for x, y in zip(xs, table.column(i), strict=True):
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" '
                           f'fill="{colour}"/>')  # fmt: skip
        out.append("</g>")
        if len(columns) > 1:  # a legend: which colour is which column
            ly = TOP - 12
            lx = LEFT + k * 200
            out.append(f'<g class="legend"><line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" '
                       f'y2="{ly - 4}" stroke="{colour}" stroke-width="3"/>'
                       f'<text x="{lx + 30}" y="{ly}" font-size="13">'
                       f"{escape(table.columns[i])}</text></g>")  # fmt: skip
    out.append("</svg>")
    return "\n".join(out) + "\n"


def chart(path: Path, out: Path | None = None, column: str | None = None) -> Path:
    """Draw `path` (a CSV of readings) into `out` (default: beside it, .svg); the SVG's path."""
    from atelier import i18n

    path = Path(path)
    table = read_csv(path)
    columns = pick(table, path, column)
    out = Path(out) if out is not None else path.with_suffix(".svg")
    text = svg(table, columns, path.name, decimal_comma=i18n.language == "fr")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError:
        raise UserError(
            _("{file}: cannot write the chart there; choose another -o file").format(file=out)
        ) from None
    return out
