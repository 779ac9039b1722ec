"""The field app (PWA): page shell at /app, web app manifest, service worker at /sw.js, offline page."""
import hashlib
import json
import re
from pathlib import Path

from flask import current_app, make_response, render_template, url_for

from ..i18n import translate
from ..visit_kinds import rule_data
from . import bp

ROOT = Path(__file__).resolve().parent.parent
SW_SOURCE = ROOT.parent / "service_worker" / "sw.js"
# Everything the phone needs with no signal: shell, screens, rule twins and their data, catalogs, icons
# (named, not globbed from js/ and data/, which also hold the server pages' scripts and report data).
FIELD_MODULES = ("app", "birth", "chart", "classes", "clock", "db", "home_visit_result", "home_visits", "i18n", "kinds",
                 "outbox", "people", "place", "pull", "readiness", "recompute", "results", "store", "sync", "ui")
# Each kind's rule data (declared with the kind), and the declaration itself as the phone reads it.
FIELD_DATA = (*rule_data(), "visit_kinds")
PRECACHE_GLOBS = (*(f"js/{name}.js" for name in FIELD_MODULES), "js/screens/*.js", "js/rules/*.js",
                  *(f"data/{name}.json" for name in FIELD_DATA), "i18n/common.*.json", "i18n/field.*.json",
                  "css/field.css", "icons/icon.svg", "icons/icon-*.png")
# Rendered pages cached by the SW; their templates count toward the version hash.
PRECACHE_PAGES = (("web.field_app", "app.html"), ("web.offline", "offline.html"))
THEME = "#0f766e"
PRECACHE_SLOT = re.compile(r"""\[\s*["']__PRECACHE__["']\s*\]""")


def _static_files():
    static = Path(current_app.static_folder)
    return sorted({path for pattern in PRECACHE_GLOBS for path in static.glob(pattern) if path.is_file()})


def precache_manifest() -> tuple[str, list[str]]:
    """(version, urls): the version is a hash of every precached file's contents, so any change ships a new SW."""
    static = Path(current_app.static_folder)
    digest = hashlib.sha256()
    files = _static_files()
    templates = [ROOT / "templates" / name for _, name in PRECACHE_PAGES]
    for path in [*files, *templates, SW_SOURCE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    # A deployment can force a new version without touching files (also used by the update-flow test).
    digest.update(str(current_app.config.get("PWA_VERSION_SALT", "")).encode())
    urls = [url_for(endpoint) for endpoint, _ in PRECACHE_PAGES] + [url_for("web.manifest")]
    urls += [url_for("static", filename=path.relative_to(static).as_posix()) for path in files]
    return digest.hexdigest()[:16], urls


@bp.route("/app")
def field_app():
    # The shell holds no personal data: it must load offline and after the session has expired.
    response = make_response(render_template("app.html"))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline")
def offline():
    return render_template("offline.html")


@bp.route("/manifest.webmanifest")
def manifest():
    def icon(name, size, purpose):
        return {"src": url_for("static", filename=f"icons/{name}-{size}.png"), "sizes": f"{size}x{size}",
                "type": "image/png", "purpose": purpose}

    body = {
        "name": translate("app.name", "id"),
        "short_name": translate("app.short_name", "id"),
        "description": translate("field.manifest_description", "id"),
        "lang": "id",
        "id": url_for("web.field_app"),
        "start_url": url_for("web.field_app"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [icon("icon", 192, "any"), icon("icon", 512, "any"),
                  icon("icon-maskable", 192, "maskable"), icon("icon-maskable", 512, "maskable")],
    }
    response = current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/sw.js")
def service_worker():
    version, urls = precache_manifest()
    source = SW_SOURCE.read_text(encoding="utf-8")
    source = PRECACHE_SLOT.sub(lambda _: json.dumps(urls), source.replace("__VERSION__", version), count=1)
    response = current_app.response_class(source, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response
