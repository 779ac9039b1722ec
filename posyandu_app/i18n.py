"""Translations: JSON catalogs in static/i18n/<area>.<lang>.json, shared by the server and the JS client."""
import functools
import json
from pathlib import Path

from flask import current_app, g, request
from flask_login import current_user

CATALOG_DIR = Path(__file__).resolve().parent / "static" / "i18n"
LANGUAGES = ("id", "en")
DEFAULT = "id"


@functools.cache
def catalog(lang: str) -> dict:
    """Every key of every area for one language (areas keep each screen's strings in its own file)."""
    merged = {}
    for path in sorted(CATALOG_DIR.glob(f"*.{lang}.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def get_language() -> str:
    if "lang" in g:
        return g.lang
    chosen = request.cookies.get("lang") if request else None
    if chosen not in LANGUAGES and current_user and getattr(current_user, "is_authenticated", False):
        chosen = current_user.language
    g.lang = chosen if chosen in LANGUAGES else current_app.config.get("DEFAULT_LANGUAGE", DEFAULT)
    return g.lang


def translate(key: str, lang: str | None = None, **params) -> str:
    """The text for `key` in the current language; falls back to Indonesian, then to the key itself."""
    lang = lang or get_language()
    text = catalog(lang).get(key) or catalog(DEFAULT).get(key) or key
    return text.format(**params) if params else text


def both(key: str, **params) -> dict:
    """The message in both languages, as the API returns per-field errors."""
    return {lang: translate(key, lang, **params) for lang in LANGUAGES}


def init_app(app) -> None:
    app.jinja_env.globals.update(t=translate, get_language=get_language, LANGUAGES=LANGUAGES)
    from . import navigation
    navigation.init_app(app)
