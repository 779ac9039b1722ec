"""High-risk lists: every at-risk person of the puskesmas with the reason, the date first seen and follow-up."""
from datetime import date, timedelta

from sqlalchemy import select

from posyandu_app.extensions import db
from posyandu_app.models import AuditLog, GrowthVisit
from posyandu_app.services import high_risk
from posyandu_app.web.risk_details import describe

from .review_helpers import Session, build_world

TODAY = date.today()


def _child(make, posyandu, name, months=20):
    return make.person(posyandu, name=name, sex="M", birth_date=TODAY - timedelta(days=int(months * 30.4375)))


def _rows_by_name(user, **filters):
    return {(row.person.name, row.reason): row for row in high_risk.risk_list(user, **filters)}


def _populate(make, world):
    """One person per reason across both pustu of the puskesmas, plus people who must not be listed."""
    p, q = world.posyandu, world.sibling_posyandu
    d1, d2, d3 = TODAY - timedelta(days=70), TODAY - timedelta(days=40), TODAY - timedelta(days=10)
    stunted = _child(make, p, "Anak Pendek")
    make.growth(stunted, visit_date=d1, haz=-1.5)
    make.growth(stunted, visit_date=d2, haz=-2.3, stunted=True)
    make.growth(stunted, visit_date=d3, haz=-2.4, stunted=True)
    make.growth(_child(make, q, "Anak Gizi Buruk"), visit_date=d3, whz=-3.4, wasted=True, wfh_category="severely_wasted")
    make.growth(_child(make, p, "Anak Gizi Kurang"), visit_date=d3, whz=-2.5, wasted=True, wfh_category="wasted")
    make.growth(_child(make, p, "Anak BGM"), visit_date=d3, waz=-3.2, bgm=True)
    make.growth(_child(make, q, "Anak 2T"), visit_date=d3, two_t=True, kms_code="T")
    make.growth(_child(make, p, "Anak LiLA"), visit_date=d3, muac_cm=12.1, age_months=20)
    make.growth(_child(make, p, "Anak Tak Wajar"), visit_date=d3, waz=-6.4,
                results={"z": {"waz": -6.4}, "flags": {"waz": True, "haz": False}})
    recovered = _child(make, p, "Anak Sudah Pulih")
    make.growth(recovered, visit_date=d1, stunted=True, haz=-2.2)
    make.growth(recovered, visit_date=d3, stunted=False, haz=-1.8)
    make.growth(_child(make, p, "Anak Sehat"), visit_date=d3, results={"flags": {"waz": False}})
    make.growth(_child(make, world.foreign_posyandu, "Anak Puskesmas Lain"), visit_date=d3, stunted=True)

    mothers = {}
    for name, kw in [("Ibu Bahaya", {"danger": True, "danger_signs": ["bleeding"]}), ("Ibu KEK", {"kek": True}),
                     ("Ibu Anemia", {"anaemia": True, "hb_g_dl": 9.5}),
                     ("Ibu Hipertensi", {"hypertension": True, "systolic": 150, "diastolic": 95}),
                     ("Ibu Hipertensi Berat", {"hypertension": True, "systolic": 150, "diastolic": 110})]:
        mother = make.person(p, name=name, birth_date=date(1995, 3, 3))
        episode = make.pregnancy_episode(mother, hpht=TODAY - timedelta(weeks=20))
        make.pregnancy_visit(episode, visit_date=TODAY - timedelta(weeks=10))
        mothers[name] = make.pregnancy_visit(episode, visit_date=d3, **kw)
    young = make.person(q, name="Ibu Muda", birth_date=TODAY - timedelta(days=18 * 365))
    episode = make.pregnancy_episode(young, hpht=TODAY - timedelta(weeks=8),
                                     results={"flags": [{"code": "too_young", "id": "4 Terlalu: terlalu muda"}]})
    make.pregnancy_visit(episode, visit_date=TODAY - timedelta(weeks=1))
    late = make.person(p, name="Ibu Belum ANC", birth_date=date(1990, 1, 1))
    make.pregnancy_episode(late, hpht=TODAY - timedelta(weeks=16))
    delivered = make.person(p, name="Ibu Sudah Bersalin", birth_date=date(1990, 1, 1))
    done = make.pregnancy_episode(delivered, hpht=TODAY - timedelta(weeks=42), outcome="delivered")
    make.pregnancy_visit(done, visit_date=TODAY - timedelta(weeks=6), kek=True)

    for name, kw in [("Pak HT3", {"bp_class": "hypertension_3", "systolic": 185, "diastolic": 112}),
                     ("Pak HT2", {"bp_class": "hypertension_2", "systolic": 165, "diastolic": 95}),
                     ("Bu Gula", {"glucose_mg_dl": 230.0, "glucose_type": "random"}),
                     ("Pak PUMA", {"puma_score": 7}), ("Mbah SKILAS", {"skilas_positive": True}),
                     ("Mbah ADL", {"adl_score": 11, "adl_level": "B"}),
                     ("Pak HT1", {"bp_class": "hypertension_1", "systolic": 145, "diastolic": 92}),
                     ("Bu Gula Sedang", {"glucose_mg_dl": 180.0, "adl_score": 20})]:
        make.screening(make.person(p, name=name, birth_date=date(1955, 1, 1)), visit_date=d3, **kw)
    return mothers


