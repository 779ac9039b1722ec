"""Growth check of a child, 0-19 years (penimbangan & pengukuran): WHO z-scores, KMS under five, categories."""
from marshmallow import pre_load

from ..domain.data import load
from ..models.visits import GrowthVisit
from ..sync_fields import boolean, choice, number, string_list
from .kind import Client, Offer, Review, Twin, VisitData, VisitKind

_LIMITS = load("growth_rules")["validation"]["limits"]  # one home: the twins reject the same values


class GrowthData(VisitData):
    weight_kg = number(_LIMITS["weight_kg"]["gt"], _LIMITS["weight_kg"]["max"], exclusive_low=True)
    length_cm = number(_LIMITS["length_cm"]["min"], _LIMITS["length_cm"]["max"])
    measured = choice("L", "H", allow_none=True)
    head_cm = number(20, 65)
    muac_cm = number(5, 35)
    oedema = boolean()
    vitamin_a = choice("blue", "red", allow_none=True)
    deworming = boolean()
    exclusive_bf = boolean(allow_none=True)
    tb_symptoms = string_list()

    @pre_load
    def upper_measured(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("measured"), str):
            data = {**data, "measured": data["measured"].strip().upper()}
        return data

KIND = VisitKind(
    entity="growth", model=GrowthVisit, schema=GrowthData, name="Growth", assess="growth.assess_growth",
    risks="growth",
    promoted=("age_days", "age_months", "waz", "haz", "whz", "baz", "hcz", "acz", "kms_code", "two_t", "bgm",
              "wfa_category", "hfa_category", "wfh_category", "stunted", "wasted", "underweight"),
    rule_data=("growth_rules", "who_growth"), heading="people.growth_history",
    promoted_from=(("waz", "z.waz", 2), ("haz", "z.haz", 2), ("whz", "z.whz", 2), ("baz", "z.baz", 2),
                   ("kms_code", "kms.code", None), ("wfa_category", "categories.waz", None),
                   ("hfa_category", "categories.haz", None), ("wfh_category", "categories.whz", None),
                   ("needs_referral", "referrals[]", None)),
    reassess_following=True,  # a weighing's KMS code (N/T) depends on the one before it
    review=Review(
        measured=("weight_kg", "length_cm", "measured", "head_cm", "muac_cm", "oedema", "vitamin_a", "deworming",
                  "exclusive_bf"),
        results=("age_months", "waz", "haz", "whz", "baz", "acz", "kms_code", "wfa_category", "hfa_category",
                 "wfh_category"),
        history=("weight_kg", "length_cm", "muac_cm", "waz", "haz", "whz", "kms_code"),
        badges=(("bgm", "risk.reason.bgm", "bad"), ("two_t", "risk.reason.two_t", "warn"),
                ("stunted", "risk.reason.stunting", "warn"), ("wasted", "risk.reason.wasting", "bad"),
                ("underweight", "review.badge.underweight", "warn"))),
    client=Client(title="field.growth_title", screen="growth", route="growth", result="growth",
                  twin=Twin("growth", "assessGrowth", ("visit",), record_input="growthInput"), chart="growth",
                  due_for=("balita", "usia_sekolah"), remeasure=True,
                  offer=Offer(label="field.action_growth", groups=("balita", "usia_sekolah"),  # not while pregnant: her
                              # weight gain would read as BMI-for-age; to 18 completed years (WHO 2007 ends at 19)
                              max_age_years=("growth_rules", "age.who2007.offer_max_age_years"))),
)
