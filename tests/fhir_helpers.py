"""FHIR test helpers: validate with fhir.resources (R4B models) and build verified visits of every kind."""
from datetime import date, timedelta

from fhir.resources.R4B import get_fhir_model_class

from posyandu_app.extensions import db
from posyandu_app.services import assessment


def validate(resource: dict):
    """The R4B model of the resource; raises pydantic's ValidationError when it is not valid FHIR."""
    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def verified_visits(make, posyandu, day: date):
    """A child with a growth check, a pregnant woman with an ANC visit, an adult screened: assessed, verified."""
    child = make.person(posyandu, name="Budi Kecil", sex="M", birth_date=day - timedelta(days=400), nik="3201010101240001")
    growth = make.growth(child, visit_date=day, weight_kg=7.1, length_cm=70.5, muac_cm=12.2, head_cm=45.0)
    assessment.assess_growth(growth)
    mother = make.person(posyandu, name="Ani Hamil", birth_date=day - timedelta(days=365 * 26), rt="003", rw="002",
                         address="Jl. Melati 4")
    episode = make.pregnancy_episode(mother, hpht=day - timedelta(weeks=24))
    anc = make.pregnancy_visit(episode, visit_date=day, weight_kg=58.0, muac_cm=22.0, systolic=145, diastolic=95,
                               hb_g_dl=10.1, fundal_height_cm=22.0, fetal_heart_rate=140)
    assessment.assess_pregnancy_visit(anc)
    adult = make.person(posyandu, name="Pak Tua", sex="M", birth_date=day - timedelta(days=365 * 64))
    screening = make.screening(adult, visit_date=day, weight_kg=80.0, height_cm=160.0, waist_cm=100.0, systolic=165,
                               diastolic=100, glucose_mg_dl=230.0, glucose_type="random",
                               skilas={"recall_fail": True, "whisper_fail": False})
    assessment.assess_screening(screening)
    for visit in (growth, anc, screening):
        visit.status = "verified"
    db.session.commit()
    return growth, anc, screening
