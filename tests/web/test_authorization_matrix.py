"""Authorization matrix, generated from the URL map: every review/high-risk/person URL and action × every role ×
own and other facility → 200/303 (allowed), 403 (kader), 404 (outside scope: existence never leaks), login redirect."""
from dataclasses import dataclass

import pytest

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit, Person

from .review_helpers import Session, build_world, csrf_of

PREFIXES = ("web.review_", "web.high_risk", "web.people", "web.person_")
ROLES = ("kader", "bidan", "supervisor", "admin")
ID_ARGUMENTS = {"visit_id", "person_id"}


def _rules():
    app = create_app(TestConfig)
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(PREFIXES):
            for method in sorted(rule.methods & {"GET", "POST"}):
                rules.append((rule.endpoint, rule.rule, method, frozenset(rule.arguments)))
    return sorted(rules)


RULES = _rules()


@dataclass
class Target:
    visit: str
    person: str       # a person flagged as a probable duplicate ...
    original: str     # ... of this one, in the same posyandu


def _target(make, posyandu) -> Target:
    original = make.person(posyandu, name="Siti Asli")
    flagged = make.person(posyandu, name="Siti Ganda", duplicate_of_id=original.id, duplicate_reason="nik")
    visit = make.growth(original)
    return Target(visit.id, flagged.id, original.id)


# Form data for each action that succeeds for an allowed user (a new POST endpoint must be added here).
POST_DATA = {
    "web.review_verify": lambda t: {},
    "web.review_return": lambda t: {"note": "perlu diperbaiki: ukur ulang panjang badan"},
    "web.review_bulk_verify": lambda t: {"items": f"growth:{t.visit}"},
    "web.high_risk_follow_up": lambda t: {"note": "dirujuk ke puskesmas"},
    "web.person_merge": lambda t: {"keep": t.original},
    "web.person_not_duplicate": lambda t: {},
}


def _url(rule: str, target: Target) -> str:
    return (rule.replace("<entity>", "growth").replace("<visit_id>", target.visit)
            .replace("<person_id>", target.person))


def _cases():
    for endpoint, rule, method, arguments in RULES:
        places = ("own", "other") if arguments & ID_ARGUMENTS else ("own",)
        for role in ROLES:
            for place in places:
                yield pytest.param(endpoint, rule, method, role, place, id=f"{method}-{endpoint}-{role}-{place}")


def _expected(method, role, place):
    if role == "kader":
        return 403
    if place == "other" and role != "admin":
        return 404
    return 200 if method == "GET" else 303


def test_the_matrix_covers_the_review_pages_and_actions():
    endpoints = {endpoint for endpoint, *_ in RULES}
    assert {"web.review_queue", "web.review_visit", "web.review_verify", "web.review_return",
            "web.review_bulk_verify", "web.high_risk_list", "web.high_risk_follow_up", "web.person_detail",
            "web.people_list", "web.people_duplicates", "web.person_duplicate", "web.person_merge",
            "web.person_not_duplicate"} <= endpoints
    assert {endpoint for endpoint, _, method, _ in RULES if method == "POST"} == set(POST_DATA)


@pytest.mark.parametrize("endpoint,rule,method,role,place", list(_cases()))
def test_access(client, make, endpoint, rule, method, role, place):
    world = build_world(make)
    own = _target(make, world.posyandu)
    # "Other" is as close as it gets: for a bidan another pustu of the same puskesmas; else another puskesmas.
    other_posyandu = world.sibling_posyandu if role in ("bidan", "kader") else world.foreign_posyandu
    target = own if place == "own" else _target(make, other_posyandu)
    session = Session(client, getattr(world, role))
    url = _url(rule, target)
    if method == "GET":
        response = session.get(url)
    else:
        response = session.post(url, POST_DATA[endpoint](target))
    assert response.status_code == _expected(method, role, place), response.get_data(as_text=True)[:300]
    if _expected(method, role, place) in (403, 404):
        db.session.expire_all()  # a refused action changed nothing
        assert db.session.get(GrowthVisit, target.visit).status == "submitted"
        assert db.session.get(GrowthVisit, target.visit).follow_up_at is None
        assert db.session.get(Person, target.person).duplicate_of_id == target.original
        assert db.session.get(Person, target.original).deleted_at is None


@pytest.mark.parametrize("endpoint,rule,method", [(e, r, m) for e, r, m, _ in RULES])
def test_anonymous_is_sent_to_login(client, make, endpoint, rule, method):
    world = build_world(make)
    target = _target(make, world.posyandu)
    url = _url(rule, target)
    if method == "GET":
        response = client.get(url)
    else:
        token = csrf_of(client.get("/login").get_data(as_text=True))
        response = client.post(url, data={"csrf_token": token, **POST_DATA[endpoint](target)})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
