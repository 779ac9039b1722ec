"""Every GET route of the URL map × every query parameter it reads × hostile values (far dates, negative, huge,
non-numeric, unicode, NUL, invalid UTF-8), logged in as every role: never a 5xx. Path variables are filled with
the test world's real ids and with garbage.

The parameter list is taken from the code, twice: declared (the GET filter forms, the API's query schemas and
literal `request.args.get(...)` calls) and observed (a recording `request.args` notes every name a view looks
up). A route that reads a parameter nothing declares fails the test, so a new parameter cannot escape it."""
import inspect
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from marshmallow import Schema
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from wtforms.fields.core import UnboundField

import posyandu_app
from posyandu_app.extensions import db
from posyandu_app.api import sync_schemas
from posyandu_app.web.reports import EXPORT_TYPES, EXPORTS

from ..factories import login
from . import world as w

ROLES = ("anonymous",) + w.ROLES
HOSTILE = ["9999-12", "0001-01", "0000-00", "10000-01", "2026-13", "2026-1", "9999-12-31", "0001-01-01",
           "-1", "0", "-99999999999", "99999999999999999999999", "9" * 400, "1e309", "NaN", "-Infinity", "abc",
           "ᬩᬮᬶ 😀 \u202eالعربية", "\x00", "x" * 5000, "", " ", "pustu:999999999", "posyandu:-1",
           "posyandu:0", "all", "../../etc/passwd", "//evil.example", "true", "[]"]
RAW_HOSTILE = ["%FF%FE", "%", "a%00b"]  # sent undecoded: invalid UTF-8, a broken escape, an escaped NUL
GARBAGE_PATH = ["0", "-1", "9" * 40, "abc", "😀", "%00", "..%2F..", "x" * 300]

_READ: set[str] = set()


class RecordingArgs(ImmutableMultiDict):
    """request.args that notes every parameter name a view looks up ('*': it read them all)."""

    def __getitem__(self, key):
        _READ.add(key)
        return super().__getitem__(key)

    def getlist(self, key, type=None):
        _READ.add(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        _READ.add(key)
        return super().__contains__(key)

    def to_dict(self, flat=True):  # marshmallow schemas load from a dict: record what they look up in it
        return RecordingDict(MultiDict.items(self) if flat else MultiDict.lists(self))

    def _everything(self, method, *args):
        _READ.add("*")
        return method(self, *args)

    def __iter__(self):
        return self._everything(MultiDict.__iter__)

    def keys(self):
        return self._everything(MultiDict.keys)

    def items(self, multi=False):
        return self._everything(MultiDict.items, multi)

    def values(self):
        return self._everything(MultiDict.values)

    def lists(self):
        return self._everything(MultiDict.lists)


class RecordingDict(dict):
    def __getitem__(self, key):
        _READ.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        _READ.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        _READ.add(key)
        return super().__contains__(key)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def declared_parameters() -> set[str]:
    """The query parameters the code declares: GET forms' fields, *Query schemas' fields, request.args.get()."""
    names = set()
    for form in _subclasses(FlaskForm):
        if form.__module__.startswith("posyandu_app.") and getattr(form.Meta, "csrf", True) is False:
            names |= {name for name, value in inspect.getmembers(form) if isinstance(value, UnboundField)}
    for _, schema in inspect.getmembers(sync_schemas, inspect.isclass):
        if issubclass(schema, Schema) and schema.__name__.endswith("Query"):
            names |= {field.data_key or name for name, field in schema._declared_fields.items()}
    root = Path(posyandu_app.__file__).parent
    for source in root.rglob("*.py"):
        names |= set(re.findall(r"request\.args\.get\(\s*[\"'](\w+)[\"']", source.read_text()))
    return names


DECLARED = declared_parameters()


@pytest.fixture
def recording_app(app):
    app.request_class = type("RecordingRequest", (app.request_class,), {"parameter_storage_class": RecordingArgs})
    return app


def _clients(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        login(client, world.users[role])
    return client


def _real_urls(rule, world) -> list[str]:
    if rule.endpoint == "web.report_export":  # every export the code offers, not only the world's one
        return [f"/reports/{name}.{kind}" for name in EXPORTS for kind in EXPORT_TYPES]
    return [w.url_for_rule(rule, world)]


def _garbage_urls(rule, world) -> list[str]:
    urls = []
    for argument in sorted(rule.arguments):
        for garbage in GARBAGE_PATH:
            values = {**w.arguments(world), argument: garbage}
            urls.append(re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(values[m.group(1)]), rule.rule))
    return urls


def _get_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]


