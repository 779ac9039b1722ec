"""The bidan sees youth screenings through the registry: the queue, the visit page, its filter and the risk list."""
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.services.assess.youth import assess_youth_screening

from .review_helpers import Session, build_world

TODAY = date.today()


def _teen(make, posyandu, name, sex, years):
    return make.person(posyandu, name=name, sex=sex, birth_date=TODAY - timedelta(days=years * 365 + 40))


def _screened(make, person, **measured):
    visit = make.youth_screening(person, visit_date=TODAY - timedelta(days=1), **measured)
    assess_youth_screening(visit)
    db.session.commit()
    return visit


def test_the_bidan_reviews_a_youth_screening_and_sees_its_risks(client, make):
    world = build_world(make)
    girl = _screened(make, _teen(make, world.posyandu, "Dewi Remaja", "F", 16), hb_g_dl=7.6, muac_cm=22.0,
                     systolic=145, diastolic=92, smoking=False, vaping=True)
    boy = _screened(make, _teen(make, world.posyandu, "Bayu Sekolah", "M", 9), hb_g_dl=12.1, systolic=100,
                    diastolic=60, vaping=True)
    elsewhere = _screened(make, _teen(make, world.foreign_posyandu, "Rina Jauh", "F", 14), hb_g_dl=9.0)
    assert (girl.anaemia_class, girl.bp_class, girl.kek, girl.ttd_due) == ("anaemia_severe", "stage_2", True, True)

    bidan = Session(client, world.bidan)
    queue = bidan.get("/review").get_data(as_text=True)
    assert "Dewi Remaja" in queue and "Bayu Sekolah" in queue and "Rina Jauh" not in queue
    filtered = bidan.get("/review?entity=youth_screening").get_data(as_text=True)
    assert "Dewi Remaja" in filtered and "Skrining usia sekolah &amp; remaja" in filtered

    page = bidan.get(f"/review/youth_screening/{girl.id}").get_data(as_text=True)
    for words in ("Anemia berat", "Anemia berat: rujuk SEGERA ke puskesmas hari ini", "Hipertensi tahap 2",
                  "Risiko KEK (LiLA &lt; 23,5 cm): rujuk ke puskesmas untuk konseling gizi",
                  "Belum diberi TTD"):
        assert words in page, words
    # no referral: the kader's actions are what the bidan reads
    boy_page = bidan.get(f"/review/youth_screening/{boy.id}").get_data(as_text=True)
    assert "Memakai rokok elektronik (vape): beri konseling berhenti" in boy_page and "Tidak anemia" in boy_page
    assert bidan.get(f"/review/youth_screening/{elsewhere.id}").status_code == 404

    risks = bidan.get("/high-risk?group=school").get_data(as_text=True)
    for reason in ("Anemia (remaja)", "Hipertensi tahap 2 (remaja)", "KEK (remaja putri)", "Hb 7,6 g/dL",
                   "145/92 mmHg"):
        assert reason in risks, reason
    assert "Bayu Sekolah" not in risks and "Rina Jauh" not in risks
