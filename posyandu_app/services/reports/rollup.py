"""The roll-up every report shares: each posyandu of a unit, its desa (pustu) subtotal and the unit's total, summed
from per-posyandu counts (a desa adds up its posyandu, never re-counts rows); and the one ratio rule."""


def ratio(numerator: int, denominator: int) -> float | None:
    """A percentage with one decimal; None (shown as a dash) when the denominator is zero."""
    return round(100.0 * numerator / denominator, 1) if denominator else None


def add_up(parts) -> dict:
    """Raw counts summed key by key at any depth: {figure: n}, {group: {figure: n}} or {month: {figure: n}}."""
    total = {}
    for part in parts:
        for key, value in part.items():
            if isinstance(value, dict):
                total[key] = add_up([total.get(key, {}), value])
            else:
                total[key] = total.get(key, 0) + value
    return total


def roll_up(unit, counts: dict, merge, show) -> dict:
    """counts {posyandu_id: raw counts}; merge(list of raw counts) -> raw counts (add_up, unless the counts need
    their own); show(raw) -> the row's figures.
    {"desa": [{"facility": pustu, **figures, "posyandu": [{"facility": posyandu, **figures}]}], "total": raw}."""
    def summed(members):
        return merge([counts[facility.id] for facility in members if facility.id in counts])

    desa = [{"facility": pustu, **show(summed(members)),
             "posyandu": [{"facility": facility, **show(summed([facility]))} for facility in members]}
            for pustu, members in unit.groups]
    return {"desa": desa, "total": summed(unit.posyandu)}


def table_rows(desa: list[dict]) -> list[dict]:
    """The roll-up as table rows: a desa's posyandu ("level": "posyandu"), then its subtotal ("level": "desa")."""
    rows = []
    for subtotal in desa:
        rows += [{"level": "posyandu", **row} for row in subtotal["posyandu"]]
        rows.append({"level": "desa", **{key: value for key, value in subtotal.items() if key != "posyandu"}})
    return rows
