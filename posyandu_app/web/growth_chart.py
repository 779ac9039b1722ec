"""Weight-for-age chart as server-rendered SVG: WHO −3/−2/0/+2/+3 SD curves (0–10 y) and the child's weighings."""
import math

from markupsafe import Markup, escape

from ..domain.data import load

_AGE = load("growth_rules")["age"]
DAYS_PER_MONTH = _AGE["days_per_month"]  # WHO months (growth_rules.json `age`)
UNDER_FIVE_DAY = math.ceil(_AGE["z_max_age_months"] * DAYS_PER_MONTH)  # first day past the WHO 2006 standards
END_MONTHS = _AGE["who2007"]["wfa_max_months"]  # weight-for-age goes on to 10 years in the WHO 2007 reference
END_DAY = math.floor(END_MONTHS * DAYS_PER_MONTH) + 1  # first day of age past it (months <= 120 are charted)
SD_LINES = ((-3, "#b91c1c"), (-2, "#d97706"), (0, "#15803d"), (2, "#d97706"), (3, "#b91c1c"))
WIDTH, HEIGHT = 520, 380
LEFT, RIGHT, TOP, BOTTOM = 52, 36, 16, 48


def sd_value(l, m, s, k):
    """The weight at k SD from the LMS parameters: SD(k) = M(1 + L·S·k)^(1/L) (WHO 2006)."""
    return m * (1 + l * s * k) ** (1 / l)


def _who_lookup(sex):
    try:
        from ..domain import growth_tables
    except ImportError:  # the WHO tables module is not installed: chart the child's points only
        return None
    # one curve: the by-day 2006 table under five, the by-month 2007 reference (interpolated) from 60 months
    return lambda day: (growth_tables.lms_by_day("wfa", sex, day) if day < UNDER_FIVE_DAY else
                        growth_tables.lms_by_month("wfa_2007", sex, day / DAYS_PER_MONTH, END_MONTHS))


