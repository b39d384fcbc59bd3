"""Server-rendered SVG charts. Each chart is decoration for sighted readers: it is aria-hidden
and the data table beside it is the accessible path. Presentation attributes only (the CSP
forbids inline style attributes); colours come from classes in observatory.css."""

from dataclasses import dataclass
from xml.sax.saxutils import escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
BAR_WIDTH = 360
VALUE_WIDTH = 160


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""  # e.g. the unit


def bars(items: list[Bar], css_class: str = "bar") -> str:
    """Horizontal bars, longest = full width; funnels are bars in stage order."""
    if not items:
        return ""
    top = max(b.value for b in items) or 1
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">'
    ]
    for index, bar in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = max(1, round(BAR_WIDTH * bar.value / top)) if bar.value else 0
        label = escape(bar.label if len(bar.label) <= 40 else bar.label[:39] + "…")
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" class="chart-label">{label}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" class="{css_class}" rx="2"></rect>'
        )
        value = escape(f"{bar.value:,}".replace(",", "\u202f") + (f" {bar.note}" if bar.note else ""))
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 6}" class="chart-value">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
