"""Adult (PTM) screening; from 60 years it also carries SKILAS and ADL (skrining dewasa/lansia)."""
from ..models.visits import Screening
from ..sync_fields import answers, boolean, choice, integer, number
from .kind import Client, Offer, Review, Twin, VisitData, VisitKind


class ScreeningData(VisitData):
    weight_kg = number(20, 300)
    height_cm = number(100, 230)
    waist_cm = number(40, 200)
    systolic = integer(50, 300)
    diastolic = integer(20, 200)
    glucose_mg_dl = number(20, 600)
    glucose_type = choice("random", "fasting", allow_none=True)
    smoker = boolean(allow_none=True)
    puma = answers()
    skilas = answers()
    adl = answers()


KIND = VisitKind(
    entity="screening", model=Screening, schema=ScreeningData, name="Screening",
    risks="screening",
    assess="screening.assess_screening",
    promoted=("age_years", "bmi", "bmi_class", "bp_class", "glucose_class", "central_obesity", "puma_score",
              "skilas_positive", "adl_score", "adl_level"),
    rule_data=("adult_rules", "elderly_rules"), heading="people.screenings",
    promoted_from=(("bmi", "bmi.value", 1), ("bmi_class", "bmi.class", None),
                   ("bp_class", "blood_pressure.class", None), ("glucose_class", "glucose.class", None),
                   ("adl_level", "adl.level", None), ("needs_referral", "referrals[]", None)),
    review=Review(
        measured=("weight_kg", "height_cm", "waist_cm", "systolic", "diastolic", "glucose_mg_dl", "glucose_type",
                  "smoker"),
        results=("age_years", "bmi", "bmi_class", "bp_class", "glucose_class", "puma_score", "adl_score",
                 "adl_level"),
        history=("weight_kg", "bmi", "systolic", "diastolic", "glucose_mg_dl", "puma_score", "adl_score"),
        badges=(("central_obesity", "review.badge.central_obesity", "warn"),
                ("skilas_positive", "risk.reason.skilas", "warn"))),
    client=Client(title="field.adult_title", screen="screening", route="screening", result="screening",
                  twin=Twin("adult", "assessAdultScreening", ("person", "visit"), record_input="personVisitInput"),
                  due_for=("dewasa", "lansia"),
                  group_titles=(("lansia", "field.elderly_title"),),
                  offer=Offer(label="field.action_adult", min_age_years=("adult_rules", "age_min_years.value"),
                              label_from_age=("elderly_rules", "age_min_years.value", "field.action_elderly"))),
)
