"""Existence does not leak on the review, person and set-up pages: every page and action that takes a visit, person,
facility, desa or account id answers an id of another area exactly as an id that names nothing (same status, same
page). On the set-up pages the other area is another puskesmas (a bidan manages nothing there: 403 everywhere)."""
import re
import uuid

import pytest

from .review_helpers import Session, build_world
from .test_authorization_matrix import ID_ARGUMENTS, POST_DATA, RULES, Target, _target, _url

CSRF = re.compile(r'(name="csrf_token"[^>]*value="|name="csrf-token" content=")[^"]+')


def _page(response, target: Target, url: str = "") -> tuple[int, str]:
    """Status and body, with the URL and ids asked for and the per-request CSRF tokens blanked out."""
    text = CSRF.sub(r"\1-", response.get_data(as_text=True))
    text = text.replace(url.replace("/", "%2F"), "<url>").replace(url, "<url>") if url else text
    for record_id in (target.visit, target.person, target.original):
        text = text.replace(record_id, "<id>")
    return response.status_code, text


def _ask(session, endpoint, rule, method, target):
    url = _url(endpoint, rule, target)
    response = session.get(url) if method == "GET" else session.post(url, POST_DATA[endpoint](target))
    return _page(response, target, url)


CASES = [pytest.param(endpoint, rule, method, role, id=f"{method}-{endpoint}-{role}")
         for endpoint, rule, method, arguments in RULES if arguments & ID_ARGUMENTS
         for role in ("bidan", "supervisor") if role == "supervisor" or not endpoint.startswith("web.admin_")]


@pytest.mark.parametrize("endpoint,rule,method,role", CASES)
def test_another_areas_record_is_answered_like_no_record(client, make, endpoint, rule, method, role):
    world = build_world(make)
    other = world.sibling_posyandu if role == "bidan" else world.foreign_posyandu
    elsewhere = _target(make, other)
    nowhere = Target(str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()))
    session = Session(client, getattr(world, role))
    missing = _ask(session, endpoint, rule, method, nowhere)
    assert missing[0] == 404
    assert _ask(session, endpoint, rule, method, elsewhere) == missing
