"""The set-up pages' catalog: the same keys in Indonesian and English, and every key the admin templates and
services use exists in both."""
import json
import re
from pathlib import Path

from posyandu_app.services.admin.audit_view import ACTIONS
from posyandu_app.services.admin.roster_file import COLUMNS

APP = Path(__file__).resolve().parents[2] / "posyandu_app"
KEY = re.compile(r"""["']((?:facility|desa|account|audit|roster|slip|pager|kind|nav|fhir)\.[a-z_.]+[a-z_])["']""")


def _catalog(lang):
    merged = {}
    for path in sorted((APP / "static" / "i18n").glob(f"*.{lang}.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def test_indonesian_and_english_have_the_same_admin_keys():
    indonesian = json.loads((APP / "static/i18n/admin.id.json").read_text(encoding="utf-8"))
    english = json.loads((APP / "static/i18n/admin.en.json").read_text(encoding="utf-8"))
    assert set(indonesian) == set(english)
    assert all(value.strip() for value in list(indonesian.values()) + list(english.values()))


def test_every_key_the_set_up_pages_use_is_translated():
    sources = [*(APP / "templates" / "admin").glob("*.html"), *(APP / "services" / "admin").glob("*.py"),
               *APP.glob("web/admin_*.py"), APP / "navigation.py"]
    used = {key for path in sources for key in KEY.findall(path.read_text(encoding="utf-8"))}
    used |= {f"audit.action.{action}" for action in ACTIONS}
    used |= {f"roster.field.{field}" for field in set(COLUMNS.values())}
    used |= {f"facility.new.{kind}" for kind in ("puskesmas", "pustu", "posyandu")}
    used |= {f"kind.{kind}" for kind in ("puskesmas", "pustu", "posyandu")}
    for lang in ("id", "en"):
        missing = sorted(key for key in used if key not in _catalog(lang))
        assert missing == [], (lang, missing)
