"""Factories: build facilities, users, persons and visits with sensible defaults, one call each."""
import itertools
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.models import (Delivery, Facility, FacilityKind, GrowthVisit, Immunization, Person, PregnancyEpisode, PregnancyVisit, Role,
                                 Screening, User, YouthScreening)
from posyandu_app.services.registry import normalize_name

PASSWORD = "rahasia-123"
_counter = itertools.count(1)


class Factory:
    def puskesmas(self, **kw):
        n = next(_counter)
        return self._add(Facility(kind=FacilityKind.PUSKESMAS, code=kw.pop("code", f"PKM{n}"),
                                  name=kw.pop("name", f"Puskesmas {n}"), **kw))

    def pustu(self, puskesmas=None, **kw):
        n = next(_counter)
        return self._add(Facility(kind=FacilityKind.PUSTU, code=kw.pop("code", f"PST{n}"), name=kw.pop("name", f"Pustu {n}"),
                                  parent=puskesmas or self.puskesmas(), desa=kw.pop("desa", f"Desa {n}"), **kw))

    def posyandu(self, pustu=None, **kw):
        n = next(_counter)
        return self._add(Facility(kind=FacilityKind.POSYANDU, code=kw.pop("code", f"POS{n}"),
                                  name=kw.pop("name", f"Posyandu {n}"), parent=pustu or self.pustu(), **kw))

    def user(self, role="kader", facility=None, password=PASSWORD, **kw):
        role = Role(role)
        if facility is None and role != Role.ADMIN:
            facility = {Role.KADER: self.posyandu, Role.BIDAN: self.pustu, Role.SUPERVISOR: self.puskesmas}[role]()
        n = next(_counter)
        user = User(username=kw.pop("username", f"{role.value}{n}"), full_name=kw.pop("full_name", f"{role.value.title()} {n}"),
                    role=role, facility=facility, **kw)
        user.set_password(password)
        return self._add(user)

    def person(self, posyandu=None, name="Siti Aminah", sex="F", birth_date=None, **kw):
        posyandu = posyandu or self.posyandu()
        mother = kw.pop("mother_name", "Rina Wati")
        return self._add(Person(posyandu_id=posyandu.id, name=name, name_normalized=normalize_name(name), sex=sex,
                                birth_date=birth_date or date.today() - timedelta(days=400), mother_name=mother,
                                mother_name_normalized=normalize_name(mother), **kw))

    def growth(self, person, visit_date=None, weight_kg=9.5, length_cm=75.0, **kw):
        return self._add(GrowthVisit(person_id=person.id, posyandu_id=person.posyandu_id,
                                     visit_date=visit_date or date.today(), weight_kg=weight_kg, length_cm=length_cm,
                                     measured=kw.pop("measured", "L"), **kw))

    def pregnancy_episode(self, person, hpht=None, **kw):
        """An ongoing pregnancy; pass results={"flags": [{"code": "too_young"}]} etc. for episode-level flags."""
        hpht = hpht or date.today() - timedelta(weeks=20)
        return self._add(PregnancyEpisode(person_id=person.id, posyandu_id=person.posyandu_id, hpht=hpht,
                                          edd=kw.pop("edd", hpht + timedelta(days=280)), **kw))

    def pregnancy_visit(self, episode, visit_date=None, **kw):
        """An ANC visit; promoted results (gestational_weeks, trimester, kek, anaemia, ...) default from the dates."""
        visit_date = visit_date or date.today()
        weeks = (visit_date - episode.hpht).days // 7
        return self._add(PregnancyVisit(person_id=episode.person_id, posyandu_id=episode.posyandu_id,
                                        episode_id=episode.id, visit_date=visit_date,
                                        gestational_weeks=kw.pop("gestational_weeks", weeks),
                                        trimester=kw.pop("trimester", 1 if weeks <= 12 else 2 if weeks <= 24 else 3),
                                        weight_kg=kw.pop("weight_kg", 55.0), muac_cm=kw.pop("muac_cm", 25.0), **kw))

    def screening(self, person, visit_date=None, **kw):
        """An adult/elderly screening; set promoted results (bp_class, puma_score, adl_score, ...) as needed."""
        return self._add(Screening(person_id=person.id, posyandu_id=person.posyandu_id,
                                   visit_date=visit_date or date.today(), systolic=kw.pop("systolic", 120),
                                   diastolic=kw.pop("diastolic", 80), bp_class=kw.pop("bp_class", "normal"), **kw))

    def youth_screening(self, person, visit_date=None, **kw):
        """A school-age/adolescent screening with the measurements given (run assessment to set its results)."""
        return self._add(YouthScreening(person_id=person.id, posyandu_id=person.posyandu_id,
                                        visit_date=visit_date or date.today(), **kw))

    def correction(self, visit, **changes):
        """What the sync `correction` op does: a new current version superseding `visit`, back in the queue."""
        model = type(visit)
        columns = [c.key for c in model.__table__.columns
                   if c.key not in ("id", "version", "is_current", "supersedes_id", "status", "review_note",
                                    "reviewed_at", "reviewed_by_id", "created_at", "follow_up_at", "follow_up_note")]
        data = {name: getattr(visit, name) for name in columns}
        data.update(changes)
        visit.is_current = False
        return self._add(model(**data, version=visit.version + 1, supersedes_id=visit.id, status="submitted",
                               is_current=True))

    def pregnancy(self, person, hpht, **kw):
        return self._add(PregnancyEpisode(person_id=person.id, posyandu_id=person.posyandu_id, hpht=hpht, **kw))

    def pregnancy_visit_raw(self, episode, visit_date, **kw):
        """An ANC visit with exactly the columns given (report figure tests build known datasets)."""
        return self._add(PregnancyVisit(episode_id=episode.id, person_id=episode.person_id,
                                        posyandu_id=episode.posyandu_id, visit_date=visit_date, **kw))

    def screening_raw(self, person, visit_date, **kw):
        """A screening with exactly the columns given, no defaults."""
        return self._add(Screening(person_id=person.id, posyandu_id=person.posyandu_id, visit_date=visit_date, **kw))

    def dose(self, person, antigen, dose, given, **kw):
        """A vaccine dose as recorded (promoted results left at their defaults: counted, not warned)."""
        return self._add(Immunization(person_id=person.id, posyandu_id=person.posyandu_id, antigen=antigen, dose=dose,
                                      visit_date=given, place=kw.pop("place", "posyandu"), **kw))

    def delivery(self, episode, visit_date, **kw):
        """A delivery with exactly the columns given (promoted flags as the report test needs them)."""
        return self._add(Delivery(episode_id=episode.id, person_id=episode.person_id, posyandu_id=episode.posyandu_id,
                                  visit_date=visit_date, outcome=kw.pop("outcome", "live_birth"), **kw))

    @staticmethod
    def _add(obj):
        db.session.add(obj)
        db.session.commit()
        return obj


def login(client, user, password=PASSWORD):
    """Log in through the JSON API; returns the CSRF token for later writes."""
    response = client.post("/api/v1/auth/login", json={"username": user.username, "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["csrf_token"]
