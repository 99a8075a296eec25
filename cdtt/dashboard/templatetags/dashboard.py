"""Display helpers of the dashboard: a table cell by its kind, and charts drawn as SVG.

Charts are drawn on the server as SVG rectangles sized by attributes (no script, no inline
style: the page's CSP allows neither); the table beside each chart carries the numbers.
"""

from django import template
from django.template.defaultfilters import date as format_date

from cdtt.dashboard.tables import DATE, INT, SHARE
from cdtt.template_filters import number

register = template.Library()
COLUMN_WIDTH, CHART_HEIGHT = 10, 50


def _number(value) -> float:
    return float(value or 0)


register.filter("number", number)


@register.filter
def cell(row: dict, column) -> str:
    value = row.get(column.key)
    if value is None or value == "":
        if column.empty:
            return str(column.empty)
        return "—" if column.kind in (SHARE, DATE) else ""
    if column.kind == SHARE:
        return f"{round(value * 100)}%"
    if column.kind == DATE:
        return format_date(value, "d/m/Y")
    if column.kind == INT:
        return number(value)
    return str(value)


@register.inclusion_tag("dashboard/_chart.html")
def chart(table) -> dict:
    """Bars (one per row, label beside) or columns (a time series, oldest first)."""
    column = next(c for c in table.columns if c.key == table.chart)
    rows = [row for row in table.shown if not row.get("total")]
    first = table.columns[0].key  # what each row is (its name)
    top = max([_number(r.get(column.key)) for r in rows] + [0])
    if column.kind == SHARE:
        top = max(top, 1.0)
    bars = []
    for index, row in enumerate(rows):
        value = _number(row.get(column.key))
        share = value / top if top else 0
        height = round(share * CHART_HEIGHT, 2)
        bars.append(
            {
                "label": row.get(first),
                "text": cell(row, column),
                "width": round(share * 100, 2),
                "x": index * COLUMN_WIDTH + 1,
                "y": CHART_HEIGHT - height + 6,
                "height": height,
                "text_x": index * COLUMN_WIDTH + COLUMN_WIDTH / 2,
                "text_y": CHART_HEIGHT - height + 4.5,
                "short": row.get("short", row.get(first)),
            }
        )
    return {
        "table": table,
        "column": column,
        "bars": bars,
        "kind": table.chart_kind,
        "view_width": max(1, len(rows)) * COLUMN_WIDTH,
        "baseline": CHART_HEIGHT + 6,
        "label_y": CHART_HEIGHT + 12,
    }


@register.filter
def sort_value(row: dict, column) -> str:
    """What a table's script sorts a cell by: the number or ISO date behind the text."""
    value = row.get(column.key)
    if value is None or value == "":
        return ""
    if column.kind == DATE:
        return value.isoformat()
    if column.kind in (INT, SHARE):
        return str(value)
    return ""
