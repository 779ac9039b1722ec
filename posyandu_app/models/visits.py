"""Visits (growth, pregnancy visits, adult/elderly screenings, vaccine doses): append-only events with server results.

Measured values are typed columns; the full server-computed assessment is kept in `results` (JSON) and the few
figures reports aggregate on are promoted to indexed columns. A correction is a new row that `supersedes` the old
one; the old row stays with `is_current = False` so history is never lost.
"""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..extensions import db
from .base import JsonType, timestamp, uuid_pk

VISIT_STATUSES = ("submitted", "verified", "returned")


class VisitMixin:
    id: Mapped[str] = uuid_pk()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    posyandu_id: Mapped[int] = mapped_column(ForeignKey("facility.id"))
    visit_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    results: Mapped[dict] = mapped_column(JsonType, default=dict)
    needs_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)  # implausible value or risk flag
    notes: Mapped[str | None] = mapped_column(Text)
    referred: Mapped[bool] = mapped_column(Boolean, default=False)  # the kader already referred
    device_id: Mapped[str | None] = mapped_column(String(64))
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = timestamp()
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    follow_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    follow_up_note: Mapped[str | None] = mapped_column(Text)

    # The visit this one corrects, of the same table. No foreign key: on PostgreSQL the table is partitioned by
    # year and `id` alone is no longer a unique key (services/visit_partitions.py); sync_ops checks it.
    supersedes_id: Mapped[str | None] = mapped_column(String(36), index=True)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user_account.id"))

    @declared_attr
    def reviewed_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user_account.id"))

    @declared_attr
    def person(cls):
        return relationship("Person")

    @declared_attr
    def posyandu(cls):
        # Where the visit took place: a person who moved since shows their new posyandu only to its reviewers.
        return relationship("Facility", foreign_keys=[cls.posyandu_id])

    @declared_attr
    def __table_args__(cls):
        name = cls.__tablename__
        return (
            Index(f"ix_{name}_posyandu_date", "posyandu_id", "visit_date"),
            Index(f"ix_{name}_posyandu_status", "posyandu_id", "status"),
            # High-risk lists and person history: the latest / earliest current visit of each person.
            Index(f"ix_{name}_person_current_date", "person_id", "is_current", "visit_date"),
        )


class GrowthVisit(VisitMixin, db.Model):
    __tablename__ = "growth_visit"
    __sync_entity__ = "growth"

    weight_kg: Mapped[float | None] = mapped_column(Float)
    length_cm: Mapped[float | None] = mapped_column(Float)
    measured: Mapped[str | None] = mapped_column(String(1))  # "L" lying, "H" standing
    head_cm: Mapped[float | None] = mapped_column(Float)
    muac_cm: Mapped[float | None] = mapped_column(Float)
    oedema: Mapped[bool] = mapped_column(Boolean, default=False)
    vitamin_a: Mapped[str | None] = mapped_column(String(8))  # "blue" | "red"
    deworming: Mapped[bool] = mapped_column(Boolean, default=False)
    exclusive_bf: Mapped[bool | None] = mapped_column(Boolean)
    tb_symptoms: Mapped[list] = mapped_column(JsonType, default=list)
    # promoted results
    age_days: Mapped[int | None] = mapped_column(Integer)
    age_months: Mapped[int | None] = mapped_column(Integer)
    waz: Mapped[float | None] = mapped_column(Float)
    haz: Mapped[float | None] = mapped_column(Float)
    whz: Mapped[float | None] = mapped_column(Float)
    baz: Mapped[float | None] = mapped_column(Float)
    hcz: Mapped[float | None] = mapped_column(Float)
    acz: Mapped[float | None] = mapped_column(Float)
    kms_code: Mapped[str | None] = mapped_column(String(1))  # B, O, N, T
    two_t: Mapped[bool] = mapped_column(Boolean, default=False)
    bgm: Mapped[bool] = mapped_column(Boolean, default=False)
    wfa_category: Mapped[str | None] = mapped_column(String(32))
    hfa_category: Mapped[str | None] = mapped_column(String(32))
    wfh_category: Mapped[str | None] = mapped_column(String(32))
    stunted: Mapped[bool] = mapped_column(Boolean, default=False)
    wasted: Mapped[bool] = mapped_column(Boolean, default=False)
    underweight: Mapped[bool] = mapped_column(Boolean, default=False)


