"""Inline SVG pictures as strings: colour distributions, indicator trends, the goal chain and the årshjul.

Every picture is `role="img"` with a <title> and a <desc> that say in words what it shows, every text is
escaped, and colour is never the only signal: fulfilment colours are also shapes (● grön, ▲ gul, ■ röd,
◆ svart) and words. No script, no external reference, no id that is not prefixed by the caller's unique id.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from html import escape

from styr.frozen import frozen
from styr.render.site.safe import Safe

# fill, text on the fill, outline. The outline gives every shape at least 3:1 against white (WCAG 1.4.11).
PALETTE: dict[str, tuple[str, str, str]] = {
    "gron": ("#2e7d32", "#ffffff", "#1b4d1f"),
    "gul": ("#f2c200", "#1a1a1a", "#6b5500"),
    "rod": ("#c62828", "#ffffff", "#7f1414"),
    "svart": ("#1a1a1a", "#ffffff", "#000000"),  # black reads as black, on screen and in print
    # States that are not colours (issue 12): hollow shapes, so they never read as a judged colour.
    "ej_aktuell": ("#ffffff", "#1a1a1a", "#4d4d4d"),  # ◌ no measurement due in the period
    "ej_paborjat": ("#ffffff", "#1a1a1a", "#4d4d4d"),  # ◇ the goal has not started
}
INK = "#1a1a1a"
MUTED = "#4d4d4d"  # 7.9:1 on white
ACCENT = "#1a4fa0"  # 7.4:1 on white
GRID = "#c8c8c8"
FONT = 13


def _e(text: str) -> str:
    return escape(text, quote=True)


_N_SEEN: dict[float, str] = {}  # the same coordinates recur in every chart: format each once
_N_SEEN_MAX = 50_000


def _n(value: float) -> str:
    """Coordinates with at most one decimal: small files, stable output. (Called for every coordinate.)"""
    text = _N_SEEN.get(value)
    if text is None or not value:  # 0.0 and -0.0 are equal keys but print differently
        text = f"{value:.1f}".removesuffix(".0")
        if len(_N_SEEN) >= _N_SEEN_MAX:
            _N_SEEN.clear()
        _N_SEEN[value] = text
    return text


def _open(fig_id: str, width: float, height: float, title: str, desc: str, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_e(css_class)}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" aria-labelledby="{fig_id}-t {fig_id}-d">'
        f'<title id="{fig_id}-t">{_e(title)}</title><desc id="{fig_id}-d">{_e(desc)}</desc>'
    )


def _text(x: float, y: float, text: str, *, size: int = FONT, anchor: str = "start", fill: str = INK,
          weight: str = "normal") -> str:
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{bold}>'
            f"{_e(text)}</text>")


def marker(key: str, cx: float, cy: float, r: float) -> str:
    """The fulfilment shape: circle grön, triangle gul, square röd, diamond svart (not measured), each filled."""
    fill, _, stroke = PALETTE.get(key, PALETTE["svart"])
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if key == "gul":
        top, base, half = cy - r * 1.1, cy + r * 0.85, r * 1.1
        pts = f"{_n(cx)},{_n(top)} {_n(cx + half)},{_n(base)} {_n(cx - half)},{_n(base)}"
        return f'<polygon points="{pts}" {common}/>'
    if key == "rod":
        s = r * 0.9
        return f'<rect x="{_n(cx - s)}" y="{_n(cy - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" {common}/>'
    if key == "ej_aktuell":
        return (f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r * 0.85)}" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="1.5" stroke-dasharray="2 1.5"/>')
    if key in ("svart", "ej_paborjat"):
        s = r * 1.15
        pts = f"{_n(cx)},{_n(cy - s)} {_n(cx + s)},{_n(cy)} {_n(cx)},{_n(cy + s)} {_n(cx - s)},{_n(cy)}"
        return f'<polygon points="{pts}" {common}/>'
    return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" {common}/>'


def _text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * 0.56


# -- colour distribution ------------------------------------------------------------------------------------


@frozen
class DistRow:
    label: str
    counts: tuple[tuple[str, int], ...]  # (colour key, count) in the order grön, gul, röd, svart
    total_text: str


def distribution(fig_id: str, title: str, desc: str, rows: Sequence[DistRow],
                 legend: Sequence[tuple[str, str]]) -> Safe:
    """Horizontal stacked bars, one a row. Beside each bar every colour's shape and count, however narrow
    its segment; under the bars a legend of shapes and words."""
    label_w = max([_text_width(r.label) for r in rows] + [60]) + 12
    bar_w, row_h, bar_h, top, cell = 260.0, 30.0, 20.0, 8.0, 44.0
    counts_x = label_w + bar_w + 14
    total_w = max([_text_width(r.total_text) for r in rows] + [40]) + 12
    legend_w = sum(_text_width(word) + 34 for _, word in legend)
    width = max(counts_x + cell * len(legend) + total_w, label_w + legend_w)
    legend_y = top + row_h * len(rows) + 18
    height = legend_y + 12
    out = [_open(fig_id, width, height, title, desc, "figur fordelning")]
    for i, row in enumerate(rows):
        y = top + i * row_h
        out.append(_text(label_w - 8, y + bar_h - 5, row.label, anchor="end"))
        total = sum(n for _, n in row.counts)
        x = label_w
        if total == 0:
            out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w)}" height="{_n(bar_h)}" fill="#ffffff" '
                       f'stroke="{GRID}"/>')
        for key, n in row.counts:
            if n == 0:
                continue
            w = bar_w * n / total
            fill, _, stroke = PALETTE.get(key, PALETTE["svart"])
            out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(bar_h)}" fill="{fill}" '
                       f'stroke="{stroke}"/>')
            x += w
        for j, (key, n) in enumerate(row.counts):
            cx = counts_x + j * cell
            out.append(marker(key, cx + 6, y + bar_h / 2, 5.5))
            out.append(_text(cx + 15, y + bar_h - 5, str(n), weight="bold" if n else "normal",
                             fill=INK if n else MUTED))
        out.append(_text(counts_x + cell * len(legend), y + bar_h - 5, row.total_text, fill=MUTED))
    x = label_w
    for key, word in legend:
        out.append(marker(key, x + 6, legend_y - 4, 5.5))
        out.append(_text(x + 15, legend_y, word))
        x += _text_width(word) + 34
    out.append("</svg>")
    return Safe("".join(out))


# -- indicator trend ----------------------------------------------------------------------------------------


@frozen
class TrendData:
    """Prepared by the view: x values are day numbers, y values the indicator's numbers."""

    series: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]  # (period kind, outcomes): one line each
    targets: tuple[tuple[float, float, float, float], ...]  # x0, x1, low, high (low == high: one value)
    baseline: tuple[float, float] | None
    x_ticks: tuple[tuple[float, str], ...]
    y_format: tuple[tuple[float, str], ...]  # y tick values with their Swedish text
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    y_unit: str = ""  # '%', 'antal', 'kr' …: written above the y axis


