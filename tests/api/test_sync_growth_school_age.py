"""A school-age child's growth visit, pushed from the phone, comes back scored by the WHO 2007 reference."""
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit
from posyandu_app.services import high_risk
from tests.factories import login

from .sync_helpers import growth_op, person_op, push, results


def test_a_ten_year_olds_growth_visit_gets_baz_haz_and_the_pmk_category(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    today = date.today()
    child = person_op(name="Rani Sekolah", sex="P", birth_date=(today - timedelta(days=3783)).isoformat())
    visit = growth_op(child["id"], visit_date=today.isoformat(), weight_kg=27.0, length_cm=139.0, measured="H")
    answered = results(push(client, token, [child, visit]))
    assert [a["status"] for a in answered] == ["applied", "applied"], answered
    record = answered[1]["record"]
    # tests/vectors/growth_who2007.json assess_10y_girl: same child, same numbers (anthroplus's method)
    assert (record["age_months"], record["waz"], record["whz"]) == (124, None, None)
    assert record["haz"] is not None and record["baz"] is not None
    assert record["results"]["categories"]["baz"]["code"] == "normal"
    assert record["results"]["categories"]["baz"]["id"] == "Gizi baik"
    assert record["results"]["categories"]["haz"]["code"] == "normal"
    assert record["kms_code"] is None  # the KMS card is for balita
    stored = db.session.get(GrowthVisit, visit["id"])
    assert (stored.baz, stored.haz) == (record["baz"], record["haz"])


def test_a_severely_thin_twelve_year_old_pushed_from_the_phone_is_on_the_review_list(client, make):
    kader = make.user("kader")
    token = login(client, kader)
    today = date.today()
    child = person_op(name="Bima Kurus", sex="L", birth_date=(today - timedelta(days=4400)).isoformat())
    visit = growth_op(child["id"], visit_date=today.isoformat(), weight_kg=29.0, length_cm=150.0, measured="H")
    record = results(push(client, token, [child, visit]))[1]["record"]
    assert record["results"]["categories"]["baz"]["code"] == "severely_thin"
    assert [r["code"] for r in record["results"]["referrals"]] == ["severely_thin"]
    rows = high_risk.risk_list(kader, group="school")  # the kader's own posyandu, as scope.posyandu_ids decides
    assert [(row.person.name, row.reason) for row in rows] == [("Bima Kurus", "severe_thinness")]
