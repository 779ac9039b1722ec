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
