"""Every GET route of the URL map, for every role and for a visitor: security headers on the answer, and no
inline script, inline style, `on*=` handler or javascript: URL in the HTML (the CSP would block them silently)."""
from html.parser import HTMLParser

import pytest

from config import ProductionConfig
from posyandu_app import create_app

from ..factories import PASSWORD
from . import world as w

INLINE_FREE_TYPES = ("text/html", "image/svg+xml")
# The offline app's shell: no personal data in it (records live in the phone's IndexedDB); it must load offline
# and after the session expired, so it is revalidated ("no-cache") rather than never stored.
SHELL_ENDPOINTS = {"web.field_app"}


class InlineFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' refuses to run or apply."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            self._in_script = True
            if not attrs.get("src"):
                self.problems.append("<script> without src")
        for name, value in attrs.items():
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name}= handler on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in <{tag} {name}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script body")


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def header_problems(response) -> list[str]:
    headers, problems = response.headers, []
    csp = headers.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "object-src 'none'", "base-uri 'self'", "form-action 'self'"):
        if directive not in csp:
            problems.append(f"CSP lacks {directive}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe-inline/unsafe-eval")
    expected = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}
    problems += [f"{name} is {headers.get(name)!r}" for name, value in expected.items() if headers.get(name) != value]
    if "Strict-Transport-Security" in headers:
        problems.append("HSTS over plain HTTP in the test config")
    for cookie in headers.getlist("Set-Cookie"):
        if cookie.startswith("lang="):
            continue  # the language choice, read by the offline client's JS: not a secret
        if "HttpOnly" not in cookie or "SameSite=Lax" not in cookie:
            problems.append(f"cookie without HttpOnly/SameSite=Lax: {cookie[:40]}")
    return problems


def _get_routes(app):
    return sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods), key=lambda r: r.rule)


@pytest.mark.parametrize("role", ("anonymous",) + w.ROLES)
def test_every_get_route_has_the_headers_and_no_inline_code(app, client, make, role):
    world = w.build(make)
    if role != "anonymous":
        response = client.post("/api/v1/auth/login", json={"username": world.users[role].username,
                                                           "password": PASSWORD})
        assert response.status_code == 200
        assert not header_problems(response), header_problems(response)
    failures, pages = {}, 0
    for rule in _get_routes(app):
        url = w.url_for_rule(rule, world)
        response = client.get(url)
        problems = header_problems(response)
        if response.status_code >= 500:
            problems.append(f"status {response.status_code}")
        if response.mimetype in INLINE_FREE_TYPES:
            pages += response.status_code == 200
            problems += inline_problems(response.get_data(as_text=True))
            if role != "anonymous" and response.status_code == 200 and response.mimetype == "text/html" \
                    and rule.endpoint not in SHELL_ENDPOINTS \
                    and "no-store" not in response.headers.get("Cache-Control", ""):
                problems.append("a logged-in page may be cached (shared phones: back button after logout)")
        if problems:
            failures[url] = problems
    assert not failures, failures
    assert pages >= (1 if role == "anonymous" else 2)  # the check did look at real pages


def test_every_page_template_is_free_of_inline_code():
    """Also the templates no test reaches yet (error pages, rarely-shown branches)."""
    from pathlib import Path
    templates = Path(create_app.__code__.co_filename).parent / "templates"
    failures = {}
    for path in templates.rglob("*.html"):
        problems = inline_problems(path.read_text(encoding="utf-8"))
        if problems:
            failures[str(path.relative_to(templates))] = problems
    assert not failures, failures


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_cookies_are_secure_httponly_lax_and_hsts_is_sent(monkeypatch, tmp_path, make):
    class Production(ProductionConfig):
        SECRET_KEY = "a-long-random-production-key-for-this-test-only"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
        SQLALCHEMY_ENGINE_OPTIONS = {}

    app = create_app(Production.finalize())
    with app.app_context():
        from posyandu_app.extensions import db
        db.create_all()
        kader = w.user("kader", make.posyandu())
        response = app.test_client().post("/api/v1/auth/login", json={"username": kader.username,
                                                                      "password": PASSWORD},
                                          base_url="https://posyandu.example")
        language = app.test_client().get("/lang/en", base_url="https://posyandu.example")
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" in language.headers["Set-Cookie"]  # the language cookie too (JS reads it: not HttpOnly)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert app.config["PERMANENT_SESSION_LIFETIME"].days >= 30  # a kader logs in once for weeks of field work


def test_client_scripts_build_no_markup_the_csp_would_block():
    """JS that writes HTML strings with style=/on*= attributes or calls eval breaks silently under the CSP
    (CSSOM changes like `el.style.width = ...` and addEventListener are fine)."""
    import re
    from pathlib import Path
    static = Path(create_app.__code__.co_filename).parent / "static"
    patterns = {"style= in markup": re.compile(r"""["'`][^"'`]*<[a-z][^>]*\sstyle\s*=""", re.I),
                "on*= handler in markup": re.compile(r"""["'`][^"'`]*<[a-z][^>]*\son[a-z]+\s*=""", re.I),
                "setAttribute(style|on*)": re.compile(r"""setAttribute\(\s*["'](style|on[a-z]+)["']""", re.I),
                "eval": re.compile(r"""(?<![\w.])(eval|Function)\s*\(|set(Timeout|Interval)\(\s*["'`]"""),
                "javascript: URL": re.compile(r"""["'`]\s*javascript:""", re.I),
                # The offline app shows synced names with textContent: HTML parsing of strings is where XSS starts.
                "HTML from strings": re.compile(r"""\.(innerHTML|outerHTML)\s*\+?=(?!=)|insertAdjacentHTML\(|document\.write""")}
    failures = {}
    for path in static.rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        found = [name for name, pattern in patterns.items() if pattern.search(text)]
        if found:
            failures[str(path.relative_to(static))] = found
    assert not failures, failures
