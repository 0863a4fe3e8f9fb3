"""Server-rendered bar charts as geometry for inline SVG (UX section 6): no JS, bars start at
zero, values as direct labels, and the template puts the same numbers in a table below."""

from dataclasses import dataclass

WIDTH, HEIGHT, TOP, BOTTOM = 640, 220, 20, 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_label: bool = True


def bars(items: list[tuple[str, int]], *, width: int = WIDTH, height: int = HEIGHT) -> list[Bar]:
    if not items:
        return []
    top = max(v for _, v in items) or 1
    slot = width / len(items)
    bar_w = max(2.0, slot * 0.7)
    plot = height - TOP - BOTTOM
    # Axis labels need about 40 units each: with many bars, label every `step`-th one (a week
    # for a month of days); the table below the chart names every bar.
    step = 1 if slot >= 40 else (7 if len(items) <= 62 else 14)
    out = []
    for i, (label, value) in enumerate(items):
        h = plot * value / top
        x = i * slot + (slot - bar_w) / 2
        out.append(Bar(label, value, round(x, 1), round(TOP + plot - h, 1), round(bar_w, 1), round(h, 1),
                       round(x + bar_w / 2, 1), i % step == 0))
    return out
