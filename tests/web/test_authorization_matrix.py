"""Authorization matrix, generated from the URL map: every review/high-risk/person/set-up URL and action × every
role × own and other facility → 200/303 (allowed), 403 (kader; bidan on set-up pages), 404 (outside scope: existence
never leaks), login redirect. On the set-up pages "other" is another puskesmas, whose supervisor is its admin."""
import io
import itertools
import re
from dataclasses import dataclass

import pytest

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.extensions import db
from posyandu_app.models import Desa, Facility, FhirOutbound, GrowthVisit, Person, User
from posyandu_app.services.integration import fhir_settings

from .review_helpers import Session, build_world, csrf_of, user

PREFIXES = ("web.review_", "web.high_risk", "web.people", "web.person_", "web.admin_")
ROLES = ("kader", "bidan", "supervisor", "admin")
ID_ARGUMENTS = {"visit_id", "person_id", "facility_id", "desa_id", "user_id", "outbound_id"}
# A supervisor gets 403: only a district admin adds a puskesmas or switches FHIR sending.
DISTRICT_ONLY = {"web.admin_puskesmas_new", "web.admin_fhir_sending"}
# These POSTs answer with a page of their own (200): the one-time login slip, the roster check's preview.
SLIP = {"web.admin_user_new", "web.admin_user_reset", "web.admin_roster_upload"}
PUSTU_TARGET = {"web.admin_facility_new", "web.admin_desa_new"}  # <facility_id> is the pustu, else the posyandu
_unique = itertools.count(1)


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
    pustu: int = 0    # the posyandu's pustu (new posyandu and desa go under it) ...
    facility: int = 0  # ... a posyandu of it with no account (renamed, moved, closed) ...
    desa: int = 0     # ... and a desa of it
    account: int = 0  # a kader of the posyandu
    outbound: int = 0  # a FHIR dead letter of the posyandu


def _target(make, posyandu) -> Target:
    original = make.person(posyandu, name="Siti Asli")
    flagged = make.person(posyandu, name="Siti Ganda", duplicate_of_id=original.id, duplicate_reason="nik")
    visit = make.growth(original)
    spare = make.posyandu(posyandu.parent, name="Posyandu Cadangan")
    desa = Desa(region_code=_region_code(), name="Desa Uji", pustu_id=posyandu.parent_id)
    db.session.add(desa)
    db.session.commit()
    account = user("kader", posyandu, "Kader Sasaran")
    dead = FhirOutbound(resource_type="Observation", resource_id=visit.id, content_hash="x", rank=4,
                        source=f"growth/{visit.id}", posyandu_id=posyandu.id, identifier_system="s",
                        identifier_value=visit.id, resource={}, status="dead", attempts=1, last_error="HTTP 422")
    db.session.add(dead)
    db.session.commit()
    return Target(visit.id, flagged.id, original.id, posyandu.parent_id, spare.id, desa.id, account.id, dead.id)


def _code():
    return f"X{next(_unique)}"


def _region_code():
    return f"32.01.01.{next(_unique):04d}"


# Form data for each action that succeeds for an allowed user (a new POST endpoint must be added here).
POST_DATA = {
    "web.review_verify": lambda t: {},
    "web.review_return": lambda t: {"note": "perlu diperbaiki: ukur ulang panjang badan"},
    "web.review_bulk_verify": lambda t: {"items": f"growth:{t.visit}"},
    "web.high_risk_follow_up": lambda t: {"note": "dirujuk ke puskesmas"},
    "web.person_merge": lambda t: {"keep": t.original},
    "web.person_not_duplicate": lambda t: {},
    "web.admin_puskesmas_new": lambda t: {"code": _code(), "name": "Puskesmas Baru"},
    "web.admin_facility_new": lambda t: {"code": _code(), "name": "Posyandu Baru"},
    "web.admin_facility_rename": lambda t: {"code": _code(), "name": "Posyandu Ganti"},
    "web.admin_facility_move": lambda t: {"parent": str(t.pustu)},
    "web.admin_facility_close": lambda t: {},
    "web.admin_desa_new": lambda t: {"region_code": _region_code(), "name": "Desa Baru"},
    "web.admin_desa_edit": lambda t: {"region_code": _region_code(), "name": "Desa Ganti"},
    "web.admin_desa_close": lambda t: {},
    "web.admin_user_new": lambda t: {"username": f"baru{next(_unique)}", "full_name": "Kader Baru", "role": "kader",
                                     "facility": str(t.facility)},
    "web.admin_user_deactivate": lambda t: {},
    "web.admin_user_activate": lambda t: {},
    "web.admin_user_reset": lambda t: {},
    "web.admin_user_reassign": lambda t: {"facility": str(t.facility)},
    "web.admin_roster_upload": lambda t: {"posyandu": str(t.facility), "file": (io.BytesIO(ROSTER), "sasaran.csv")},
    "web.admin_roster_confirm": lambda t: {},  # + the token of an upload checked in the same session (_post)
    "web.admin_fhir_sending": lambda t: {},
    "web.admin_fhir_requeue": lambda t: {},
}
ROSTER = b"nama,jenis_kelamin,tanggal_lahir\nRoster Baru,P,01/02/2024\n"


