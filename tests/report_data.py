"""A small hand-computed dataset for the report tests (February 2026; expected figures in docs/REPORTS.md terms).

Posyandu A and B belong to pustu P1, posyandu C to pustu P2, all under one puskesmas.
"""
from datetime import date, datetime, timezone

from posyandu_app.services.reports.periods import Month

MONTH = Month(2026, 2)
NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)


def build(make):
    puskesmas = make.puskesmas(name="Puskesmas Uji")
    p1 = make.pustu(puskesmas, name="Pustu Satu", desa="Satu")
    p2 = make.pustu(puskesmas, name="Pustu Dua", desa="Dua")
    a = make.posyandu(p1, name="Posyandu A")
    b = make.posyandu(p1, name="Posyandu B")
    c = make.posyandu(p2, name="Posyandu C")
    _children(make, a, b, c)
    _pregnancies(make, a)
    _screenings(make, a)
    return {"puskesmas": puskesmas, "p1": p1, "p2": p2, "a": a, "b": b, "c": c}


def _child(make, posyandu, name, sex, born, kia=True, **kw):
    return make.person(posyandu, name=name, sex=sex, birth_date=born, has_kia_book=kia, **kw)


def _children(make, a, b, c):
    feb10 = date(2026, 2, 10)
    c1 = _child(make, a, "Anak Satu", "M", date(2025, 12, 20))
    make.growth(c1, feb10, age_months=1, kms_code="B", wfa_category="normal", hfa_category="normal",
                wfh_category="normal")
    c2 = _child(make, a, "Anak Dua", "F", date(2025, 5, 1), kia=False)
    old = make.growth(c2, feb10, age_months=9, kms_code="T", is_current=False)
    make.growth(c2, feb10, age_months=9, kms_code="N", vitamin_a="blue", supersedes_id=old.id,
                wfa_category="underweight", underweight=True, hfa_category="stunted", stunted=True,
                wfh_category="normal")
    c3 = _child(make, a, "Anak Tiga", "M", date(2024, 1, 15))
    make.growth(c3, date(2026, 2, 3), age_months=24, kms_code="T")
    make.growth(c3, date(2026, 2, 20), age_months=25, kms_code="T", two_t=True, bgm=True, vitamin_a="red",
                wfa_category="severely_underweight", underweight=True, hfa_category="normal",
                wfh_category="wasted", wasted=True)
    c4 = _child(make, a, "Anak Empat", "F", date(2021, 6, 1))
    make.growth(c4, feb10, age_months=56, kms_code="O", vitamin_a="red", wfa_category="normal",
                hfa_category="severely_stunted", stunted=True, wfh_category="normal")
    c5 = _child(make, a, "Anak Lima", "F", date(2021, 1, 1))  # 61 months: not a balita any more
    make.growth(c5, feb10, age_months=61, kms_code="N")
    c6 = _child(make, a, "Anak Enam", "M", date(2025, 10, 1), deleted_at=NOW)
    make.growth(c6, feb10, age_months=4, kms_code="N")
    c7 = _child(make, a, "Anak Tujuh", "M", date(2024, 8, 1))
    make.growth(c7, date(2026, 1, 10), age_months=17, kms_code="N")  # January only
    c8 = _child(make, a, "Anak Delapan", "F", date(2025, 11, 15))
    make.growth(c8, date(2026, 2, 12))  # not assessed yet: no age_months, no code
    c9 = _child(make, a, "Anak Sembilan", "M", date(2025, 3, 1), merged_into_id=c1.id)
    make.growth(c9, feb10, age_months=11, kms_code="N")
    c10 = _child(make, a, "Anak Sepuluh", "M", date(2023, 5, 1), kia=False)
    make.growth(c10, feb10, weight_kg=None, age_months=33)  # length only: not weighed
    _child(make, a, "Anak Sebelas", "M", date(2026, 3, 5))  # born after the month
    c12 = _child(make, b, "Anak Duabelas", "F", date(2024, 6, 1))
    make.growth(c12, feb10, age_months=20, kms_code="N")
    _child(make, c, "Anak Tigabelas", "M", date(2025, 8, 1))