class PregnancyEpisode(db.Model):
    """One pregnancy: mutable (edited like a person, with base_version), its visits hang below it."""
    __tablename__ = "pregnancy_episode"
    __sync_entity__ = "pregnancy"

    id: Mapped[str] = uuid_pk()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    posyandu_id: Mapped[int] = mapped_column(ForeignKey("facility.id"), index=True)
    hpht: Mapped[date] = mapped_column(Date)
    edd: Mapped[date | None] = mapped_column(Date)
    gravida: Mapped[int | None] = mapped_column(Integer)
    para: Mapped[int | None] = mapped_column(Integer)
    abortus: Mapped[int | None] = mapped_column(Integer)
    previous_birth_date: Mapped[date | None] = mapped_column(Date)
    pre_pregnancy_weight_kg: Mapped[float | None] = mapped_column(Float)
    height_cm: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(16), default="ongoing")  # ongoing | delivered | ended
    delivery_date: Mapped[date | None] = mapped_column(Date)
    results: Mapped[dict] = mapped_column(JsonType, default=dict)
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = timestamp()
    updated_at: Mapped[datetime] = timestamp()
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    person = relationship("Person")


class PregnancyVisit(VisitMixin, db.Model):
    __tablename__ = "pregnancy_visit"
    __sync_entity__ = "pregnancy_visit"

    episode_id: Mapped[str] = mapped_column(ForeignKey("pregnancy_episode.id"), index=True)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    muac_cm: Mapped[float | None] = mapped_column(Float)
    systolic: Mapped[int | None] = mapped_column(Integer)
    diastolic: Mapped[int | None] = mapped_column(Integer)
    hb_g_dl: Mapped[float | None] = mapped_column(Float)
    fundal_height_cm: Mapped[float | None] = mapped_column(Float)
    fetal_heart_rate: Mapped[int | None] = mapped_column(Integer)
    ttd_given: Mapped[int | None] = mapped_column(Integer)
    danger_signs: Mapped[list] = mapped_column(JsonType, default=list)
    tb_symptoms: Mapped[list] = mapped_column(JsonType, default=list)
    class_attended: Mapped[bool] = mapped_column(Boolean, default=False)
    pmt_given: Mapped[bool] = mapped_column(Boolean, default=False)
    # promoted results
    gestational_weeks: Mapped[int | None] = mapped_column(Integer)
    trimester: Mapped[int | None] = mapped_column(Integer)
    anc_contact: Mapped[int | None] = mapped_column(Integer)
    kek: Mapped[bool] = mapped_column(Boolean, default=False)
    anaemia: Mapped[bool] = mapped_column(Boolean, default=False)
    hypertension: Mapped[bool] = mapped_column(Boolean, default=False)
    danger: Mapped[bool] = mapped_column(Boolean, default=False)

    episode = relationship("PregnancyEpisode")


class Screening(VisitMixin, db.Model):
    """Adult (PTM) screening; for 60+ it also carries SKILAS and ADL."""
    __tablename__ = "screening"
    __sync_entity__ = "screening"

    weight_kg: Mapped[float | None] = mapped_column(Float)
    height_cm: Mapped[float | None] = mapped_column(Float)
    waist_cm: Mapped[float | None] = mapped_column(Float)
    systolic: Mapped[int | None] = mapped_column(Integer)
    diastolic: Mapped[int | None] = mapped_column(Integer)
    glucose_mg_dl: Mapped[float | None] = mapped_column(Float)
    glucose_type: Mapped[str | None] = mapped_column(String(8))  # random | fasting
    smoker: Mapped[bool | None] = mapped_column(Boolean)
    puma: Mapped[dict | None] = mapped_column(JsonType)
    skilas: Mapped[dict | None] = mapped_column(JsonType)
    adl: Mapped[dict | None] = mapped_column(JsonType)
    # promoted results
    age_years: Mapped[int | None] = mapped_column(Integer)
    bmi: Mapped[float | None] = mapped_column(Float)
    bmi_class: Mapped[str | None] = mapped_column(String(24))
    bp_class: Mapped[str | None] = mapped_column(String(24))
    glucose_class: Mapped[str | None] = mapped_column(String(24))
    central_obesity: Mapped[bool] = mapped_column(Boolean, default=False)
    puma_score: Mapped[int | None] = mapped_column(Integer)
    skilas_positive: Mapped[bool] = mapped_column(Boolean, default=False)
    adl_score: Mapped[int | None] = mapped_column(Integer)
    adl_level: Mapped[str | None] = mapped_column(String(1))



