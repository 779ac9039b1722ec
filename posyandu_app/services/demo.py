"""Demo data: one puskesmas, 2 pustu, 4 posyandu, users of every role and a year of realistic visits and doses."""
import math
import random
from datetime import date, timedelta

from sqlalchemy import select

from ..clock import field_today
from ..domain.data import load
from ..extensions import db
from ..models import (Delivery, Facility, FacilityKind, GrowthVisit, Person, PregnancyEpisode, PregnancyVisit, Role,
                      Screening, User)
from . import assessment, demo_programmes
from .assess.delivery import assess_delivery
from .demo_home_visits import seed_home_visits
from .registry import normalize_name

DEMO_PASSWORD = "posyandu123"
DEMO_LOGINS = [
    ("admin", DEMO_PASSWORD, "admin", "-"),
    ("supervisor", DEMO_PASSWORD, "supervisor", "Puskesmas Sukamaju"),
    ("bidan1", DEMO_PASSWORD, "bidan", "Pustu Sukamaju"),
    ("bidan2", DEMO_PASSWORD, "bidan", "Pustu Cibodas"),
    ("kader1", DEMO_PASSWORD, "kader", "Posyandu Mawar"),
    ("kader2", DEMO_PASSWORD, "kader", "Posyandu Melati"),
    ("kader3", DEMO_PASSWORD, "kader", "Posyandu Anggrek"),
    ("kader4", DEMO_PASSWORD, "kader", "Posyandu Kenanga"),
]
FIRST_NAMES_F = ["Siti", "Aisyah", "Nur", "Dewi", "Putri", "Rina", "Ayu", "Fitri", "Lestari", "Wulan", "Intan", "Sri"]
FIRST_NAMES_M = ["Budi", "Agus", "Rizky", "Dimas", "Fajar", "Andi", "Yusuf", "Bayu", "Hendra", "Joko", "Rudi", "Ahmad"]
LAST_NAMES = ["Rahmawati", "Saputra", "Hidayat", "Susanto", "Wijaya", "Pratama", "Lestari", "Nugroho", "Kurniawan"]
# WHO median weight (kg) and length (cm) by month, boys and girls averaged: enough to make believable curves.
_GROWTH = load("growth_rules")
DAYS_PER_MONTH = _GROWTH["age"]["days_per_month"]
HEIGHT_FROM_DAY = _GROWTH["measurement"]["height_from_day"]  # measured standing from this age (WHO)
UNDER_FIVE_DAYS = math.ceil(_GROWTH["age"]["z_max_age_months"] * DAYS_PER_MONTH)  # first day past the WHO standards
MEDIAN_MONTHS = [0, 3, 6, 9, 12, 18, 24, 36, 48, 60]
MEDIAN_WEIGHT = [3.3, 6.1, 7.7, 8.7, 9.4, 10.8, 12.0, 14.1, 16.1, 18.1]
MEDIAN_LENGTH = [49.5, 60.8, 66.8, 71.3, 75.0, 81.5, 87.1, 95.6, 102.9, 109.7]


def median_for_age(table, months):
    """Linear interpolation in one of the MEDIAN_* tables at an age in months (the demo and the bench seeds)."""
    for (x0, y0), (x1, y1) in zip(zip(MEDIAN_MONTHS, table), zip(MEDIAN_MONTHS[1:], table[1:])):
        if months <= x1:
            return y0 + (y1 - y0) * (months - x0) / (x1 - x0)
    return table[-1]


def _facilities():
    puskesmas = Facility(kind=FacilityKind.PUSKESMAS, code="PKM-SKM", name="Puskesmas Sukamaju",
                         kecamatan="Sukamaju", kabupaten="Kabupaten Bogor")
    pustus, posyandus = [], []
    for code, desa, names in [("PST-SKM", "Sukamaju", ["Mawar", "Melati"]), ("PST-CBD", "Cibodas", ["Anggrek", "Kenanga"])]:
        pustu = Facility(kind=FacilityKind.PUSTU, code=code, name=f"Pustu {desa}", desa=desa, kecamatan="Sukamaju",
                         kabupaten="Kabupaten Bogor", parent=puskesmas)
        pustus.append(pustu)
        for index, name in enumerate(names, start=1):
            posyandus.append(Facility(kind=FacilityKind.POSYANDU, code=f"{code}-{index:02d}", name=f"Posyandu {name}",
                                      desa=desa, kecamatan="Sukamaju", kabupaten="Kabupaten Bogor", parent=pustu,
                                      target_population=60, posyandu_day=POSYANDU_DAY))
    db.session.add(puskesmas)
    return puskesmas, pustus, posyandus


