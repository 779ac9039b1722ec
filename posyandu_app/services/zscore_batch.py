"""Batch WHO z-scores for nutrition officers: CSV in, CSV out with z, flags and PMK 2/2020 category labels."""
import csv
import itertools
import os
import re

from ..clock import field_today
from ..domain.age import age_in_days, age_in_months, check_dates, message
from ..domain.errors import DomainValidationError
from ..domain.growth import INDICES, compute
from ..domain.growth_input import parse_measure, parse_measured, parse_sex
from ..domain.nutrition import categorize

INPUT_COLUMNS = ("sex", "age_days", "birth_date", "visit_date", "weight_kg", "length_cm", "measured", "head_cm",
                 "muac_cm", "oedema")
Z_COLUMNS = list(INDICES)
FLAG_COLUMNS = ["f" + k for k in INDICES]  # fwaz ... facz: 1 = implausible (WHO anthro flag)
CATEGORY_COLUMNS = ["cat_waz", "cat_haz", "cat_whz", "cat_baz", "cat_hcz", "cat_muac"]
OUTPUT_COLUMNS = Z_COLUMNS + FLAG_COLUMNS + CATEGORY_COLUMNS + ["error"]
_YES = {"y", "ya", "yes", "1", "true"}  # WHO anthro: y/Y/1 oedema; n/N/2 (or empty) none
_NO = {"", "n", "no", "tidak", "2", "0", "false"}
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def process_csv(in_file, out_file, lang="id", today=None):
    """Read a CSV of child measurements, write it back with z-scores, flags and categories; never stop on a row.

    in_file, out_file: paths or open text files. Input columns (header names, any case): sex (M/F or L/P),
    age_days OR birth_date + visit_date (ISO YYYY-MM-DD), weight_kg, length_cm, measured (L/H/empty), head_cm,
    muac_cm, oedema (y/n, optional). Decimal commas are accepted ("12,5"); ',', ';' or tab separated.
    Every other column is kept as is. Output adds waz haz whz baz hcz acz, fwaz fhaz fwhz fbaz fhcz facz
    (1 = implausible, 0 = plausible, empty = no z), cat_waz cat_haz cat_whz cat_baz cat_hcz cat_muac (label in
    `lang`, "id" or "en") and error (empty when the row was computed).
    Returns {"rows": n, "ok": n, "errors": [{"line": physical line number, "reason": text, "fields": {...}}]}.
    Raises DomainValidationError(field_errors={"columns": ...}) when a required column is missing.
    Source: same rules as domain.growth.zscores (WHO anthro) and domain.nutrition (PMK 2/2020).
    """
    with _open(in_file, "r") as source, _open(out_file, "w") as target:
        first = source.readline()
        delimiter = max(",;\t", key=first.count)  # the header decides: ',' ';' or tab, whichever it uses most
        reader = csv.reader(itertools.chain([first], source), delimiter=delimiter)
        header = next(reader, None) or []
        columns = _column_index(header)
        extra = [c for c in OUTPUT_COLUMNS if c not in columns]  # output columns already present are overwritten
        position = {c: columns[c] if c in columns else len(header) + extra.index(c) for c in OUTPUT_COLUMNS}
        writer = csv.writer(target, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header + extra)
        report = {"rows": 0, "ok": 0, "errors": []}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            report["rows"] += 1
            try:
                if len(cells) > len(header):  # shifted values (an unquoted comma in a name?) would be wrong values
                    raise DomainValidationError({"row": _extra_cells(len(cells) - len(header))})
                results = _row_results(cells, columns, lang, today)
                report["ok"] += 1
            except DomainValidationError as error:
                reason = "; ".join(f"{field}: {msg[lang]}" for field, msg in error.field_errors.items())
                report["errors"].append({"line": reader.line_num, "reason": reason, "fields": error.field_errors})
                results = {"error": reason}
            row = (cells + [""] * len(header))[:len(header)] + [""] * len(extra)
            for name in OUTPUT_COLUMNS:
                row[position[name]] = results.get(name, "")
            writer.writerow(row)
    return report


def _extra_cells(count):
    return {"id": f"{count} sel lebih banyak dari kolom judul (koma di dalam teks?)",
            "en": f"{count} more cells than header columns (a comma inside a text?)"}


def _row_results(cells, columns, lang, today):
    """Output cells of one row, or DomainValidationError with every field error of the row."""
    get = lambda name: cells[columns[name]].strip() if name in columns and columns[name] < len(cells) else ""  # noqa: E731
    errors = {}
    sex = parse_sex(get("sex"), errors)
    if get("age_days"):
        age = parse_measure("age_days", _number("age_days", get("age_days"), errors), errors)
    elif get("birth_date") or get("visit_date"):
        birth, visit = check_dates(get("birth_date") or None, get("visit_date") or None, today or field_today(), errors)
        age = age_in_days(birth, visit) if birth and visit else None
    else:
        errors["age_days"] = message("age_source")
        age = None
    values = {f: parse_measure(f, _number(f, get(f), errors), errors)
              for f in ("weight_kg", "length_cm", "head_cm", "muac_cm")}
    measured = parse_measured(get("measured"), errors)
    oedema = get("oedema").lower()
    if oedema not in _YES and oedema not in _NO:
        errors["oedema"] = message("oedema")
    if errors:
        raise DomainValidationError(errors)
    result = compute(sex, age, values["weight_kg"], values["length_cm"], measured, values["head_cm"],
                     values["muac_cm"], oedema in _YES)
    z, flags = result["z"], result["flags"]
    cats = categorize(z, flags, values["muac_cm"], age_in_months(age))
    out = {}
    for k in INDICES:
        out[k] = "" if z[k] is None else f"{z[k]:.2f}"
        out["f" + k] = "" if flags[k] is None else str(int(flags[k]))
    for col in CATEGORY_COLUMNS:
        cat = cats[col[4:]]
        out[col] = cat[lang] if cat else ""
    return out


def _number(field, text, errors):
    """Parse '12.5' or '12,5' (decimal comma) into a float; None when empty; 'not a number' error otherwise."""
    if text == "":
        return None
    if not _NUMBER.match(text):
        errors[field] = message("not_a_number")
        return None
    return float(text.replace(",", "."))


def _column_index(header):
    """Map the known input/output column names (case- and space-insensitive) to their position."""
    columns = {}
    for i, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        if (key in INPUT_COLUMNS or key in OUTPUT_COLUMNS) and key not in columns:
            columns[key] = i
    missing = [c for c in ("sex",) if c not in columns]
    if "age_days" not in columns and not {"birth_date", "visit_date"} <= set(columns):
        missing.append("age_days | birth_date + visit_date")
    if missing:
        names = ", ".join(missing)
        raise DomainValidationError({"columns": {"id": f"Kolom wajib tidak ada: {names}",
                                                 "en": f"Missing required column: {names}"}})
    return columns


class _open:
    """Context manager: open a path (UTF-8; a BOM is tolerated on input) or pass an open text file through."""

    def __init__(self, target, mode):
        self.target, self.mode, self.handle = target, mode, None

    def __enter__(self):
        if isinstance(self.target, (str, os.PathLike)):
            encoding = "utf-8-sig" if self.mode == "r" else "utf-8"
            self.handle = open(self.target, self.mode, encoding=encoding, newline="")
            return self.handle
        return self.target

    def __exit__(self, *exc):
        if self.handle is not None:
            self.handle.close()