def _t(x: float, y: float, text: str) -> str:
    """A bare text element; its font, size, anchor and colour come from the enclosing group."""
    return f'<text x="{_n(x)}" y="{_n(y)}">{_e(text)}</text>'


def _group(attrs: str, parts: list[str]) -> str:
    return f"<g {attrs}>{''.join(parts)}</g>" if parts else ""


_TREND_WIDTH, _TREND_PLOT_HEIGHT = 460.0, 148.0
_TREND_MARGINS = (56.0, 14.0, 22.0, 32.0)  # left, right, top, bottom (the legend is below the bottom)
_LEGEND_ROW = 18.0
# Each series of outcomes has its own line and point shape, so the kinds are told apart without colour.
_SERIES_DASH = ("", ' stroke-dasharray="2 3"', ' stroke-dasharray="9 3 2 3"')


def _point(shape: int, x: float, y: float) -> str:
    if shape == 1:
        return f'<rect x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" width="7" height="7"/>'
    if shape == 2:
        return f'<path d="M{_n(x)} {_n(y - 4.5)}l4.5 8h-9z"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4"/>'


def trend(fig_id: str, title: str, desc: str, data: TrendData) -> Safe:
    """Outcomes as lines with points, one line and point shape per kind of period; targets as dashed steps
    (a band for an interval), the baseline as a diamond; a legend in words, so line style and shape, not
    colour, tell them apart."""
    legend, legend_rows = _trend_legend(tuple(name for name, _ in data.series), data.baseline is not None)
    left, right, top, bottom = _TREND_MARGINS
    width, ph = _TREND_WIDTH, _TREND_PLOT_HEIGHT
    height = top + ph + bottom + legend_rows * _LEGEND_ROW
    # _plot_scales, written out: a report draws tens of thousands of charts (the same arithmetic, so the same numbers)
    (x0, x1), (y0, y1) = data.x_range, data.y_range
    xs = (width - left - right) / (x1 - x0) if x1 > x0 else 1.0
    ys = ph / (y1 - y0) if y1 > y0 else 1.0
    bottom_y = top + ph
    n = _n
    out = [_open(fig_id, width, height, title, desc, "figur trend"),
           *_trend_axes(data.x_ticks, data.x_range, data.y_format, data.y_range)]
    if data.y_unit:
        out.append(_text(left - 6, top - 9, data.y_unit, size=11, anchor="end", fill=MUTED))
    bands = []
    steps = []
    for a, b, lo, hi in data.targets:
        xa, xb = left + (a - x0) * xs, left + (b - x0) * xs
        if hi > lo:
            y_hi, y_lo = bottom_y - (hi - y0) * ys, bottom_y - (lo - y0) * ys
            bands.append(f'<rect x="{n(xa)}" y="{n(y_hi)}" width="{n(xb - xa)}" height="{n(y_lo - y_hi)}"/>')
        else:
            steps.append(f"M{n(xa)} {n(bottom_y - (lo - y0) * ys)}H{n(xb)}")
    out.append(_group(f'fill="#dce6f5" stroke="{ACCENT}" stroke-dasharray="5 3"', bands))
    if steps:
        out.append(f'<path d="{"".join(steps)}" stroke="{ACCENT}" stroke-width="2.5" stroke-dasharray="6 4"/>')
    if data.baseline is not None:
        bx, by = left + (data.baseline[0] - x0) * xs, bottom_y - (data.baseline[1] - y0) * ys
        out.append(f'<path d="M{n(bx)} {n(by - 6)}l6 6-6 6-6-6z" fill="#ffffff" stroke="{INK}" stroke-width="1.5"/>')
    for i, (_, points) in enumerate(data.series):
        style = i % len(_SERIES_DASH)
        placed = [(left + (x - x0) * xs, bottom_y - (y - y0) * ys) for x, y in points]
        if len(placed) > 1:
            pts = " ".join(f"{n(x)},{n(y)}" for x, y in placed)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{INK}" stroke-width="2"{_SERIES_DASH[style]}/>')
        out.append(_group(f'fill="{INK}"', [_point(style, x, y) for x, y in placed]))
    out.append(f'<g transform="translate(0 {n(bottom_y + bottom)})">{legend}</g>')
    out.append("</svg>")
    return Safe("".join(out))


