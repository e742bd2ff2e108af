"""Charts as server-side SVG: no JavaScript, no network, printable, and the numbers
in the chart are the numbers of the table (both read the same Pivot).

trend_chart: lines over months (the city's total, or a few chosen units);
bar_chart: one bar per unit, largest first (the ranking of the range's total).
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape

from baocao import vn

COLOURS = ["#0b5cad", "#d9480f", "#2b8a3e", "#862e9c", "#c92a2a", "#1098ad", "#e67700", "#495057"]
FONT = 'font-family="system-ui, Arial, sans-serif" font-size="12"'


def _nice_max(value: float) -> float:
    """A round axis maximum at or above value: 1, 2, 2.5, 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def money_scale(top: float) -> tuple[float, str]:
    """Money axes read in tỷ or triệu đồng, not in 12-digit đồng."""
    if top >= 1e9:
        return 1e9, "tỷ đồng"
    if top >= 1e6:
        return 1e6, "triệu đồng"
    return 1.0, "đồng"


def axis_scale(unit: str, top: float) -> tuple[float, str]:
    return money_scale(top) if unit == "đồng" else (1.0, unit)


def label_every(count: int, width: float, label_px: float = 52) -> int:
    """Show every n-th month label so that no two labels overlap."""
    return max(1, math.ceil(count * label_px / max(width, 1)))


def _label(value: float) -> str:
    decimals = 0 if value >= 100 or value == int(value) else 1
    return vn.format_number(Decimal(str(round(value, decimals))))


def trend_chart(
    title: str, labels: list[str], series: list[tuple[str, list[Decimal | None]]], unit: str = ""
) -> str:
    """Lines over months; a gap where a month has no figure."""
    width, height, left, right, top, bottom = 760, 300, 70, 170, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _, vs in series for v in vs if v is not None]
    top_value = _nice_max(max(values, default=0))
    low = min(values, default=0)
    bottom_value = 0.0 if low >= 0 else -_nice_max(-low)
    span = top_value - bottom_value or 1.0
    step_x = plot_w / max(1, len(labels) - 1)
    divisor, axis_unit = axis_scale(unit, max(abs(top_value), abs(bottom_value)))
    every = label_every(len(labels), plot_w)

    def x(i: int) -> float:
        return left + i * step_x

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - bottom_value) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-trend" {FONT}>',
        f'<text x="{left}" y="18" font-weight="bold">{escape(title)}'
        f"{escape(f' ({axis_unit})' if axis_unit else '')}</text>",
    ]
    for i in range(5):
        v = bottom_value + span * i / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e7ee"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#5b6475">{_label(v / divisor)}</text>'
        )
    for i, label in enumerate(labels):
        if i % every and i != len(labels) - 1:
            continue  # labels would collide: every n-th month and the last
        if i != len(labels) - 1 and len(labels) - 1 - i < every:
            continue  # too close to the last label
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="#5b6475">{escape(label)}</text>'
        )
    for n, (name, vs) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        path, pen_down = [], False
        for i, v in enumerate(vs):
            if v is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{x(i):.1f},{y(float(v)):.1f}")
            pen_down = True
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(vs):
            if v is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(float(v)):.1f}" r="3" fill="{colour}">'
                    f"<title>{escape(name)}, {escape(labels[i])}: {vn.format_number(v)}</title></circle>"
                )
        ly = top + 16 * n
        parts.append(
            f'<rect x="{width - right + 12}" y="{ly}" width="12" height="3" fill="{colour}"/>'
            f'<text x="{width - right + 30}" y="{ly + 5}">{escape(name[:24])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(title: str, items: list[tuple[str, Decimal]], unit: str = "") -> str:
    """Horizontal bars, one per unit, in the order given (a ranking, or by name when
    the figure ranks nothing); each bar's figure written as the table writes it."""
    bar, gap, left, right, top = 14, 4, 170, 90, 30
    width = 760
    height = top + len(items) * (bar + gap) + 10
    top_value = _nice_max(max((float(v) for _, v in items), default=0))
    plot_w = width - left - right
    divisor, axis_unit = axis_scale(unit, top_value)

    def shown(value: Decimal) -> str:
        if divisor == 1.0:
            return vn.format_number(value)
        return vn.format_number(round(Decimal(value) / Decimal(int(divisor)), 2))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-bars" {FONT}>',
        f'<text x="8" y="18" font-weight="bold">{escape(title)}'
        f"{escape(f' ({axis_unit})' if axis_unit else '')}</text>",
    ]
    for i, (name, value) in enumerate(items):
        yy = top + i * (bar + gap)
        w = max(0.0, plot_w * float(value) / top_value)
        parts.append(
            f'<text x="{left - 6}" y="{yy + bar - 3}" text-anchor="end">{escape(name[:26])}</text>'
            f'<rect x="{left}" y="{yy}" width="{w:.1f}" height="{bar}" fill="{COLOURS[0]}">'
            f"<title>{escape(name)}: {vn.format_number(value)} {escape(unit)}</title></rect>"
            f'<text x="{left + w + 4:.1f}" y="{yy + bar - 3}" fill="#1d2330">{shown(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
