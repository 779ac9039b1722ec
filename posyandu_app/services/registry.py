"""Person registry helpers: name normalisation used for search and duplicate detection."""
import re
import unicodedata

_TITLES = re.compile(r"\b(ibu|bu|bapak|pak|bpk|ny|nn|tn|sdr|an|by)\b\.?", re.IGNORECASE)


def normalize_name(name: str | None) -> str:
    """Lower-case ASCII, honorifics dropped, single spaces: "Ny. Siti  Rahma" -> "siti rahma"."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = _TITLES.sub(" ", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split())