def _plot_scales(x_range: tuple[float, float], y_range: tuple[float, float]
                 ) -> tuple[Callable[[float], float], Callable[[float], float]]:
    """A trend chart's data coordinates → the picture's: x to the right from the left margin, y up from the plot's
    bottom edge (a range of one value is drawn at scale 1)."""
    left, right, top, _ = _TREND_MARGINS
    pw, ph = _TREND_WIDTH - left - right, _TREND_PLOT_HEIGHT
    (x0, x1), (y0, y1) = x_range, y_range
    xs = pw / (x1 - x0) if x1 > x0 else 1.0
    ys = ph / (y1 - y0) if y1 > y0 else 1.0

    def px(x: float) -> float:
        return left + (x - x0) * xs

    def py(y: float) -> float:
        return top + ph - (y - y0) * ys

    return px, py


@lru_cache(maxsize=4096)
def _trend_axes(x_ticks: tuple[tuple[float, str], ...], x_range: tuple[float, float],
                y_format: tuple[tuple[float, str], ...], y_range: tuple[float, float]) -> tuple[str, str, str, str]:
    """The grid, the x axis and both axes' labels of a trend chart: the same for every chart over the same years
    and values (most of a report's thousands), so drawn once for each."""
    left, right, top, _ = _TREND_MARGINS
    pw, ph = _TREND_WIDTH - left - right, _TREND_PLOT_HEIGHT
    px, py = _plot_scales(x_range, y_range)
    base = top + ph
    grid = "".join(f"M{_n(left)} {_n(py(v))}H{_n(left + pw)}" for v, _ in y_format)
    ticks = "".join(f"M{_n(px(v))} {_n(base)}V{_n(base + 4)}" for v, _ in x_ticks)
    return (
        f'<path d="{grid}" stroke="{GRID}"/>' if grid else "",
        f'<path d="M{_n(left)} {_n(base)}H{_n(left + pw)}{ticks}" stroke="{INK}"/>',
        _group(f'font-size="11" text-anchor="end" fill="{MUTED}"',
               [_t(left - 6, py(v) + 4, label) for v, label in y_format]),
        _group(f'font-size="11" text-anchor="middle" fill="{MUTED}"',
               [_t(px(v), base + 17, label) for v, label in x_ticks]),
    )


