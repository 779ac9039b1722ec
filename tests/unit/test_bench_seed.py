"""The volume seed generator still runs (scaled down) and its data feeds the reports."""
from datetime import date

import sqlalchemy as sa

from bench import seed_volume
from posyandu_app.extensions import db
from posyandu_app.models import User
from posyandu_app.services.reports import pws, skdn, units
from posyandu_app.services.reports.periods import Month


def test_scaled_down_seed_feeds_every_report(app, monkeypatch):
    for name, value in (("N_PUSTU", 2), ("POSYANDU_PER_PUSTU", 2), ("CHILDREN", 12), ("WOMEN", 3), ("ADULTS", 6),
                        ("ELDERLY", 3), ("TARGET_VISITS", 4 * 12 * 12)):
        monkeypatch.setattr(seed_volume, name, value)
    today = date(2026, 11, 20)
    counts = seed_volume.seed(app.config["SQLALCHEMY_DATABASE_URI"], random_seed=3, today=today)
    assert counts["person"] == 4 * (12 + 3 + 6 + 3) and counts["pregnancy_episode"] == 12
    assert counts["growth_visit"] > 100 and counts["screening"] >= 4 * 9
    supervisor = db.session.scalar(sa.select(User).where(User.username == "bench_supervisor"))
    unit = units.resolve(supervisor)
    assert len(unit.posyandu) == 4 and len(unit.groups) == 2
    report = skdn.monthly_report(unit, Month(2026, 10))
    assert report["totals"]["S"] > 0 and report["totals"]["D"] > 0 and report["totals"]["D/S"] is not None
    board = pws.dashboard(unit, Month(2026, 10))
    assert board["overall"]["latest"]["ds"] is not None and board["overall"]["latest"]["screening"] is not None


def test_scaled_down_province_keeps_each_puskesmas_to_itself(app, monkeypatch):
    from bench import seed_province
    from posyandu_app.models import ChangeLog, Immunization, Review, SyncCounter
    from posyandu_app.services.scope import posyandu_ids

    for module in (seed_volume, seed_province):
        monkeypatch.setattr(module, "N_PUSTU", 2)
        monkeypatch.setattr(module, "POSYANDU_PER_PUSTU", 2)
    for name, value in (("CHILDREN", 10), ("WOMEN", 2), ("ADULTS", 4), ("ELDERLY", 2)):
        monkeypatch.setattr(seed_volume, name, value)
    totals = seed_province.seed(app, puskesmas=2, random_seed=5, today=date(2028, 3, 1), report=lambda _: None)
    records = sum(totals[table] for table in seed_province.MODELS)
    assert totals["person"] == 2 * 4 * (10 + 2 + 4 + 2) and totals["immunization"] > 0
    # every record is in the pull index once, and the counter is past every sequence number handed out
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ChangeLog)) == records
    assert db.session.get(SyncCounter, 1).value == db.session.scalar(sa.select(sa.func.max(ChangeLog.seq)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == totals["review"] > 0
    # a kader of the second puskesmas sees her posyandu's rows only; its supervisor sees that puskesmas only
    kader = db.session.scalar(sa.select(User).where(User.username == "kader002011"))
    mine = posyandu_ids(kader)
    assert len(mine) == 1
    logged = set(db.session.scalars(sa.select(ChangeLog.posyandu_id).where(ChangeLog.posyandu_id.in_(mine))))
    assert logged == set(mine)
    supervisor = db.session.scalar(sa.select(User).where(User.username == "spv002"))
    assert len(units.resolve(supervisor).posyandu) == 4 and set(mine) <= set(posyandu_ids(supervisor))
    doses = db.session.scalars(sa.select(Immunization).where(Immunization.posyandu_id.in_(mine))).all()
    assert doses and all(d.visit_date >= d.person.birth_date for d in doses)
