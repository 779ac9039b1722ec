"""School-age and adolescent screening, 5-18 years (skrining usia sekolah dan remaja): Hb, TTD, LiLA, BP, smoking."""
from ..models.visits import YouthScreening
from ..sync_fields import boolean, integer, number
from .kind import Client, Offer, Review, Twin, VisitData, VisitKind


class YouthScreeningData(VisitData):
    hb_g_dl = number(2, 25)
    ttd_given = integer(0, 52)
    muac_cm = number(10, 60)
    systolic = integer(50, 300)
    diastolic = integer(20, 200)
    smoking = boolean(allow_none=True)
    vaping = boolean(allow_none=True)


KIND = VisitKind(
    entity="youth_screening", model=YouthScreening, schema=YouthScreeningData, name="YouthScreening",
    risks="youth",
    assess="youth.assess_youth_screening",
    promoted=("age_years", "anaemia_class", "anaemia", "ttd_due", "kek", "bp_class"),
    rule_data=("youth_rules", "adult_rules"),
    promoted_from=(("anaemia_class", "haemoglobin.class", None), ("bp_class", "blood_pressure.class", None),
                   ("needs_referral", "referrals[]", None)),
    review=Review(
        measured=("hb_g_dl", "ttd_given", "muac_cm", "systolic", "diastolic", "smoking", "vaping"),
        results=("age_years", "anaemia_class", "bp_class"),
        history=("hb_g_dl", "ttd_given", "muac_cm", "systolic", "diastolic"),
        badges=(("anaemia", "risk.reason.youth_anaemia", "warn"), ("kek", "risk.reason.youth_kek", "warn"),
                ("ttd_due", "review.badge.ttd_due", "warn"))),
    client=Client(title="field.title_youth_screening", screen="youth", route="youth", result="youth",
                  twin=Twin("youth", "assessYouthScreening", ("person", "visit"),
                                record_input="personVisitInput"),
                  # 5-18 completed years; the rules also hold the first day (1,827 days old, youth_rules.json `age`)
                  offer=Offer(label="field.action_youth", min_age_years=("youth_rules", "age.min_years"),
                              max_age_years=("youth_rules", "age.max_years"))),
)