@lru_cache(maxsize=64)
def _trend_legend(series: tuple[str, ...], baseline: bool) -> tuple[str, int]:
    """The legend under a trend chart, flowing into rows of the chart's width; the same for every chart with
    the same kinds of series, so drawn once. Returns the markup (rows from y 0) and the number of rows."""
    entries: list[tuple[str, str]] = []  # (symbol markup at x 0, word)
    for i, name in enumerate(series):
        style = i % len(_SERIES_DASH)
        line = f'<path d="M0 -4h22" stroke="{INK}" stroke-width="2"{_SERIES_DASH[style]}/>'
        entries.append((line + f'<g fill="{INK}">{_point(style, 11, -4)}</g>',
                        "Utfall" if len(series) == 1 else f"Utfall, {name}"))
    entries.append((f'<path d="M0 -4h22" stroke="{ACCENT}" stroke-width="2.5" stroke-dasharray="6 4"/>', "Målvärde"))
    if baseline:
        entries.append((f'<path d="M11 -10l6 6-6 6-6-6z" fill="#ffffff" stroke="{INK}" stroke-width="1.5"/>',
                        "Baslinje"))
    left = _TREND_MARGINS[0]
    x, row, parts = left, 0, []
    for symbol, word in entries:
        w = 28 + _text_width(word, 12) + 16
        if x + w > _TREND_WIDTH and x > left:
            x, row = left, row + 1
        y = row * _LEGEND_ROW + 4
        parts.append(f'<g transform="translate({_n(x)} {_n(y)})">{symbol}</g>')
        parts.append(f'<text x="{_n(x + 28)}" y="{_n(y)}" font-size="12" fill="{INK}">{_e(word)}</text>')
        x += w
    return "".join(parts), row + 1


# -- goal chain ---------------------------------------------------------------------------------------------


@frozen
class ChainNode:
    depth: int
    text: str
    colour_key: str
    colour_word: str


def chain(fig_id: str, title: str, desc: str, nodes: Sequence[ChainNode]) -> Safe:
    """The goal chain as a tree growing downwards: one row a goal, indented one step a level, elbows from
    each goal to the goals that contribute to it. Each goal has its shape and its colour word."""
    row_h, indent, top, left = 26.0, 26.0, 10.0, 14.0
    widest = max((n.depth * indent + _text_width(f"{n.text} – {n.colour_word}") for n in nodes), default=100)
    width = left + widest + 40
    height = top + row_h * len(nodes) + 8
    elbows: list[str] = []
    shapes: list[str] = []
    texts: list[str] = []
    last_at_depth: dict[int, int] = {}
    for i, node in enumerate(nodes):
        cy = top + i * row_h + row_h / 2
        cx = left + node.depth * indent
        parent_row = last_at_depth.get(node.depth - 1)
        if node.depth > 0 and parent_row is not None:
            px = left + (node.depth - 1) * indent
            py = top + parent_row * row_h + row_h / 2 + 7
            elbows.append(f"M{_n(px)} {_n(py)}V{_n(cy)}H{_n(cx - 8)}")
        last_at_depth[node.depth] = i
        for deeper in [d for d in last_at_depth if d > node.depth]:
            del last_at_depth[deeper]
        shapes.append(marker(node.colour_key, cx, cy, 6))
        label = _e(f"{node.text} – {node.colour_word}")
        bold = ' font-weight="bold"' if node.depth == 0 else ""
        texts.append(f'<text x="{_n(cx + 12)}" y="{_n(cy + 4.5)}"{bold}>{label}</text>')
    out = [_open(fig_id, width, height, title, desc, "figur kedja")]
    if elbows:
        out.append(f'<path d="{"".join(elbows)}" fill="none" stroke="{MUTED}"/>')
    out.extend(shapes)
    out.append(_group(f'font-size="{FONT}" fill="{INK}"', texts))
    out.append("</svg>")
    return Safe("".join(out))


