"""Static assets: content-hashed URLs cached for a year, JavaScript minified, responses compressed (brotli/gzip)."""
import functools
import hashlib
from pathlib import Path

import rjsmin
from flask import Response, abort, current_app, request, url_for
from flask_compress import Compress
from werkzeug.security import safe_join

compress = Compress()
STATIC_DIR = Path(__file__).resolve().parent / "static"
YEAR = 365 * 24 * 3600


@functools.cache
def content_hash(filename: str) -> str:
    """First 10 hex digits of the file's SHA-256 (files do not change while the process runs)."""
    return hashlib.sha256((STATIC_DIR / filename).read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    """`/static/<file>?v=<hash>`: a new deploy changes the URL, so browsers may cache the old one forever."""
    return url_for("static", filename=filename, v=content_hash(filename))


@functools.cache
def minified_js(filename: str) -> bytes:
    """The module without comments and layout whitespace: the field shell is a third smaller over gzip, which is
    what keeps it inside the 60 KB budget on a 2G connection (docs/PERFORMANCE.md). rjsmin keeps strings,
    template literals and regular expressions as they are; node runs the whole JS suite on this output
    (tests/web/test_assets.py)."""
    return rjsmin.jsmin((STATIC_DIR / filename).read_text(encoding="utf-8")).encode()


def serve_static(filename: str):
    """Flask's static view, with .js minified when MINIFY_JS is on (off in debug, so stack traces keep lines).
    The ETag is the source's content hash: the same as the URL's `v`, and stable across workers and restarts."""
    if not (current_app.config["MINIFY_JS"] and filename.endswith(".js")):
        return current_app.send_static_file(filename)
    path = safe_join(str(STATIC_DIR), filename)
    if path is None or not Path(path).is_file():
        abort(404)
    relative = Path(path).relative_to(STATIC_DIR).as_posix()
    response = Response(minified_js(relative), mimetype="text/javascript")
    response.set_etag(content_hash(relative))
    if not request.args.get("v"):
        response.cache_control.no_cache = True  # revalidate: 304 when unchanged
    return response.make_conditional(request)


def init_app(app) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/csv", "application/javascript", "text/javascript", "application/json",
        "application/manifest+json", "image/svg+xml"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIN_SIZE", 512)
    compress.init_app(app)
    app.config.setdefault("MINIFY_JS", not app.debug)
    app.view_functions["static"] = serve_static
    app.jinja_env.globals["asset_url"] = asset_url

    @app.after_request
    def cache_hashed_assets(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
