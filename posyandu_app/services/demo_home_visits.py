"""Demo KF/KN home visits: in a posyandu, a mother delivered 10 days ago and her baby, with the kader's visits so far
(one danger sign each, referred), so the due list, the high-risk list and the KF/KN recap have something to show."""
from datetime import timedelta

from ..extensions import db
from ..models import NewbornVisit, Person, PostnatalVisit, PregnancyEpisode
from .assess.postnatal import assess_newborn_visit, assess_postnatal_visit
from .registry import normalize_name

DELIVERED_DAYS_AGO = 10  # KF3/KN3 open: both are due this week


def _person(posyandu, name, sex, birth_date, mother_name=None):
    return Person(posyandu_id=posyandu.id, name=name, name_normalized=normalize_name(name), sex=sex,
                  birth_date=birth_date, mother_name=mother_name,
                  mother_name_normalized=normalize_name(mother_name) if mother_name else None,
                  dusun=posyandu.name.split()[-1])


def seed_home_visits(posyandu, kader, today, mother_name, baby_name):
    delivered = today - timedelta(days=DELIVERED_DAYS_AGO)
    mother = _person(posyandu, mother_name, "F", today - timedelta(days=27 * 365))
    baby = _person(posyandu, baby_name, "M", delivered, mother_name)
    db.session.add_all([mother, baby])
    db.session.flush()
    db.session.add(PregnancyEpisode(person_id=mother.id, posyandu_id=posyandu.id, hpht=delivered - timedelta(days=276),
                                    gravida=2, para=1, abortus=0, outcome="delivered", delivery_date=delivered,
                                    created_by_id=kader.id))
    visits = [
        PostnatalVisit(person_id=mother.id, visit_date=delivered + timedelta(days=1), breastfeeding="exclusive"),
        PostnatalVisit(person_id=mother.id, visit_date=delivered + timedelta(days=5), breastfeeding="exclusive",
                       danger_signs=["breast_problem"], referred=True),
        NewbornVisit(person_id=baby.id, visit_date=delivered + timedelta(days=1), breastfeeding="exclusive",
                     temperature_c=36.8, breaths_per_min=46),
        NewbornVisit(person_id=baby.id, visit_date=delivered + timedelta(days=5), breastfeeding="exclusive",
                     danger_signs=["yellow_palms_soles"], temperature_c=37.0, breaths_per_min=50, referred=True),
    ]
    for visit in visits:
        visit.posyandu_id, visit.created_by_id = posyandu.id, kader.id
        db.session.add(visit)
        db.session.flush()
        (assess_postnatal_visit if isinstance(visit, PostnatalVisit) else assess_newborn_visit)(visit)