# -- årshjul ------------------------------------------------------------------------------------------------


@frozen
class WheelMonth:
    abbreviation: str
    items: int
    current: bool


def wheel(fig_id: str, title: str, desc: str, months: Sequence[WheelMonth], centre: tuple[str, str]) -> Safe:
    """Twelve sectors clockwise from January at the top; months with planned work are tinted, and those with more
    than one item show how many; the current month is dark with white text, outlined and pointed at with 'Nu'."""
    size, cx, cy, r_out, r_in = 380.0, 190.0, 190.0, 150.0, 62.0
    out = [_open(fig_id, size, size, title, desc, "figur arshjul")]
    n = len(months) or 12
    current_mid: float | None = None
    for i, month in enumerate(months):
        a0 = -math.pi / 2 + 2 * math.pi * i / n
        a1 = a0 + 2 * math.pi / n
        fill = ACCENT if month.current else ("#dce6f5" if month.items else "#f2f2f2")
        ink = "#ffffff" if month.current else INK
        pts = (
            f"M{_n(cx + r_in * math.cos(a0))} {_n(cy + r_in * math.sin(a0))} "
            f"L{_n(cx + r_out * math.cos(a0))} {_n(cy + r_out * math.sin(a0))} "
            f"A{_n(r_out)} {_n(r_out)} 0 0 1 {_n(cx + r_out * math.cos(a1))} {_n(cy + r_out * math.sin(a1))} "
            f"L{_n(cx + r_in * math.cos(a1))} {_n(cy + r_in * math.sin(a1))} "
            f"A{_n(r_in)} {_n(r_in)} 0 0 0 {_n(cx + r_in * math.cos(a0))} {_n(cy + r_in * math.sin(a0))}Z"
        )
        stroke = f'stroke="{INK}" stroke-width="3"' if month.current else 'stroke="#ffffff" stroke-width="2"'
        out.append(f'<path d="{pts}" fill="{fill}" {stroke}/>')
        mid = (a0 + a1) / 2
        tr = (r_in + r_out) / 2 + 14
        out.append(_text(cx + tr * math.cos(mid), cy + tr * math.sin(mid) + 4, month.abbreviation, anchor="middle",
                         fill=ink, weight="bold" if month.current else "normal"))
        if month.items > 1:  # a count of 1 in every month says nothing; the tint already shows planned work
            ir = (r_in + r_out) / 2 - 18
            out.append(_text(cx + ir * math.cos(mid), cy + ir * math.sin(mid) + 4, str(month.items), size=11,
                             anchor="middle", fill=ink))
        if month.current:
            current_mid = mid
    if current_mid is not None:
        tip = r_out + 2
        base = r_out + 14
        spread = 0.06
        out.append(
            f'<polygon points="{_n(cx + tip * math.cos(current_mid))},{_n(cy + tip * math.sin(current_mid))} '
            f"{_n(cx + base * math.cos(current_mid - spread))},{_n(cy + base * math.sin(current_mid - spread))} "
            f'{_n(cx + base * math.cos(current_mid + spread))},{_n(cy + base * math.sin(current_mid + spread))}" '
            f'fill="{INK}"/>'
        )
        lr = r_out + 23
        out.append(_text(cx + lr * math.cos(current_mid), cy + lr * math.sin(current_mid) + 4, "Nu",
                         anchor="middle", weight="bold", size=12))
    out.append(_text(cx, cy - 4, centre[0], anchor="middle", weight="bold"))
    out.append(_text(cx, cy + 14, centre[1], anchor="middle", size=12, fill=MUTED))
    out.append("</svg>")
    return Safe("".join(out))
