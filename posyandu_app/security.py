"""Security headers on every response (a CSP with no inline script or style, and friends), JSON parsing that
refuses hostile bodies, and the reverse-proxy setting that makes the client's address and scheme visible."""
import json
import re
from urllib.parse import unquote_to_bytes

from flask import Request, current_app, render_template, request
from flask_login import current_user
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class StrictJSONProvider(DefaultJSONProvider):
    """Request bodies: nesting deep enough to exhaust the parser's recursion and NUL characters (PostgreSQL text
    cannot store them; no keyboard types them) are malformed JSON, a 400, instead of a 500 deep in the code."""

    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        if _has_nul(value):
            raise ValueError("NUL character in JSON text")
        return value


# The sync push body is read more leniently, so that one hostile op cannot make the whole batch unreadable (the
# phone would resend it forever): NUL passes (each op's schema refuses it on its own, services/sync_push.py),
# containers nested deeper than PUSH_MAX_DEPTH become null and integers longer than PUSH_MAX_DIGITS infinity
# (the op's field is then refused as such). A body that is still not JSON stays a 400 for the request.
PUSH_MAX_DEPTH, PUSH_MAX_DIGITS = 64, 400
_BRACKETS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def load_push_body(raw: bytes):
    """The push body as Python values (ValueError if it is not JSON at all)."""
    try:
        return json.loads(raw, parse_int=_bounded_int)
    except RecursionError:
        pass
    try:
        return json.loads(_cap_depth(raw.decode("utf-8")), parse_int=_bounded_int)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _bounded_int(digits: str):
    return int(digits) if len(digits) <= PUSH_MAX_DIGITS else float("inf")


def _cap_depth(text: str) -> str:
    """`text` with every container deeper than PUSH_MAX_DEPTH replaced by null (strings are skipped whole)."""
    out, depth, last, cut_from = [], 0, 0, None
    for token in _BRACKETS.finditer(text):
        bracket = token.group()
        if bracket[0] == '"':
            continue
        if bracket in "[{":
            depth += 1
            if depth == PUSH_MAX_DEPTH + 1:
                cut_from = token.start()
            continue
        if depth == PUSH_MAX_DEPTH + 1 and cut_from is not None:
            out += [text[last:cut_from], "null"]
            last, cut_from = token.end(), None
        depth -= 1
    out.append(text[last:])
    return "".join(out)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _form_values():
    for key, values in request.form.lists():
        yield key
        yield from values


def _has_nul(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class UploadAwareRequest(Request):
    """MAX_CONTENT_LENGTH (1 MB) for every request, except a roster upload: a posyandu's or a puskesmas's register
    of up to 20,000 persons is 1-2 MB of CSV (ROSTER_MAX_BYTES). Decided before anything reads the body, so the
    CSRF check's form parsing already applies it."""

    @property
    def max_content_length(self) -> int | None:
        if self.method == "POST" and self.path in UPLOAD_PATHS and current_app:
            return current_app.config["ROSTER_MAX_BYTES"]
        return super().max_content_length


UPLOAD_PATHS = frozenset({"/admin/roster"})


def init_app(app) -> None:
    app.request_class = UploadAwareRequest
    app.json = StrictJSONProvider(app)
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        # Behind nginx/Caddy: the phone's address (login throttling per address) and https (HSTS, Secure cookies)
        # come from X-Forwarded-For/-Proto, trusted for exactly this many proxies and ignored otherwise.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    @app.before_request
    def refuse_nul_characters():
        # PostgreSQL text cannot hold NUL (a 500 deep in a query); no keyboard types it: refuse it at the door,
        # in the path, the query string and form fields (JSON bodies: StrictJSONProvider above).
        if ("\x00" in request.path or b"\x00" in unquote_to_bytes(request.query_string)
                or (request.mimetype in FORM_TYPES and any("\x00" in value for value in _form_values()))):
            if request.path.startswith("/api/"):
                from .errors import ApiError
                raise ApiError(400, "invalid", "error.nul_character")
            return render_template("error.html", status=400, message_key="error.nul_character"), 400
        return None

    @app.after_request
    def add_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure or app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.path.startswith("/api/"):
            headers.setdefault("Cache-Control", "no-store")
        elif response.mimetype == "text/html" and current_user.is_authenticated:
            # Shared phones: after logout the back button must not show another user's records from the cache.
            headers.setdefault("Cache-Control", "private, no-store")
        return response
