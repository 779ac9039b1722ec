"""Static assets: content-hashed URLs cached for a year, and compressed responses (brotli/gzip)."""
import functools
import hashlib
from pathlib import Path

from flask import request, url_for
from flask_compress import Compress

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


def init_app(app) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/csv", "application/javascript", "text/javascript", "application/json",
        "application/manifest+json", "image/svg+xml"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIN_SIZE", 512)
    compress.init_app(app)
    app.jinja_env.globals["asset_url"] = asset_url

    @app.after_request
    def cache_hashed_assets(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
