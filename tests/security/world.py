"""A small district whose every free-text field holds an XSS payload, users of every role, and a URL for every
route of the URL map (so tests generated from the map cover routes added later)."""
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from posyandu_app.extensions import db
from posyandu_app.models import Desa

from ..web.review_helpers import user

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
ESCAPED_MARK = "&lt;script&gt;alert(1)&lt;/script&gt;"  # how Jinja renders the payload's start
ROLES = ("kader", "bidan", "supervisor", "admin")


def tagged(field: str) -> str:
    """The payload with the field's name in it, so a test can tell which field a page shows."""
    return f"{field}{PAYLOAD}"


@dataclass
class World:
    posyandu: object
    person: object
    duplicate: object
    growth: object
    users: dict
    pustu: object = None
    desa: object = None


def build(make) -> World:
    today = date.today()
    puskesmas = make.puskesmas(name=tagged("puskesmas"))
    pustu = make.pustu(puskesmas, name=tagged("pustu"), desa=tagged("desa"))
    desa = Desa(region_code="32.01.01.2001", name=tagged("desa_row"), pustu=pustu)
    db.session.add(desa)
    db.session.flush()
    posyandu = make.posyandu(pustu, name=tagged("posyandu"), desa_id=desa.id)
    person = make.person(posyandu, name=tagged("name"), mother_name=tagged("mother"), address=tagged("address"),
                         dusun=tagged("dusun"), notes=tagged("person_notes"),
                         birth_date=today - timedelta(days=400))
    duplicate = make.person(posyandu, name=tagged("dupname"), mother_name=tagged("mother"),
                            birth_date=person.birth_date, duplicate_of_id=person.id, duplicate_reason="name")
    growth = make.growth(person, visit_date=today, weight_kg=6.1, notes=tagged("visit_notes"), bgm=True,
                         kms_code="T", needs_referral=True, flagged=True, status="returned",
                         review_note=tagged("review_note"), reviewed_at=datetime.now(timezone.utc),
                         follow_up_note=tagged("follow_up_note"), follow_up_at=datetime.now(timezone.utc))
    make.growth(person, visit_date=today - timedelta(days=30), weight_kg=6.3)
    mother = make.person(posyandu, name=tagged("mother_person"), birth_date=today - timedelta(days=9000))
    episode = make.pregnancy_episode(mother, hpht=today - timedelta(weeks=20))
    make.pregnancy_visit(episode, visit_date=today, kek=True, needs_referral=True, flagged=True,
                         notes=tagged("anc_notes"))
    elder = make.person(posyandu, name=tagged("elder"), birth_date=today - timedelta(days=70 * 365), sex="M")
    make.screening(elder, visit_date=today, systolic=190, diastolic=120, bp_class="stage2", needs_referral=True,
                   flagged=True, notes=tagged("screening_notes"))
    users = {"kader": user("kader", posyandu, tagged("kader")), "bidan": user("bidan", pustu, tagged("bidan")),
             "supervisor": user("supervisor", puskesmas, tagged("supervisor")), "admin": user("admin", None)}
    db.session.commit()
    return World(posyandu, person, duplicate, growth, users, pustu, desa)


# Values for the URL map's arguments; a route with an argument missing here fails the generated tests.
def arguments(world: World) -> dict:
    return {"person_id": world.duplicate.id, "visit_id": world.growth.id, "entity": "growth", "name": "monthly",
            "kind": "csv", "lang": "en", "filename": "css/app.css", "facility_id": world.pustu.id,
            "desa_id": world.desa.id, "user_id": world.users["kader"].id, "outbound_id": 1}


def url_for_rule(rule, world: World) -> str:
    values = arguments(world)
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: add a value for {missing} to tests/security/world.py"
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(values[m.group(1)]), rule.rule)