EXPECTED = {
    ("Anak Pendek", "stunting"), ("Anak Gizi Buruk", "severe_wasting"), ("Anak Gizi Kurang", "wasting"),
    ("Anak BGM", "bgm"), ("Anak 2T", "two_t"), ("Anak LiLA", "low_muac"), ("Anak Tak Wajar", "implausible"),
    ("Ibu Bahaya", "danger_signs"), ("Ibu KEK", "kek"), ("Ibu Anemia", "anaemia"),
    ("Ibu Hipertensi", "pregnancy_hypertension"), ("Ibu Hipertensi Berat", "pregnancy_hypertension_severe"),
    ("Ibu Muda", "four_t"), ("Ibu Belum ANC", "missed_anc"),
    ("Pak HT3", "hypertension_urgent"), ("Pak HT2", "hypertension_severe"), ("Bu Gula", "high_glucose"),
    ("Pak PUMA", "puma"),
    ("Mbah SKILAS", "skilas"), ("Mbah ADL", "adl_dependency"),
}


def test_supervisor_sees_every_at_risk_person_in_the_puskesmas(make):
    world = build_world(make)
    _populate(make, world)
    rows = _rows_by_name(world.supervisor)
    assert set(rows) == EXPECTED
    # First seen = the earliest current visit with the same reason, not the first visit ever.
    assert rows[("Anak Pendek", "stunting")].first_seen == TODAY - timedelta(days=40)
    assert rows[("Anak Pendek", "stunting")].last_seen == TODAY - timedelta(days=10)
    assert rows[("Ibu Belum ANC", "missed_anc")].first_seen == TODAY - timedelta(weeks=16) + timedelta(weeks=13)
    # The service gives codes and values; the page words them in the reader's language.
    assert rows[("Anak Gizi Buruk", "severe_wasting")].facts == {"index": "whz", "z": -3.4}
    assert describe(rows[("Anak Gizi Buruk", "severe_wasting")], "id") == "BB/TB z -3,40"
    assert describe(rows[("Anak Gizi Buruk", "severe_wasting")], "en") == "WHZ -3.40"
    assert describe(rows[("Anak LiLA", "low_muac")], "id") == "LiLA (cm): 12,1"
    assert describe(rows[("Pak HT3", "hypertension_urgent")], "id") == "185/112 mmHg"
    # Severe hypertension is urgent (red) for a pregnancy and an adult alike; grade 2 stays an amber referral.
    assert [(rows[key].urgent, rows[key].level) for key in (
        ("Ibu Hipertensi Berat", "pregnancy_hypertension_severe"), ("Pak HT3", "hypertension_urgent"),
        ("Pak HT2", "hypertension_severe"), ("Ibu Hipertensi", "pregnancy_hypertension"))] == [
        (True, "bad"), (True, "bad"), (False, "warn"), (False, "bad")]


def test_bidan_sees_only_the_posyandu_of_their_pustu(make):
    world = build_world(make)
    _populate(make, world)
    names = {name for name, _ in _rows_by_name(world.bidan)}
    assert "Anak Pendek" in names
    assert not names & {"Anak Gizi Buruk", "Anak 2T", "Ibu Muda", "Anak Puskesmas Lain"}


