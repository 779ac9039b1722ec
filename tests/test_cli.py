"""Commands: demo seeding prints logins and is repeatable; create-user enforces role/facility rules."""
from datetime import date, timedelta

from sqlalchemy import func, select

from posyandu_app.extensions import db
from posyandu_app.models import (Delivery, Facility, GrowthVisit, NewbornVisit, Person, PostnatalVisit, PregnancyVisit,
                                 Screening, User)

from .instants import QUICK, at_instants


def _latest_posyandu_day(day: date) -> date:
    """The demo's posyandu day (the 10th) on or before `day`."""
    if day.day >= 10:
        return day.replace(day=10)
    previous = day.replace(day=1) - timedelta(days=1)
    return previous.replace(day=10)


@at_instants(*QUICK)
def test_seed_demo_creates_every_role_and_a_year_of_visits(instant, app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "kader1" in result.output and "posyandu123" in result.output
    assert db.session.scalar(select(func.count(Facility.id))) == 7
    assert {user.role.value for user in db.session.scalars(select(User))} == {"admin", "supervisor", "bidan", "kader"}
    assert db.session.scalar(select(func.count(Person.id))) == 91  # 60 + 20 (programmes) + 7 (births) + 4 (home visits)
    assert db.session.scalar(select(func.count(GrowthVisit.id))) > 200
    # the home visits so far (KF1, KF2, KN1, KN2), each assessed; one danger sign each, referred
    assert sorted((v.window, v.danger) for v in db.session.scalars(select(NewbornVisit))) == [
        ("KN1", False), ("KN1", False), ("KN2", True), ("KN2", True)]
    assert db.session.scalar(select(func.count(PostnatalVisit.id)).where(PostnatalVisit.danger.is_(True))) == 2
    # One demo child moved away today (the field app and the reports show how leaving the register works).
    assert [p.left_reason for p in db.session.scalars(select(Person).where(Person.left_on.is_not(None)))] == ["moved"]
    # A coherent year whatever the day: nothing dated after today in Papua (the first Indonesian day), the
    # latest posyandu day is this month's only once it has come, and twelve monthly posyandu days lead up to it.
    papua_today = (instant + timedelta(hours=9)).date()
    latest = _latest_posyandu_day(papua_today)
    for model in (GrowthVisit, PregnancyVisit, Screening, Delivery):
        assert db.session.scalar(select(func.max(model.visit_date))) <= papua_today
    growth_days = set(db.session.scalars(select(GrowthVisit.visit_date)))
    assert max(growth_days) == latest and len(growth_days) == 12
    assert {(day.year, day.month) for day in growth_days} == {
        ((latest.year * 12 + latest.month - 1 - back) // 12, (latest.year * 12 + latest.month - 1 - back) % 12 + 1)
        for back in range(12)}
    assert db.session.scalar(select(Person.left_on).where(Person.left_on.is_not(None))) == papua_today
    # A birth in every posyandu this month (the births recap), each closing its mother's pregnancy.
    assert {(d.visit_date.year, d.visit_date.month) for d in db.session.scalars(select(Delivery))} == {
        (papua_today.year, papua_today.month)}
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "already present" in again.output
    assert db.session.scalar(select(func.count(Person.id))) == 91  # 60 + 20 (programmes) + 7 (births) + 4 (home visits)


def test_create_user_checks_role_against_facility(app, make):
    pustu = make.pustu()
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["create-user", "ani", "--role", "kader", "--facility", pustu.code, "--name", "Ani",
                              "--password", "Rahasia-Ani-1"])
    assert bad.exit_code != 0 and "posyandu" in bad.output
    good = runner.invoke(args=["create-user", "ani", "--role", "bidan", "--facility", pustu.code, "--name", "Ani",
                               "--password", "Rahasia-Ani-1"])
    assert good.exit_code == 0, good.output
    user = db.session.scalar(select(User).where(User.username == "ani"))
    assert user.must_change_password and user.check_password("Rahasia-Ani-1")


def test_zscores_command_reports_bad_rows_and_writes_the_rest(app, tmp_path):
    source = tmp_path / "anak.csv"
    source.write_text("nama,sex,age_days,weight_kg,length_cm,measured\n"
                      "Ani,F,1522,17,,\n"
                      "Budi,X,300,8,70,L\n"
                      "Citra,P,400,-2,75,L\n")
    target = tmp_path / "hasil.csv"
    result = app.test_cli_runner().invoke(args=["zscores", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "1 of 3 rows computed; 2 with errors" in result.output
    assert "line 3:" in result.output and "line 4:" in result.output
    rows = target.read_text().splitlines()
    assert rows[0].startswith("nama,sex,age_days") and "waz" in rows[0]
    header = rows[0].split(",")
    assert rows[1].split(",")[header.index("waz")] == "0.24"  # WHO anthro's own expectation


def test_zscores_command_scores_school_age_children_with_the_who_2007_reference(app, tmp_path):
    """0-19 years in one file: day 1,826 by the WHO 2006 standards, 60.32 months by the WHO 2007 reference (anthroplus
    test-zscores.R: WAZ 0.21, HAZ 0.96, BAZ -0.58), 12 years without WAZ, 19 years 1 month without any z."""
    source = tmp_path / "sekolah.csv"
    source.write_text("nama,sex,age_days,weight_kg,length_cm,measured\n"
                      "Balita,F,1826,18,109.9,H\n"
                      f"Rani,F,{60.32 * 30.4375},18.7,113.8,H\n"
                      "Bima,L,4400,28,150,H\n"
                      "Dewasa,M,6970,60,170,H\n")
    target = tmp_path / "hasil.csv"
    result = app.test_cli_runner().invoke(args=["zscores", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "4 of 4 rows computed" in result.output
    import csv
    balita, rani, bima, dewasa = csv.DictReader(target.open())
    assert balita["whz"] != "" and rani["whz"] == ""  # weight-for-height ends at five years
    assert [rani[k] for k in ("waz", "haz", "baz", "fwaz", "fhaz", "fbaz")] == ["0.21", "0.96", "-0.58", "0", "0", "0"]
    assert (bima["waz"], bima["cat_baz"], bima["cat_haz"]) == ("", "Gizi buruk", "Normal")
    assert [dewasa[k] for k in ("waz", "haz", "baz", "fbaz")] == ["", "", "", ""]


def test_zscores_command_explains_missing_columns(app, tmp_path):
    source = tmp_path / "kosong.csv"
    source.write_text("nama,berat\nAni,12\n")
    result = app.test_cli_runner().invoke(args=["zscores", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code != 0 and "sex" in result.output


def test_import_roster_dry_run_writes_nothing_then_imports(app, make, tmp_path):
    from posyandu_app.models import AuditLog, Person
    posyandu = make.posyandu()
    source = tmp_path / "sasaran.csv"
    source.write_text("nama,jenis_kelamin,tanggal_lahir\nAni,P,01/02/2024\nBudi,X,01/02/2024\nAni,P,01/02/2024\n",
                      encoding="utf-8")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["import-roster", str(source), "--posyandu", posyandu.code, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 would be imported; 1 invalid, 1 probable duplicates" in dry.output
    assert "row 3: Jenis kelamin harus L atau P." in dry.output
    assert db.session.query(Person).count() == 0
    done = runner.invoke(args=["import-roster", str(source), "--posyandu", posyandu.code])
    assert done.exit_code == 0 and "1 imported" in done.output
    assert [p.name for p in db.session.query(Person)] == ["Ani"]
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "import")).user_id is None
    bad = runner.invoke(args=["import-roster", str(source), "--posyandu", "NOPE"])
    assert bad.exit_code != 0 and "NOPE" in bad.output
