"""Reading a roster upload (CSV or XLSX) into rows of text keyed by column, refusing hostile files whole.

Hostile inputs get one clear error and nothing else happens: a file that is neither UTF-8 CSV nor XLSX, a ZIP
that would inflate beyond a few megabytes (a bomb dressed as XLSX), more rows than MAX_ROWS. Formula cells are
refused per row by the checker (services/admin/roster.py), never evaluated: XLSX is read with cached values only.
"""
import csv
import io
import zipfile
from datetime import date, datetime

MAX_ROWS = 20_000
MAX_UNZIPPED = 32 * 1024 * 1024  # an honest 20,000-row sheet inflates to a few MB
COLUMNS = {  # header as written (lower case, spaces or underscores) -> field
    "nama": "name", "name": "name", "nama_lengkap": "name",
    "jenis_kelamin": "sex", "jk": "sex", "l/p": "sex", "sex": "sex",
    "tanggal_lahir": "birth_date", "tgl_lahir": "birth_date", "birth_date": "birth_date",
    "nik": "nik", "nama_ibu": "mother_name", "mother_name": "mother_name",
    "alamat": "address", "address": "address", "rt": "rt", "rw": "rw", "dusun": "dusun",
    "telepon": "phone", "no_hp": "phone", "hp": "phone", "phone": "phone",
    "posyandu": "posyandu", "kode_posyandu": "posyandu",
}
TEMPLATE_HEADER = ["nama", "jenis_kelamin", "tanggal_lahir", "nik", "nama_ibu", "alamat", "rt", "rw", "dusun",
                   "telepon", "posyandu"]


class RosterFileError(ValueError):
    """The whole file is refused; `key` is the catalog key of the reason."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a NIK or RT typed as a number
    return str(value).strip()


def _header(cells) -> list[str | None]:
    names = [" ".join(_text(cell).lower().split()).replace(" ", "_") for cell in cells]
    fields = [COLUMNS.get(name) for name in names]
    if "name" not in fields or "birth_date" not in fields or "sex" not in fields:
        raise RosterFileError("roster.error.header")
    return fields


def _rows(lines) -> list[dict]:
    iterator = iter(lines)
    fields = _header(next(iterator, []))
    rows = []
    for cells in iterator:
        if not any(_text(cell) for cell in cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        if len(rows) >= MAX_ROWS:
            raise RosterFileError("roster.error.too_many_rows", n=MAX_ROWS)
        rows.append({field: _text(cell) for field, cell in zip(fields, cells) if field})
    if not rows:
        raise RosterFileError("roster.error.empty")
    return rows


def _csv(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError("roster.error.encoding") from None
    if "\x00" in text:
        raise RosterFileError("roster.error.format")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","  # Excel in Indonesian saves with ";"
    return _rows(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx(data: bytes) -> list[dict]:
    from openpyxl import load_workbook
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
            raise RosterFileError("roster.error.too_big")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except RosterFileError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise RosterFileError("roster.error.format") from None
    try:
        return _rows(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def read(data: bytes, filename: str) -> list[dict]:
    """The rows of the file, each {field: text}; RosterFileError for a file refused whole."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _xlsx(data)
    if name.endswith((".csv", ".txt")):
        return _csv(data)
    raise RosterFileError("roster.error.format")


def template_csv() -> str:
    example = ["Siti Aminah", "P", "04/12/2024", "", "Rina Wati", "Jl. Mawar 3", "001", "002", "Sukamaju",
               "081234567890", ""]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([TEMPLATE_HEADER, example])
    return buffer.getvalue()