def _users(puskesmas, pustus, posyandus, must_change_password):
    facilities = [None, puskesmas, pustus[0], pustus[1], *posyandus]
    for (username, password, role, _), facility in zip(DEMO_LOGINS, facilities):
        user = User(username=username, full_name=f"{role.title()} {facility.name if facility else 'Sistem'}",
                    role=Role(role), facility=facility, must_change_password=must_change_password)
        user.set_password(password)
        db.session.add(user)
    db.session.flush()
    return {user.facility_id: user for user in db.session.scalars(select(User).where(User.role == Role.KADER))}


def _person(rng, posyandu, sex, age_days, today, mother=True):
    first = rng.choice(FIRST_NAMES_M if sex == "M" else FIRST_NAMES_F)
    name = f"{first} {rng.choice(LAST_NAMES)}"
    mother_name = f"{rng.choice(FIRST_NAMES_F)} {rng.choice(LAST_NAMES)}" if mother else None
    return Person(posyandu_id=posyandu.id, name=name, name_normalized=normalize_name(name), sex=sex,
                  birth_date=today - timedelta(days=age_days), mother_name=mother_name,
                  mother_name_normalized=normalize_name(mother_name) if mother_name else None,
                  rt=f"{rng.randint(1, 8):02d}", rw=f"{rng.randint(1, 4):02d}", dusun=posyandu.name.split()[-1],
                  nik=_nik(rng, sex, today - timedelta(days=age_days)) if rng.random() < 0.7 else None)


def _nik(rng, sex, birth_date):
    """A well-formed demo NIK: region 320105, birth date (day + 40 for women), then a serial number."""
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"320105{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{rng.randint(1, 9999):04d}"


POSYANDU_DAY = 10  # every demo posyandu meets on the 10th of the month