def test_a_superseded_visit_no_longer_counts(make):
    world = build_world(make)
    child = _child(make, world.posyandu, "Anak Salah Ukur")
    wrong = make.growth(child, visit_date=TODAY - timedelta(days=5), haz=-4.0, stunted=True)
    assert ("Anak Salah Ukur", "stunting") in _rows_by_name(world.bidan)
    make.correction(wrong, length_cm=82.0, haz=-0.5, stunted=False)
    assert ("Anak Salah Ukur", "stunting") not in _rows_by_name(world.bidan)


def test_filters_by_group_reason_and_posyandu(make):
    world = build_world(make)
    _populate(make, world)
    assert {r for _, r in _rows_by_name(world.supervisor, group="adult")} == {
        "hypertension_urgent", "hypertension_severe", "high_glucose", "puma", "skilas", "adl_dependency"}
    assert set(_rows_by_name(world.supervisor, reason="kek")) == {("Ibu KEK", "kek")}
    assert {n for n, _ in _rows_by_name(world.supervisor, posyandu_id=world.sibling_posyandu.id)} == {
        "Anak Gizi Buruk", "Anak 2T", "Ibu Muda"}


def test_follow_up_mark_is_recorded_audited_and_filterable(client, make):
    world = build_world(make)
    mothers = _populate(make, world)
    bidan = Session(client, world.bidan)
    page = bidan.get("/high-risk").get_data(as_text=True)
    assert "Ibu KEK" in page and "Pertama terlihat" in page

    visit = mothers["Ibu KEK"]
    response = bidan.post(f"/high-risk/pregnancy_visit/{visit.id}/follow-up", {"note": "dirujuk ke puskesmas"})
    assert response.status_code == 303
    db.session.expire_all()
    assert visit.follow_up_note == "dirujuk ke puskesmas" and visit.follow_up_at is not None
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "follow_up", AuditLog.record_id == visit.id))
    assert entry.user_id == world.bidan.id and entry.after["follow_up_note"] == "dirujuk ke puskesmas"

    page = bidan.get("/high-risk?reason=kek").get_data(as_text=True)
    assert "Sudah ditindaklanjuti" in page and "dirujuk ke puskesmas" in page
    assert "Ibu KEK" not in bidan.get("/high-risk?open_only=y").get_data(as_text=True)


def test_high_risk_page_lists_the_whole_puskesmas_for_the_supervisor(client, make):
    world = build_world(make)
    _populate(make, world)
    page = Session(client, world.supervisor).get("/high-risk").get_data(as_text=True)
    for name, _ in EXPECTED:
        assert name in page
    assert "Anak Puskesmas Lain" not in page and "Anak Sehat" not in page and "Pak HT1" not in page


def test_implausible_flag_is_read_from_the_results_json(make):
    world = build_world(make)
    child = _child(make, world.posyandu, "Anak JSON")
    make.growth(child, results={"z": {"haz": 6.5}, "flags": {"haz": True}})
    rows = _rows_by_name(world.bidan, reason="implausible")
    assert describe(rows[("Anak JSON", "implausible")], "id") == "TB/U z +6,50"
    english = {(r.person.name, r.reason): r for r in high_risk.risk_list(world.bidan, reason="implausible")}
    assert describe(english[("Anak JSON", "implausible")], "en") == "HAZ +6.50"
    assert db.session.scalar(select(GrowthVisit.id).where(GrowthVisit.person_id == child.id))


def test_lists_follow_the_server_assessment(make):
    """With the real domain rules: a 2-year-old boy of 78 cm is stunted, a 20-month-old of 9.4 kg/82 cm is not."""
    from posyandu_app.services import assessment
    world = build_world(make)
    short = make.person(world.posyandu, name="Anak Diukur", sex="M", birth_date=TODAY - timedelta(days=730))
    normal = make.person(world.posyandu, name="Anak Normal", sex="M", birth_date=TODAY - timedelta(days=610))
    for person, weight, length in ((short, 9.0, 78.0), (normal, 11.0, 84.0)):
        visit = make.growth(person, visit_date=TODAY - timedelta(days=1), weight_kg=weight, length_cm=length,
                            measured="H")
        assessment.assess_growth(visit)
    db.session.commit()
    names = {name for name, reason in _rows_by_name(world.bidan) if reason == "stunting"}
    assert names == {"Anak Diukur"}


