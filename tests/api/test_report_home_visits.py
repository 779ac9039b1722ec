"""KF/KN home-visit coverage of a month on a hand-built dataset: KN1 and complete KN over the babies born in the
month, complete KF over the mothers delivered in the month, danger signs found and referred, rolled up posyandu ->
desa -> total; the page and the CSV/XLSX exports show them."""
from datetime import date, timedelta

import pytest

from posyandu_app.models import NewbornVisit, PostnatalVisit, PregnancyEpisode
from posyandu_app.services.reports import home_visits, units
from posyandu_app.services.reports.periods import Month
from tests.factories import login

MONTH = Month(2026, 3)


def _kn(make, baby, day, window, **kw):
    make._add(NewbornVisit(person_id=baby.id, posyandu_id=baby.posyandu_id, visit_date=day, window=window, **kw))


def _kf(make, mother, day, window, **kw):
    make._add(PostnatalVisit(person_id=mother.id, posyandu_id=mother.posyandu_id, visit_date=day, window=window,
                             **kw))


def _delivered(make, mother, day):
    make._add(PregnancyEpisode(person_id=mother.id, posyandu_id=mother.posyandu_id, hpht=day - timedelta(days=275),
                               outcome="delivered", delivery_date=day))


@pytest.fixture
def data(make):
    puskesmas = make.puskesmas()
    pustu = make.pustu(puskesmas)
    a, b = make.posyandu(pustu, name="Posyandu A"), make.posyandu(pustu, name="Posyandu B")
    # Born in March at A: Ani (KN1, KN2, KN3: complete), Budi (KN1 only, with a convulsion, referred); at B: Citra
    # (no visit). Dodi was born in February: his March KN3 is a March visit but he is no March newborn.
    ani = make.person(a, name="Ani", birth_date=date(2026, 3, 1))
    budi = make.person(a, name="Budi", sex="M", birth_date=date(2026, 3, 30))
    make.person(b, name="Citra", birth_date=date(2026, 3, 31))
    dodi = make.person(b, name="Dodi", sex="M", birth_date=date(2026, 2, 20))
    for day, window in ((date(2026, 3, 2), "KN1"), (date(2026, 3, 5), "KN2"), (date(2026, 3, 20), "KN3")):
        _kn(make, ani, day, window)
    _kn(make, budi, date(2026, 3, 31), "KN1", danger=True, referred=True, danger_signs=["convulsions"])
    _kn(make, dodi, date(2026, 3, 5), "KN3", danger=True)  # found, not (yet) referred
    _kn(make, ani, date(2026, 3, 3), "KN1", is_current=False)  # a superseded record counts nowhere
    # Delivered in March at A: Sari (KF1-KF4, the last in April: complete), Tuti (KF1 and KF2 only; a KF1 of her
    # previous birth, before this delivery, does not count). Umi delivered in April: not in the March cohort.
    sari, tuti, umi = (make.person(a, name=name, birth_date=date(1998, 1, 1)) for name in ("Sari", "Tuti", "Umi"))
    _delivered(make, sari, date(2026, 3, 1))
    _delivered(make, tuti, date(2026, 3, 10))
    _delivered(make, umi, date(2026, 4, 2))
    for day, window in ((date(2026, 3, 1), "KF1"), (date(2026, 3, 5), "KF2"), (date(2026, 3, 20), "KF3"),
                        (date(2026, 4, 5), "KF4")):
        _kf(make, sari, day, window)
    _kf(make, tuti, date(2024, 3, 12), "KF3")
    _kf(make, tuti, date(2026, 3, 11), "KF1", danger=True, referred=True, danger_signs=["bleeding"])
    _kf(make, tuti, date(2026, 3, 15), "KF2")
    return {"puskesmas": puskesmas, "a": a, "b": b}


def test_coverage_and_danger_signs_per_posyandu_and_in_total(make, data):
    collected = home_visits.collect([data["a"].id, data["b"].id], MONTH)
    a, b = collected[data["a"].id], collected[data["b"].id]
    assert {k: v for k, v in a.items() if v} == {
        "newborns": 2, "kn1": 2, "kn_complete": 1, "kf_cohort": 2, "kf_complete": 1, "kn_visits": 4, "kn_danger": 1,
        "kn_referred": 1, "kf_visits": 5, "kf_danger": 1, "kf_referred": 1}
    assert {k: v for k, v in b.items() if v} == {"newborns": 1, "kn_visits": 1, "kn_danger": 1}
    report = home_visits.monthly_report(units.resolve(make.user("supervisor", data["puskesmas"])), MONTH)
    assert report["totals"]["newborns"] == 3 and report["shares"]["kn1_pct"] == 66.7
    assert report["shares"]["kn_complete_pct"] == 33.3 and report["shares"]["kf_complete_pct"] == 50.0
    assert report["shares"]["kn_referred_pct"] == 50.0
    levels = [(row["level"], row["facility"].name, row["shares"]["kn1_pct"]) for row in report["rollup"]]
    assert levels == [("posyandu", "Posyandu A", 100.0), ("posyandu", "Posyandu B", 0.0), ("desa", levels[2][1], 66.7)]


def test_the_report_page_and_exports(client, make, data):
    login(client, make.user("supervisor", data["puskesmas"]))
    page = client.get("/reports/home-visits?month=2026-03").get_data(as_text=True)
    assert 'data-figure="newborns">3<' in page and 'data-figure="kf_complete">1<' in page
    assert "Cakupan KN1" in page and "66,7%" in page and "Posyandu A" in page
    csv = client.get("/reports/home_visits.csv?month=2026-03")
    assert csv.status_code == 200 and "attachment" in csv.headers["Content-Disposition"]
    text = csv.get_data(as_text=True)
    assert "KN lengkap (KN1+KN2+KN3)" in text and "KF lengkap (KF1–KF4)" in text
    xlsx = client.get("/reports/home_visits.xlsx?month=2026-03")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert "/reports/home-visits" in client.get("/reports?month=2026-03").get_data(as_text=True)


def test_the_pws_dashboard_trends_kn1_and_complete_kf(client, make, data):
    from posyandu_app.services.reports import pws
    board = pws.dashboard(units.resolve(make.user("supervisor", data["puskesmas"])), MONTH)
    assert board["overall"]["latest"]["kn1"] == 66.7 and board["overall"]["latest"]["kf"] == 50.0
    assert board["overall"]["series"]["kn1"][-2] == 0.0  # February: Dodi, born then, had no KN1 (only a KN3)
    a = board["desa"][0]["posyandu"][0]
    assert a["facility"].name == "Posyandu A" and a["latest"]["kn1"] == 100.0 and a["lights"]["kn1"] == "ok"
    login(client, make.user("supervisor", data["puskesmas"]))
    page = client.get("/reports/pws?month=2026-03").get_data(as_text=True)
    assert "Cakupan KN1" in page and "KF lengkap" in page
    assert "Cakupan KN1" in client.get("/reports/pws.csv?month=2026-03").get_data(as_text=True)
