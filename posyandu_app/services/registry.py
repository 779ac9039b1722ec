"""Person registry helpers: name normalisation and NIK validation used for search and duplicate detection."""
import re
import unicodedata

NIK_PATTERN = re.compile(r"^\d{16}$")
_TITLES = re.compile(r"\b(ibu|bu|bapak|pak|bpk|ny|nn|tn|sdr|an|by)\b\.?", re.IGNORECASE)


def normalize_name(name: str | None) -> str:
    """Lower-case ASCII, honorifics dropped, single spaces: "Ny. Siti  Rahma" -> "siti rahma"."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = _TITLES.sub(" ", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split())


def nik_is_valid(nik: str | None) -> bool:
    """A NIK (Nomor Induk Kependudukan) is 16 digits; positions 7-12 hold the birth date (day + 40 for women)."""
    if not nik or not NIK_PATTERN.match(nik):
        return False
    day, month = int(nik[6:8]), int(nik[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12