def test_severe_hypertension_and_an_undone_whisper_test_reach_the_list_through_the_real_rules(client, make):
    """Assessed by the server twins: 160/100 in pregnancy and 180/90 in an adult are urgent referrals on the bidan's
    list, and a SKILAS whisper test that could not be done lists the elder with that reason (Kemenkes form: 'rujuk')."""
    from posyandu_app.services import assessment
    world = build_world(make)
    p = world.posyandu
    mother = make.person(p, name="Ibu Tensi 160", birth_date=date(1995, 3, 3))
    episode = make.pregnancy_episode(mother, hpht=TODAY - timedelta(weeks=24))
    assessment.assess_pregnancy_visit(make.pregnancy_visit(episode, visit_date=TODAY - timedelta(days=2),
                                                           systolic=160, diastolic=100))
    calm = make.person(p, name="Ibu Tensi 159", birth_date=date(1995, 3, 3))
    calm_episode = make.pregnancy_episode(calm, hpht=TODAY - timedelta(weeks=24))
    assessment.assess_pregnancy_visit(make.pregnancy_visit(calm_episode, visit_date=TODAY - timedelta(days=2),
                                                           systolic=159, diastolic=109))
    adult = make.person(p, name="Pak Tensi 180", sex="M", birth_date=date(1975, 1, 1))
    assessment.assess_screening(make.screening(adult, visit_date=TODAY - timedelta(days=2), systolic=180, diastolic=90))
    elder = make.person(p, name="Mbah Tes Bisik", sex="F", birth_date=date(1950, 1, 1))
    assessment.assess_screening(make.screening(elder, visit_date=TODAY - timedelta(days=2),
                                               skilas={"whisper_fail": False, "whisper_not_done": True}))
    db.session.commit()

    rows = _rows_by_name(world.bidan)
    visit_reasons = {key for key in rows if key[1] not in ("four_t", "missed_anc")}  # not the ANC schedule here
    assert visit_reasons == {
        ("Ibu Tensi 160", "pregnancy_hypertension_severe"), ("Ibu Tensi 159", "pregnancy_hypertension"),
        ("Pak Tensi 180", "hypertension_urgent"), ("Mbah Tes Bisik", "skilas")}
    assert rows[("Ibu Tensi 160", "pregnancy_hypertension_severe")].urgent
    assert rows[("Pak Tensi 180", "hypertension_urgent")].level == "bad"
    assert describe(rows[("Mbah Tes Bisik", "skilas")], "id") == "Tes bisik tidak dapat dilakukan"
    page = Session(client, world.bidan).get("/high-risk").get_data(as_text=True)
    assert "Hipertensi berat dalam kehamilan" in page and "Hipertensi berat (derajat 3)" in page
    assert page.count("Rujuk SEGERA hari ini") == 2


def test_a_record_pushed_between_the_lists_two_statements_is_listed_first_seen_on_itself(make, monkeypatch):
    """The first-seen dates are read before the latest records, in a statement of their own: a child whose first
    risky weighing landed between the two is listed (first seen on that weighing), not dropped and not an error."""
    world = build_world(make)
    earlier, pushed = _child(make, world.posyandu, "Anak Lama"), _child(make, world.posyandu, "Anak Baru")
    make.growth(earlier, visit_date=TODAY - timedelta(days=30), haz=-2.2, stunted=True)
    make.growth(pushed, visit_date=TODAY - timedelta(days=2), haz=-2.5, stunted=True)
    seen_before_the_push = high_risk._first_seen
    monkeypatch.setattr(high_risk, "_first_seen", lambda *args: {
        key: firsts for key, firsts in seen_before_the_push(*args).items() if key != pushed.id})
    rows = _rows_by_name(world.bidan)
    assert rows[("Anak Baru", "stunting")].first_seen == TODAY - timedelta(days=2)
    assert rows[("Anak Lama", "stunting")].first_seen == TODAY - timedelta(days=30)