def _post(session, endpoint, url, target):
    data = POST_DATA[endpoint](target)
    if endpoint == "web.admin_roster_confirm":
        page = session.post("/admin/roster", POST_DATA["web.admin_roster_upload"](target)).get_data(as_text=True)
        found = re.search(r'name="token"[^>]*value="([^"]+)"', page)
        data["token"] = found.group(1) if found else "x" * 32
    return session.post(url, data)


def _url(endpoint: str, rule: str, target: Target) -> str:
    facility = target.pustu if endpoint in PUSTU_TARGET else target.facility
    return (rule.replace("<entity>", "growth").replace("<visit_id>", target.visit)
            .replace("<person_id>", target.person).replace("<facility_id>", str(facility))
            .replace("<desa_id>", str(target.desa)).replace("<user_id>", str(target.account))
            .replace("<int:outbound_id>", str(target.outbound)))


def _cases():
    for endpoint, rule, method, arguments in RULES:
        places = ("own", "other") if arguments & ID_ARGUMENTS else ("own",)
        for role in ROLES:
            for place in places:
                yield pytest.param(endpoint, rule, method, role, place, id=f"{method}-{endpoint}-{role}-{place}")


def _expected(endpoint, method, role, place):
    if role == "kader" or (role == "bidan" and endpoint.startswith("web.admin_")):
        return 403
    if role == "supervisor" and endpoint in DISTRICT_ONLY:
        return 403
    if place == "other" and role != "admin":
        return 404
    return 200 if method == "GET" or endpoint in SLIP else 303


def test_the_matrix_covers_the_review_pages_and_actions():
    endpoints = {endpoint for endpoint, *_ in RULES}
    assert {"web.review_queue", "web.review_visit", "web.review_verify", "web.review_return",
            "web.review_bulk_verify", "web.high_risk_list", "web.high_risk_follow_up", "web.person_detail",
            "web.people_list", "web.people_duplicates", "web.person_duplicate", "web.person_merge",
            "web.person_not_duplicate", "web.admin_facilities", "web.admin_facility_close", "web.admin_fhir",
            "web.admin_fhir_sending", "web.admin_fhir_requeue"} <= endpoints
    assert {endpoint for endpoint, _, method, _ in RULES if method == "POST"} == set(POST_DATA)


@pytest.mark.parametrize("endpoint,rule,method,role,place", list(_cases()))
def test_access(client, make, endpoint, rule, method, role, place):
    world = build_world(make)
    own = _target(make, world.posyandu)
    # "Other" is as close as it gets: for a bidan another pustu of the same puskesmas; else another puskesmas.
    other_posyandu = world.sibling_posyandu if role in ("bidan", "kader") else world.foreign_posyandu
    target = own if place == "own" else _target(make, other_posyandu)
    session = Session(client, getattr(world, role))
    url = _url(endpoint, rule, target)
    if method == "GET":
        response = session.get(url)
    else:
        response = _post(session, endpoint, url, target)
    expected = _expected(endpoint, method, role, place)
    assert response.status_code == expected, re.findall(r"(?:field-error|alert-error)[^>]*>([^<]+)", response.get_data(as_text=True)) or response.status_code
    if expected in (403, 404):
        db.session.expire_all()  # a refused action changed nothing
        assert db.session.get(GrowthVisit, target.visit).status == "submitted"
        assert db.session.get(GrowthVisit, target.visit).follow_up_at is None
        assert db.session.get(Person, target.person).duplicate_of_id == target.original
        assert db.session.get(Person, target.original).deleted_at is None
        spare = db.session.get(Facility, target.facility)
        assert (spare.name, spare.closed_at, spare.parent_id) == ("Posyandu Cadangan", None, target.pustu)
        desa = db.session.get(Desa, target.desa)
        assert (desa.name, desa.closed_at) == ("Desa Uji", None)
        assert db.session.query(Facility).filter(Facility.name.in_(["Puskesmas Baru", "Posyandu Baru"])).count() == 0
        assert db.session.query(Desa).filter(Desa.name == "Desa Baru").count() == 0
        account = db.session.get(User, target.account)
        home = db.session.get(Person, target.original).posyandu_id
        assert (account.active, account.must_change_password, account.facility_id) == (True, False, home)
        assert db.session.query(User).filter(User.full_name == "Kader Baru").count() == 0
        assert db.session.query(Person).filter(Person.name == "Roster Baru").count() == 0
        assert db.session.get(FhirOutbound, target.outbound).status == "dead"
        assert not fhir_settings.sending_enabled()


@pytest.mark.parametrize("endpoint,rule,method", [(e, r, m) for e, r, m, _ in RULES])
def test_anonymous_is_sent_to_login(client, make, endpoint, rule, method):
    world = build_world(make)
    target = _target(make, world.posyandu)
    url = _url(endpoint, rule, target)
    if method == "GET":
        response = client.get(url)
    else:
        token = csrf_of(client.get("/login").get_data(as_text=True))
        response = client.post(url, data={"csrf_token": token, **POST_DATA[endpoint](target)})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
