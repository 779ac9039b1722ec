"""Pregnancy: the episode (one pregnancy, edited in place) and its ANC visits (kunjungan ibu hamil)."""
from ..models.visits import PregnancyEpisode, PregnancyVisit
from ..sync_fields import Uuid, boolean, choice, date, integer, number, string_list
from .kind import Client, DataSchema, Offer, Open, Review, Twin, VisitData, VisitKind

RULE_DATA = ("pregnancy_rules", "adult_rules", "postnatal_rules")  # postnatal: the episode's KF windows


class EpisodeData(DataSchema):
    person_id = Uuid(required=True)
    hpht = date(required=True)
    gravida = integer(1, 20)
    para = integer(0, 19)
    abortus = integer(0, 19)
    previous_birth_date = date()
    pre_pregnancy_weight_kg = number(20, 300)
    height_cm = number(100, 230)
    outcome = choice("ongoing", "delivered", "ended")
    delivery_date = date()


class PregnancyVisitData(VisitData):
    episode_id = Uuid(required=True)
    weight_kg = number(20, 300)
    muac_cm = number(10, 60)
    systolic = integer(50, 300)
    diastolic = integer(20, 200)
    hb_g_dl = number(2, 25)
    fundal_height_cm = number(5, 50)
    fetal_heart_rate = integer(50, 250)
    ttd_given = integer(0, 120)
    danger_signs = string_list()
    tb_symptoms = string_list()
    class_attended = boolean()
    pmt_given = boolean()


EPISODE = VisitKind(
    entity="pregnancy", model=PregnancyEpisode, schema=EpisodeData, name="Pregnancy",
    assess="pregnancy.assess_episode",
    promoted=("edd", "high_risk"), rule_data=RULE_DATA, append_only=False, dated_by="hpht",
    heading="people.pregnancies",
    client=Client(title="field.episode", screen="pregnancy", route="pregnancy", result="pregnancy",
                  twin=Twin("pregnancy", "assessPregnancyEpisode", ("episode", "today", "visits")),
                  open=Open("outcome", ("ongoing", None), group="pregnant"),
                  offer=Offer(label="field.action_pregnancy", label_open="field.episode_edit", sex="F",
                              min_age_years=("pregnancy_rules", "limits.mother_age_years.min"),
                              max_age_years=("pregnancy_rules", "limits.mother_age_years.max"))),
)

CLINICIANS = ("bidan", "supervisor")  # the health workers of the field app's roles

VISIT = VisitKind(
    entity="pregnancy_visit", model=PregnancyVisit, schema=PregnancyVisitData, name="PregnancyVisit",
    risks="pregnancy",
    assess="pregnancy.assess_pregnancy_visit", parent="episode_id",
    promoted=("gestational_weeks", "trimester", "anc_contact", "kek", "anaemia", "hypertension", "danger"),
    promoted_from=(("gestational_weeks", "gestational_age.weeks", None), ("anc_contact", "anc.contact_number", None),
                   ("needs_referral", "referrals[]", None)),
    rule_data=RULE_DATA,
    review=Review(
        measured=("weight_kg", "muac_cm", "systolic", "diastolic", "hb_g_dl", "fundal_height_cm", "fetal_heart_rate",
                  "ttd_given", "danger_signs", "class_attended", "pmt_given"),
        results=("gestational_weeks", "trimester", "anc_contact"),
        history=("gestational_weeks", "weight_kg", "muac_cm", "systolic", "diastolic", "hb_g_dl"),
        badges=(("danger", "risk.reason.danger_signs", "bad"), ("kek", "risk.reason.kek", "warn"),
                ("anaemia", "risk.reason.anaemia", "warn"),
                ("hypertension", "risk.reason.pregnancy_hypertension", "bad"))),
    client=Client(title="field.anc_title", screen="pregnancy", route="anc", result="pregnancy",
                  twin=Twin("pregnancy", "assessPregnancyVisit", ("episode", "visit", "previous"),
                                                    record_input="pregnancyVisitInput"), group="pregnant",
                  due_for=("pregnant",),
                  offer=Offer(label="field.action_anc", needs_open="pregnancy"),
                  # measured by a bidan (Hb test, Leopold/TFU, Doppler/fetoscope), not by a kader (docs/rules)
                  field_roles={"hb_g_dl": CLINICIANS, "fundal_height_cm": CLINICIANS,
                               "fetal_heart_rate": CLINICIANS}),
)