class YouthScreening(VisitMixin, db.Model):
    """School-age and adolescent screening (5-18 years): anaemia, iron tablets, MUAC, blood pressure, smoking."""
    __tablename__ = "youth_screening"
    __sync_entity__ = "youth_screening"

    hb_g_dl: Mapped[float | None] = mapped_column(Float)
    ttd_given: Mapped[int | None] = mapped_column(Integer)  # iron tablets given at this visit
    muac_cm: Mapped[float | None] = mapped_column(Float)
    systolic: Mapped[int | None] = mapped_column(Integer)
    diastolic: Mapped[int | None] = mapped_column(Integer)
    smoking: Mapped[bool | None] = mapped_column(Boolean)
    vaping: Mapped[bool | None] = mapped_column(Boolean)
    # promoted results
    age_years: Mapped[int | None] = mapped_column(Integer)
    anaemia_class: Mapped[str | None] = mapped_column(String(24))
    anaemia: Mapped[bool] = mapped_column(Boolean, default=False)
    ttd_due: Mapped[bool] = mapped_column(Boolean, default=False)
    kek: Mapped[bool] = mapped_column(Boolean, default=False)
    bp_class: Mapped[str | None] = mapped_column(String(24))


class Immunization(VisitMixin, db.Model):
    """One vaccine dose given to a child (visit_date = the day it was given), at the posyandu or elsewhere."""
    __tablename__ = "immunization"
    __sync_entity__ = "immunization"

    antigen: Mapped[str] = mapped_column(String(16))  # immunization_rules.json antigens[].code
    dose: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(16), default="posyandu")  # posyandu | elsewhere (from the KIA book)
    # promoted results
    age_days: Mapped[int | None] = mapped_column(Integer)
    counted: Mapped[bool] = mapped_column(Boolean, default=True)  # False: given too early, to be repeated
    warned: Mapped[bool] = mapped_column(Boolean, default=False)  # too early, out of order, late or twice


class Delivery(VisitMixin, db.Model):
    """A birth (persalinan), below the pregnancy it ends (visit_date = the day of birth); recording it closes the
    episode. The newborn is registered as a person of their own (`baby_id`), linked here to the mother."""
    __tablename__ = "delivery"
    __sync_entity__ = "delivery"

    episode_id: Mapped[str] = mapped_column(ForeignKey("pregnancy_episode.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # delivery_rules.json outcomes[].code
    place: Mapped[str | None] = mapped_column(String(16))  # places[].code
    attendant: Mapped[str | None] = mapped_column(String(16))  # attendants[].code
    babies: Mapped[int | None] = mapped_column(Integer)
    baby_sex: Mapped[str | None] = mapped_column(String(1))
    birth_weight_kg: Mapped[float | None] = mapped_column(Float)
    birth_length_cm: Mapped[float | None] = mapped_column(Float)
    baby_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)  # the newborn's own record
    # promoted results (None: not known, e.g. the place not typed, or not classed for a stillbirth)
    gestational_weeks: Mapped[int | None] = mapped_column(Integer)
    live_birth: Mapped[bool] = mapped_column(Boolean, default=True)
    facility_birth: Mapped[bool | None] = mapped_column(Boolean)
    skilled_attendant: Mapped[bool | None] = mapped_column(Boolean)
    low_birth_weight: Mapped[bool | None] = mapped_column(Boolean)
    preterm: Mapped[bool | None] = mapped_column(Boolean)

    episode = relationship("PregnancyEpisode")

    @declared_attr
    def person(cls):
        return relationship("Person", foreign_keys="Delivery.person_id")  # the mother; baby_id names the newborn
class PostnatalVisit(VisitMixin, db.Model):
    """A kader's postnatal home visit (KF) of a mother after delivery: danger signs, breastfeeding."""
    __tablename__ = "postnatal_visit"
    __sync_entity__ = "postnatal_visit"

    danger_signs: Mapped[list] = mapped_column(JsonType, default=list)  # postnatal_rules.json mother_signs codes
    breastfeeding: Mapped[str | None] = mapped_column(String(16))
    # promoted results
    day: Mapped[int | None] = mapped_column(Integer)  # days after the delivery
    window: Mapped[str | None] = mapped_column(String(8))  # KF1..KF4
    danger: Mapped[bool] = mapped_column(Boolean, default=False)


class NewbornVisit(VisitMixin, db.Model):
    """A kader's newborn home visit (KN) of a baby 0-28 days old: danger signs, breastfeeding, temperature."""
    __tablename__ = "newborn_visit"
    __sync_entity__ = "newborn_visit"

    danger_signs: Mapped[list] = mapped_column(JsonType, default=list)  # postnatal_rules.json newborn_signs codes
    breastfeeding: Mapped[str | None] = mapped_column(String(16))
    temperature_c: Mapped[float | None] = mapped_column(Float)
    breaths_per_min: Mapped[int | None] = mapped_column(Integer)
    # promoted results
    day: Mapped[int | None] = mapped_column(Integer)  # age in days
    window: Mapped[str | None] = mapped_column(String(8))  # KN1..KN3
    danger: Mapped[bool] = mapped_column(Boolean, default=False)
