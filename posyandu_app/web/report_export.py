"""Exports: every report as CSV (UTF-8 with BOM, opens in Excel) and XLSX (openpyxl), shaped like the recap
tables on screen: a title block, one header row, then the rows; several sections -> several sheets."""
import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter


@dataclass
class Sheet:
    title: str  # sheet name (<= 31 characters) and first line of the section
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # unit, month, printed under the title


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A text a spreadsheet would run as a formula (=HYPERLINK(...), +cmd|...) gets a leading quote: a name
    typed on a phone must never execute on the supervisor's computer. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value) and value != "-":
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(sheets: list[Sheet]) -> bytes:
    """One CSV: each section is its title, its notes, the header row and the rows, then a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for index, sheet in enumerate(sheets):
        if index:
            writer.writerow([])
        writer.writerow([_cell(sheet.title)])
        for note in sheet.notes:
            writer.writerow([_cell(note)])
        writer.writerow([_cell(header) for header in sheet.headers])
        writer.writerows([[_cell(value) for value in row] for row in sheet.rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")
FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


def _sheet_name(title: str, taken: set) -> str:
    base = title.translate(FORBIDDEN).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def to_xlsx(sheets: list[Sheet]) -> bytes:
    """A workbook with one sheet per section; the header row is bold and frozen, numbers stay numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken = set()
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_name(sheet.title, taken))
        ws.append([_cell(sheet.title)])
        ws["A1"].font = Font(bold=True, size=13)
        for note in sheet.notes:
            ws.append([_cell(note)])
        ws.append(sheet.headers)
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in sheet.rows:
            ws.append([_cell(value) if isinstance(value, str) else value for value in row])
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        for column, header in enumerate(sheet.headers, start=1):
            values = [str(header)] + [str(row[column - 1]) for row in sheet.rows if column - 1 < len(row)]
            ws.column_dimensions[get_column_letter(column)].width = min(40, max(6, *(len(v) for v in values)) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