def _read_by(client, url) -> tuple[set[str], int]:
    _READ.clear()
    status = client.get(url).status_code
    return set(_READ), status


def test_the_declarations_name_query_parameters():
    assert {"month", "unit", "posyandu", "date_from", "cursor", "device_id", "next", "q"} <= DECLARED


@pytest.mark.parametrize("role", ROLES)
def test_every_query_parameter_of_every_get_route_takes_hostile_values(recording_app, make, role):
    app = recording_app
    world = w.build(make)
    client = _clients(app, world, role)
    failures, undeclared, fuzzed = [], [], 0
    for rule in _get_rules(app):
        for url in _real_urls(rule, world):
            read, status = _read_by(client, url)
            if status >= 500:
                failures.append((url, status))
            if read - DECLARED:
                undeclared.append((rule.endpoint, sorted(read - DECLARED)))
            for name in sorted(read & DECLARED):
                queries = [f"{name}={quote(value)}" for value in HOSTILE] + [f"{name}={raw}" for raw in RAW_HOSTILE]
                queries.append(f"{name}=2026-01&{name}=9999-12")
                for query in queries:
                    fuzzed += 1
                    answer = client.get(f"{url}?{query}")
                    if answer.status_code >= 500:
                        failures.append((f"{url}?{query[:80]}", answer.status_code))
        for url in _garbage_urls(rule, world):
            answer = client.get(url)
            if answer.status_code >= 500:
                failures.append((url[:120], answer.status_code))
    print(f"\nquery-parameter fuzzing as {role}: {fuzzed} requests")
    assert not undeclared, f"routes read query parameters no form, schema or request.args.get declares: {undeclared}"
    assert not failures, failures
    if role in ("bidan", "supervisor", "admin"):
        assert fuzzed > 500  # the reviewers' pages were really reached, not only their login redirects


def test_every_declared_parameter_is_read_by_some_route(recording_app, make):
    """The fuzzing above reaches every parameter the code declares: none hides behind another's value."""
    app = recording_app
    world = w.build(make)
    seen = set()
    for role in ROLES:
        client = _clients(app, world, role)
        for rule in _get_rules(app):
            for url in _real_urls(rule, world):
                seen |= _read_by(client, url)[0]
    assert DECLARED <= seen, sorted(DECLARED - seen)


def test_a_nul_character_in_path_query_or_form_is_a_clear_400(app, client, make):
    """PostgreSQL text cannot hold NUL: refused at the door with a message, on both databases alike."""
    from ..web.review_helpers import Session
    world = w.build(make)
    bidan = Session(client, world.users["bidan"])
    for url in ("/people/%00", "/review/growth/a%00b", "/review?date_from=%00", "/reports/monthly?unit=%00"):
        answer = bidan.get(url)
        assert answer.status_code == 400, url
        assert "karakter NUL" in answer.get_data(as_text=True)
    api = client.get("/api/v1/sync/status?device_id=a%00b")
    assert api.status_code == 400 and api.get_json()["error"]["code"] == "invalid"
    returned = bidan.post(f"/review/growth/{world.growth.id}/return", {"note": "timbang\x00 ulang"})
    assert returned.status_code == 400 and "karakter NUL" in returned.get_data(as_text=True)
    db.session.expire_all()
    assert "timbang" not in (db.session.get(type(world.growth), world.growth.id).review_note or "")
