"""Bar charts as server-side SVG: no script, no style attribute (the Content-Security-Policy
allows neither inline), only SVG presentation attributes and classes from site.css. Each
chart has a title for screen readers; the page shows the same figures in a table."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from agreements.selectors import Figures, PlatformImpact
from core.taxonomy import Category, Province

WIDTH = 640
BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 230
LABEL_CHARS = 34  # longer labels are cut; the table under the chart has them in full
VALUE_WIDTH = 90


def bar_chart(
    *, chart_id: str, title: str, rows: list[tuple[str, Decimal]], unit: str
) -> SafeString:
    """A horizontal bar chart of (label, value) rows; empty string when there is nothing."""
    if not rows:
        return mark_safe("")
    top = max((value for _label, value in rows), default=Decimal("0")) or Decimal("1")
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        format_html(
            '<svg class="chart" id="{}" role="img" aria-labelledby="{}-title" '
            'viewBox="0 0 {} {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">{}</title>',
            chart_id,
            chart_id,
            WIDTH,
            height,
            chart_id,
            title,
        )
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int(span * float(value / top)) if value > 0 else 0
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end" '
                'dominant-baseline="middle">{}</text>'
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="#0b6e4f">'
                "</rect>"
                '<text class="chart-value" x="{}" y="{}" dominant-baseline="middle">{} {}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT // 2,
                label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
                LABEL_WIDTH,
                y,
                max(length, 1),
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT // 2,
                formats.number_format(value, 1),
                unit,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


def month_chart(figures: Figures, *, prefix: str) -> SafeString:
    return bar_chart(
        chart_id=f"{prefix}-months",
        title=_("Hours per month"),
        rows=[(month, hours) for month, hours, _amount in figures.sorted(figures.months)],
        unit=_("h"),
    )


def platform_charts(platform: PlatformImpact) -> dict[str, SafeString]:
    figures = platform.figures
    return {
        "months": bar_chart(
            chart_id="p-months",
            title=_("Hours per month"),
            rows=[(m, h) for m, h, _a in figures.sorted(figures.months)],
            unit=_("h"),
        ),
        "provinces": bar_chart(
            chart_id="p-provinces",
            title=_("Hours per province"),
            rows=[(str(Province(p).label), h) for p, h, _a in figures.sorted(figures.provinces)],
            unit=_("h"),
        ),
        "categories": bar_chart(
            chart_id="p-categories",
            title=_("Hours per kind of work"),
            rows=[(str(Category(c).label), h) for c, h, _a in figures.sorted(figures.categories)],
            unit=_("h"),
        ),
    }