def _woman(make, posyandu, name):
    return make.person(posyandu, name=name, sex="F", birth_date=date(1996, 4, 1))


def _pregnancies(make, a):
    w1 = make.pregnancy(_woman(make, a, "Ibu Satu"), date(2025, 8, 1))
    make.pregnancy_visit_raw(w1, date(2025, 10, 5), anc_contact=1)
    make.pregnancy_visit_raw(w1, date(2025, 12, 5), anc_contact=2)
    make.pregnancy_visit_raw(w1, date(2026, 2, 5), anc_contact=3, kek=True, needs_referral=True)
    make.pregnancy_visit_raw(w1, date(2026, 3, 5), anc_contact=4)  # after the month
    w2 = make.pregnancy(_woman(make, a, "Ibu Dua"), date(2025, 12, 20))
    make.pregnancy_visit_raw(w2, date(2026, 2, 14), anc_contact=1, kek=True, is_current=False)
    make.pregnancy_visit_raw(w2, date(2026, 2, 15), anc_contact=1, anaemia=True, hypertension=True, danger=True)
    w3 = make.pregnancy(_woman(make, a, "Ibu Tiga"), date(2025, 4, 20), outcome="delivered",
                        delivery_date=date(2026, 1, 20))
    make.pregnancy_visit_raw(w3, date(2026, 1, 10), anc_contact=6)
    make.pregnancy(_woman(make, a, "Ibu Empat"), date(2026, 3, 10))  # pregnant only from March
    make.pregnancy(_woman(make, a, "Ibu Lima"), date(2025, 3, 1))  # no delivery recorded, > 300 days
    w6 = make.pregnancy(_woman(make, a, "Ibu Enam"), date(2025, 5, 10), outcome="delivered",
                        delivery_date=date(2026, 2, 10), high_risk=True)
    make.pregnancy_visit_raw(w6, date(2026, 1, 25), anc_contact=5)
    make.pregnancy(_woman(make, a, "Ibu Tujuh"), date(2025, 12, 1), deleted_at=NOW)


def _screenings(make, a):
    p1 = make.person(a, name="Dewasa Satu", sex="M", birth_date=date(1981, 1, 1))
    make.screening_raw(p1, date(2026, 2, 10), age_years=45, bp_class="hypertension_1", glucose_class="diabetes",
                   bmi_class="obese_1", central_obesity=True, puma_score=6, needs_referral=True)
    p2 = make.person(a, name="Dewasa Dua", sex="F", birth_date=date(1996, 1, 1))
    make.screening_raw(p2, date(2026, 2, 1), age_years=30, bp_class="hypertension_2")
    make.screening_raw(p2, date(2026, 2, 11), age_years=30, bp_class="normal", glucose_class="normal",
                   bmi_class="normal", puma_score=2)
    p3 = make.person(a, name="Lansia Tiga", sex="F", birth_date=date(1956, 1, 1))
    make.screening_raw(p3, date(2026, 2, 12), age_years=70, bp_class="hypertension_2", glucose_class="prediabetes",
                   skilas_positive=True, skilas={"recall_fail": True, "muac_cm": 20.0}, adl_level="B",
                   puma_score=3, needs_referral=True)
    p4 = make.person(a, name="Lansia Empat", sex="M", birth_date=date(1960, 6, 1))
    make.screening_raw(p4, date(2026, 2, 13), skilas={"recall_fail": False, "muac_cm": 25.0}, adl_level="A")
    p5 = make.person(a, name="Dewasa Lima", sex="M", birth_date=date(1990, 1, 1))
    make.screening_raw(p5, date(2026, 1, 13), age_years=36, bp_class="optimal")
    p6 = make.person(a, name="Dewasa Enam", sex="M", birth_date=date(1990, 1, 1))
    make.screening_raw(p6, date(2026, 2, 13), age_years=36, bp_class="optimal", is_current=False)
