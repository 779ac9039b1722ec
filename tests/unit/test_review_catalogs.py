"""The review pages' catalogs: the same keys in Indonesian and English, and every key the templates use exists."""
import json
import re
from pathlib import Path

from posyandu_app.services.high_risk import REASON_CODES
from posyandu_app.web.people import COMPARED
from posyandu_app.web.visit_view import HISTORY, MEASURED, RESULTS

APP = Path(__file__).resolve().parents[2] / "posyandu_app"


def _catalog(lang):
    merged = {}
    for path in sorted((APP / "static" / "i18n").glob(f"*.{lang}.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def test_indonesian_and_english_have_the_same_review_keys():
    indonesian = json.loads((APP / "static/i18n/review.id.json").read_text(encoding="utf-8"))
    english = json.loads((APP / "static/i18n/review.en.json").read_text(encoding="utf-8"))
    assert set(indonesian) == set(english)
    assert all(value.strip() for value in list(indonesian.values()) + list(english.values()))


def test_every_key_the_review_templates_use_is_translated():
    used = set()
    for template in (APP / "templates" / "review").glob("*.html"):
        used |= {key for key in re.findall(r"\bt\('([a-z_]+\.[a-z_.]+)'", template.read_text(encoding="utf-8"))
                 if not key.endswith(".")}  # a key ending in "." is a prefix completed at run time: listed below
    used |= {f"risk.reason.{code}" for code in REASON_CODES}
    used |= {f"review.type.{entity}" for entity in ("growth", "pregnancy_visit", "screening", "pregnancy", "person")}
    used |= {f"review.status.{status}" for status in ("submitted", "verified", "returned")}
    used |= {f"people.outcome.{outcome}" for outcome in ("ongoing", "delivered", "ended")}
    used |= {f"dup.reason.{reason}" for reason in ("nik", "name_birth_mother", "unknown")}
    used |= {f"sex.{sex}" for sex in "MF"}
    used |= {f"audit.action.{action}" for action in ("verify", "return", "follow_up", "merge", "merged_into",
                                                     "not_duplicate")}
    used |= {f"field.{name}" for names in (*MEASURED.values(), *RESULTS.values(), COMPARED) for name in names}
    used |= {f"short.{name}" for names in HISTORY.values() for name in names}
    for lang in ("id", "en"):
        missing = sorted(key for key in used if key not in _catalog(lang))
        assert missing == [], (lang, missing)
