"""Server-rendered SVG charts (no chart library): a month-by-month line chart and a sparkline. Pure functions;
every text that reaches the SVG is escaped."""
import math

from markupsafe import Markup, escape

PALETTE = ("#0f766e", "#b45309", "#1d4ed8", "#7c3aed", "#be123c", "#4d7c0f")
LIGHT_COLOURS = {"ok": "#15803d", "warn": "#d97706", "bad": "#dc2626", "none": "#9ca3af"}


def nice_max(values, target=None, ceiling=100.0) -> float:
    """Top of the y axis: the next multiple of 20 above the data and the target (ticks fall on multiples of 5),
    at most `ceiling` unless the data goes above it."""
    top = max([v for v in values if v is not None] + ([target] if target is not None else []) + [0])
    rounded = max(20.0, math.ceil(top * 1.05 / 20) * 20)
    return min(ceiling, rounded) if top <= ceiling else rounded


def _fmt(value: float, decimal: str = ".") -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", decimal)


def _segments(points):
    """Split a series at missing months so a gap is drawn as a gap, not a straight line."""
    segment = []
    for point in points:
        if point is None:
            if segment:
                yield segment
            segment = []
        else:
            segment.append(point)
    if segment:
        yield segment


def line_chart(labels: list[str], series: list[dict], title: str, target: float | None = None,
               target_label: str = "", y_max: float | None = None, width: int = 400, height: int = 230,
               unit: str = "%", decimal: str = ".") -> Markup:
    """Lines of percentages over months. series: [{"name", "values": [float|None], "color"?}]. `decimal` is the
    decimal mark of the reader's language ("," in Indonesian) for the numbers written on the chart."""
    left, right, top, bottom = 42, 22, 30, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    all_values = [v for s in series for v in s["values"]]
    y_top = y_max or nice_max(all_values, target)
    step = plot_w / max(1, len(labels) - 1)

    def x(i):
        return left + i * step

    def y(v):
        return top + plot_h - (min(v, y_top) / y_top) * plot_h

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">',
             f'<title>{escape(title)}</title>',
             f'<text x="4" y="17" font-size="14" font-weight="600" fill="#111827">{escape(title)}</text>']
    for tick in range(5):
        value = y_top * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#e5e7eb"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#6b7280">'
                     f'{escape(_fmt(value, decimal))}{escape(unit)}</text>')
    last = len(labels) - 1
    for i, label in enumerate(labels):
        if len(labels) <= 6 or (last - i) % 3 == 0:  # every third month on a 12-month axis, ending on the last
            anchor = "end" if i == last else "middle"
            parts.append(f'<text x="{x(i) + (6 if i == last else 0):.1f}" y="{height - 10}" text-anchor="{anchor}" '
                         f'fill="#6b7280">{escape(label)}</text>')
    if target is not None:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                     f'stroke="#dc2626" stroke-dasharray="5 4" stroke-width="1.5"/>')
        label_y = y(target) - 4 if y(target) - 4 > top + 8 else y(target) + 13  # keep it off the title
        parts.append(f'<text x="{width - right}" y="{label_y:.1f}" text-anchor="end" fill="#dc2626" '
                     f'stroke="#fff" stroke-width="3" paint-order="stroke">'
                     f'{escape(target_label)} {escape(_fmt(target, decimal))}{escape(unit)}</text>')
    for index, line in enumerate(series):
        color = line.get("color") or PALETTE[index % len(PALETTE)]
        points = [(x(i), y(v), v, labels[i]) if v is not None else None for i, v in enumerate(line["values"])]
        for segment in _segments(points):
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in segment)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5" '
                         f'stroke-linejoin="round"/>')
        for point in points:
            if point:
                px, py, value, label = point
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{color}"><title>'
                             f'{escape(line["name"])} {escape(label)}: {escape(_fmt(value, decimal))}{escape(unit)}'
                             f'</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: list[float | None], light: str = "none", label: str = "", target: float | None = None,
              width: int = 120, height: int = 32) -> Markup:
    """A small trend line coloured by the traffic light of its last value, with the target as a dotted line."""
    pad = 3
    y_top = nice_max(values, target)
    step = (width - 2 * pad) / max(1, len(values) - 1)
    color = LIGHT_COLOURS.get(light, LIGHT_COLOURS["none"])

    def y(v):
        return height - pad - (min(v, y_top) / y_top) * (height - 2 * pad)

    parts = [f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>']
    if target is not None:
        parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                     f'stroke="#9ca3af" stroke-dasharray="2 3"/>')
    points = [(pad + i * step, y(v)) if v is not None else None for i, v in enumerate(values)]
    for segment in _segments(points):
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
    if points and points[-1]:
        parts.append(f'<circle cx="{points[-1][0]:.1f}" cy="{points[-1][1]:.1f}" r="3" fill="{color}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