def _monthly_dates(today, months):
    """The last `months` posyandu days up to today, oldest first: this month's only once it has come (a visit is
    never dated after today, whichever day of the month the demo is seeded on)."""
    latest = today.year * 12 + today.month - 1 - (today.day < POSYANDU_DAY)
    for index in range(latest - months + 1, latest + 1):
        yield date(index // 12, index % 12 + 1, POSYANDU_DAY)


def _child_visits(rng, child, kader, today):
    offset = rng.uniform(-2.6, 1.2)  # this child's place on the chart, in rough z units
    falter_month = rng.randrange(12) if rng.random() < 0.3 else None
    weight_factor = 1 + 0.11 * offset
    for month_index, visit_date in enumerate(_monthly_dates(today, 12)):
        age_days = (visit_date - child.birth_date).days
        if age_days < 0 or age_days >= UNDER_FIVE_DAYS or rng.random() < 0.1:
            continue  # not born yet, too old, or missed this posyandu day
        months = age_days / DAYS_PER_MONTH
        flat = falter_month is not None and falter_month <= month_index <= falter_month + 1
        weight = median_for_age(MEDIAN_WEIGHT, months - (1.5 if flat else 0)) * weight_factor
        length = median_for_age(MEDIAN_LENGTH, months) * (1 + 0.035 * offset)
        visit = GrowthVisit(person=child, posyandu_id=child.posyandu_id, visit_date=visit_date,
                            weight_kg=round(weight + rng.uniform(-0.05, 0.05), 1), length_cm=round(length, 1),
                            measured="L" if age_days < HEIGHT_FROM_DAY else "H", created_by_id=kader.id,
                            muac_cm=round(12.0 + 2.5 * (1 + 0.3 * offset) + rng.uniform(-0.3, 0.3), 1)
                            if age_days >= 183 else None,
                            vitamin_a=("blue" if months < 12 else "red") if visit_date.month in (2, 8) and months >= 6 else None,
                            status="verified" if month_index < 10 else "submitted")
        db.session.add(visit)
        db.session.flush()
        assessment.assess_growth(visit)


def _pregnancy(rng, mother, kader, today):
    weeks = rng.randint(8, 34)
    episode = PregnancyEpisode(person=mother, posyandu_id=mother.posyandu_id, hpht=today - timedelta(weeks=weeks),
                               gravida=rng.randint(1, 4), para=0, abortus=0, height_cm=round(rng.uniform(145, 165), 1),
                               pre_pregnancy_weight_kg=round(rng.uniform(40, 70), 1), created_by_id=kader.id)
    episode.para = episode.gravida - 1
    db.session.add(episode)
    db.session.flush()
    assessment.assess_episode(episode)
    for visit_date in _monthly_dates(today, 12):
        if visit_date <= episode.hpht + timedelta(weeks=6) or visit_date > today:
            continue
        visit = PregnancyVisit(person=mother, episode=episode, posyandu_id=mother.posyandu_id, visit_date=visit_date,
                               weight_kg=round(episode.pre_pregnancy_weight_kg + (visit_date - episode.hpht).days / 28, 1),
                               muac_cm=round(rng.uniform(21.5, 28), 1), systolic=rng.choice([105, 110, 120, 130, 145]),
                               diastolic=rng.choice([70, 75, 80, 85, 92]), ttd_given=30, created_by_id=kader.id)
        db.session.add(visit)
        db.session.flush()
        assessment.assess_pregnancy_visit(visit)


# One birth per demo posyandu this month, so the births recap is never empty: (place, attendant, kg, cm, outcome);
# a baby at home with a dukun, one of low birth weight, one stillbirth.
BIRTHS = [("puskesmas", "midwife", 3.1, 49.0, "live_birth"), ("home", "dukun", 2.3, 45.5, "live_birth"),
          ("clinic", "midwife", 2.9, 48.0, "live_birth"), ("hospital", "doctor", 1.8, 41.0, "stillbirth")]


def _births(rng, posyandus, kaders, today):
    """A mother per posyandu whose pregnancy ended this month: the delivery closed it and, for a live birth,
    registered her baby (linked by baby_id, her name as the mother's), as the field app does."""
    for posyandu, (place, attendant, kg, cm, outcome) in zip(posyandus, BIRTHS):
        kader = kaders[posyandu.id]
        mother = _person(rng, posyandu, "F", rng.randint(20, 36) * 365, today, mother=False)
        born = today - timedelta(days=rng.randint(0, today.day - 1))
        episode = PregnancyEpisode(person=mother, posyandu_id=posyandu.id, hpht=born - timedelta(days=273), gravida=2,
                                   para=1, abortus=0, outcome="delivered", delivery_date=born, created_by_id=kader.id)
        sex = rng.choice("MF")
        baby = None
        if outcome == "live_birth":
            name = f"Bayi Ny. {mother.name}"
            baby = Person(posyandu_id=posyandu.id, name=name, name_normalized=normalize_name(name), sex=sex,
                          birth_date=born, mother_name=mother.name, mother_name_normalized=normalize_name(mother.name),
                          birth_weight_kg=kg, birth_length_cm=cm, rt=mother.rt, rw=mother.rw, dusun=mother.dusun)
        db.session.add_all([mother, episode, *([baby] if baby else [])])
        db.session.flush()
        delivery = Delivery(person=mother, episode=episode, posyandu_id=posyandu.id, visit_date=born, outcome=outcome,
                            place=place, attendant=attendant, babies=1, baby_sex=sex, birth_weight_kg=kg,
                            birth_length_cm=cm, baby_id=baby.id if baby else None, created_by_id=kader.id)
        db.session.add(delivery)
        db.session.flush()
        assess_delivery(delivery)


def _screenings(rng, adult, kader, today):
    for visit_date in list(_monthly_dates(today, 12))[::3]:
        elderly = (visit_date - adult.birth_date).days >= 60 * 365.25
        visit = Screening(person=adult, posyandu_id=adult.posyandu_id, visit_date=visit_date,
                          weight_kg=round(rng.uniform(45, 85), 1), height_cm=round(rng.uniform(148, 172), 1),
                          waist_cm=round(rng.uniform(70, 105), 1), systolic=rng.choice([115, 125, 135, 150, 165, 185]),
                          diastolic=rng.choice([75, 82, 88, 95, 105]), glucose_mg_dl=rng.choice([95, 130, 160, 215]),
                          glucose_type="random", smoker=rng.random() < 0.3, created_by_id=kader.id,
                          skilas={"recall_fail": rng.random() < 0.2, "whisper_fail": rng.random() < 0.15} if elderly else None,
                          adl=_adl(rng) if elderly else None)
        db.session.add(visit)
        db.session.flush()
        assessment.assess_screening(visit)


def _adl(rng):
    """Most elders are independent; about one in five needs help with a few activities."""
    scores = dict(assessment.ADL_MAXIMA)
    if rng.random() < 0.2:
        for item in rng.sample(sorted(scores), 3):
            scores[item] = rng.randint(0, scores[item] - 1)
    return scores


def seed(random_seed: int = 2026, must_change_password: bool = False):
    """Create the demo; returns the logins, or None when demo data is already there.

    On a production server the published demo passwords must be changed at first login."""
    if db.session.scalar(select(Facility.id).where(Facility.code == "PKM-SKM")):
        return None
    rng = random.Random(random_seed)
    today = field_today()  # the latest date in Indonesia: the history ends on the day any kader is on
    puskesmas, pustus, posyandus = _facilities()
    db.session.flush()
    kaders = _users(puskesmas, pustus, posyandus, must_change_password)
    for posyandu in posyandus:
        kader = kaders[posyandu.id]
        people = [_person(rng, posyandu, rng.choice("MF"), rng.randint(20, 1800), today) for _ in range(8)]
        people += [_person(rng, posyandu, rng.choice("MF"), rng.randint(20, 700), today) for _ in range(2)]  # babies
        youth = [_person(rng, posyandu, rng.choice("MF"), rng.randint(6 * 365, 17 * 365), today) for _ in range(3)]
        mothers = [_person(rng, posyandu, "F", rng.randint(19, 38) * 365, today, mother=False) for _ in range(2)]
        adults = [_person(rng, posyandu, rng.choice("MF"), rng.randint(25, 58) * 365, today, mother=False) for _ in range(3)]
        elders = [_person(rng, posyandu, rng.choice("MF"), rng.randint(60, 80) * 365, today, mother=False) for _ in range(2)]
        db.session.add_all(people + youth + mothers + adults + elders)
        db.session.flush()
        for child in people:
            _child_visits(rng, child, kader, today)
            demo_programmes.child_doses(rng, child, kader, today, POSYANDU_DAY)
        for person in youth:
            demo_programmes.youth_screenings(rng, person, kader, today, list(_monthly_dates(today, 12)))
        for mother in mothers:
            _pregnancy(rng, mother, kader, today)
        for adult in adults + elders:
            _screenings(rng, adult, kader, today)
    # A mother and her newborn in their first weeks, visited at home (KF/KN) by the first two posyandu's kader.
    for posyandu, (mother, baby) in zip(posyandus, (("Ratna Sari", "Bayi Ny. Ratna"), ("Wulan Dewi", "Bayi Ny. Wulan"))):
        seed_home_visits(posyandu, kaders[posyandu.id], today, mother, baby)
    # One family moved away today: the child counts in earlier months' reports, no longer in this month's.
    moved = posyandus[0]
    child = db.session.scalars(select(Person).where(Person.posyandu_id == moved.id, Person.birth_date
                                                    > today - timedelta(days=1800)).order_by(Person.name)).first()
    child.left_on, child.left_reason = today, "moved"
    _births(rng, posyandus, kaders, today)
    db.session.commit()
    return DEMO_LOGINS