def _window(plotted):
    """The months shown: the child's weighings with some room, at least a year, on 6-month boundaries."""
    if not plotted:
        return 0, 24
    first = plotted[0]["age_days"] / DAYS_PER_MONTH
    last = plotted[-1]["age_days"] / DAYS_PER_MONTH
    start = max(0, int((first - 6) // 6) * 6)
    end = min(END_MONTHS, int(-(-(last + 3) // 6)) * 6)
    if end - start < 12:
        start, end = (start, start + 12) if start + 12 <= END_MONTHS else (END_MONTHS - 12, END_MONTHS)
    return start, end


def _curves(lookup, first_day, last_day):
    step = max(1, (last_day - first_day) // 120)
    days = list(range(first_day, last_day, step)) + [last_day]
    curves = {k: [] for k, _ in SD_LINES}
    for day in days:
        lms = lookup(day)
        if lms is None:
            continue
        for k, _ in SD_LINES:
            curves[k].append((day, sd_value(*lms, k)))
    return curves


def _fmt(number):
    return f"{number:.1f}"


def weight_for_age_svg(sex: str, points, labels: dict, lookup=None) -> Markup:
    """SVG markup for a child of `sex` ("M"/"F") and `points` [{"age_days", "weight_kg", "flagged", "label"?, "weight_text"?}] (texts in the reader's format).

    `labels` holds the translated texts (title, x_axis, y_axis, child); every text is escaped here.
    `lookup(day) -> (L, M, S) | None` defaults to the WHO by-day weight-for-age table.
    """
    lookup = lookup or _who_lookup(sex)
    plotted = sorted((p for p in points if p.get("weight_kg") is not None and 0 <= p["age_days"] < END_DAY),
                     key=lambda p: p["age_days"])
    first_month, last_month = _window(plotted)
    first_day, last_day = round(first_month * DAYS_PER_MONTH), min(round(last_month * DAYS_PER_MONTH), END_DAY - 1)
    curves = _curves(lookup, first_day, last_day) if lookup else {}
    weights = [w for curve in curves.values() for _, w in curve] + [p["weight_kg"] for p in plotted]
    y_min = int(min(weights, default=2.0)) if weights else 0
    y_max = int(max(weights, default=20.0)) + 1
    y_step = 1 if y_max - y_min <= 16 else 2
    y_min -= y_min % y_step  # grid lines on whole, even kilograms
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return LEFT + plot_w * (day - first_day) / (last_day - first_day)

    def y(weight):
        return TOP + plot_h * (1 - (weight - y_min) / (y_max - y_min))

    title = escape(labels.get("title", ""))
    parts = [f'<svg class="growth-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="wfa-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="wfa-title">{title}</title>',
             f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#9ca3af"/>']
    for month in range(first_month, last_month + 1, 3 if last_month - first_month <= 24 else 6):
        gx = _fmt(x(month * DAYS_PER_MONTH))
        parts.append(f'<line x1="{gx}" y1="{TOP}" x2="{gx}" y2="{TOP + plot_h}" stroke="#e5e7eb"/>'
                     f'<text x="{gx}" y="{TOP + plot_h + 18}" font-size="15" text-anchor="middle" fill="#374151">'
                     f'{month}</text>')
    for weight in range(y_min, y_max + 1, y_step):
        gy = _fmt(y(weight))
        parts.append(f'<line x1="{LEFT}" y1="{gy}" x2="{LEFT + plot_w}" y2="{gy}" stroke="#e5e7eb"/>'
                     f'<text x="{LEFT - 6}" y="{gy}" font-size="15" text-anchor="end" dominant-baseline="middle" '
                     f'fill="#374151">{weight}</text>')
    for k, colour in SD_LINES:
        curve = curves.get(k) or []
        if not curve:
            continue
        path = " ".join(f"{_fmt(x(day))},{_fmt(y(w))}" for day, w in curve)
        end_day, end_w = curve[-1]
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{2 if k == 0 else 1.5}"/>'
                     f'<text x="{_fmt(x(end_day) + 4)}" y="{_fmt(y(end_w))}" font-size="14" dominant-baseline="middle" '
                     f'fill="{colour}">{f"{k:+d}" if k else "0"}</text>')
    if plotted:
        path = " ".join(f"{_fmt(x(p['age_days']))},{_fmt(y(p['weight_kg']))}" for p in plotted)
        parts.append(f'<polyline class="child-line" points="{path}" fill="none" stroke="#1d4ed8" stroke-width="2.5"/>')
        for p in plotted:
            cx, cy = _fmt(x(p["age_days"])), _fmt(y(p["weight_kg"]))
            fill, stroke = ("#fff", "#b91c1c") if p.get("flagged") else ("#1d4ed8", "#1d4ed8")
            tip = escape(f'{p.get("label", "")} {p.get("weight_text") or p["weight_kg"]} kg'.strip())
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="4.5" fill="{fill}" stroke="{stroke}" stroke-width="2">'
                         f'<title>{tip}</title></circle>')
    parts.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" font-size="15" text-anchor="middle" fill="#111827">'
                 f'{escape(labels.get("x_axis", ""))}</text>'
                 f'<text x="12" y="{TOP + plot_h / 2}" font-size="15" text-anchor="middle" fill="#111827" '
                 f'transform="rotate(-90 12 {TOP + plot_h / 2})">{escape(labels.get("y_axis", ""))}</text></svg>')
    return Markup("".join(parts))


SPARK_W, SPARK_H, SPARK_PAD = 168, 56, 6
SPARK_LINES = ((-3, "#b91c1c"), (-2, "#d97706"), (0, "#15803d"), (2, "#d97706"))


def waz_sparkline(points, title: str) -> Markup:
    """A small weight-for-age z-score trend for queue cards: the SD lines are horizontal in z units.

    `points` [{"date", "waz", "flagged", "waz_text"?}] oldest first (the texts already in the reader's format); z-scores are clamped to ±4 for drawing only.
    """
    plotted = [p for p in points if p.get("waz") is not None]
    if not plotted:
        return Markup("")
    inner_w, inner_h = SPARK_W - 2 * SPARK_PAD, SPARK_H - 2 * SPARK_PAD

    def y(z):
        return SPARK_PAD + inner_h * (4 - max(-4.0, min(4.0, z))) / 8

    def x(i):
        return SPARK_PAD + (inner_w * i / (len(plotted) - 1) if len(plotted) > 1 else inner_w / 2)

    parts = [f'<svg class="spark" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
             f'<rect width="{SPARK_W}" height="{SPARK_H}" fill="#fff" stroke="#d1d5db"/>']
    for k, colour in SPARK_LINES:
        parts.append(f'<line x1="{SPARK_PAD}" x2="{SPARK_W - SPARK_PAD}" y1="{_fmt(y(k))}" y2="{_fmt(y(k))}" '
                     f'stroke="{colour}" stroke-width="1" stroke-dasharray="{"" if k == 0 else "3 2"}"/>')
    path = " ".join(f"{_fmt(x(i))},{_fmt(y(p['waz']))}" for i, p in enumerate(plotted))
    parts.append(f'<polyline points="{path}" fill="none" stroke="#1d4ed8" stroke-width="2"/>')
    for i, p in enumerate(plotted):
        fill = "#fff" if p.get("flagged") else "#1d4ed8"
        stroke = "#b91c1c" if p.get("flagged") else "#1d4ed8"
        z_text = p.get("waz_text") or f'{p["waz"]:+.2f}'
        parts.append(f'<circle cx="{_fmt(x(i))}" cy="{_fmt(y(p["waz"]))}" r="3" fill="{fill}" stroke="{stroke}">'
                     f'<title>{escape(p.get("date", ""))} z {escape(z_text)}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))
