"""With DATABASE_REPLICA_URL naming a real streaming standby: report exports and the FHIR export read the standby
while it keeps up, the primary once it lags beyond the bound or is gone (no error either way); writes and pages that
must see their own writes stay on the primary. Replay is paused on the standby to make its copy visibly older."""
import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select, update

from posyandu_app import replica
from posyandu_app.extensions import db
from posyandu_app.models import Facility

from ..conftest import PG_URL
from ..factories import login
from ..fhir_helpers import verified_visits

pytestmark = pytest.mark.skipif(not PG_URL, reason="a read replica is a PostgreSQL standby: TEST_DATABASE_URL unset")
MONTH, DAY = "2026-02", date(2026, 2, 10)


@pytest.fixture
def world(client, make):
    """One posyandu with one child weighed in February, and its bidan logged in."""
    pustu = make.pustu()
    posyandu = make.posyandu(pustu)
    weigh_a_child(make, posyandu)
    login(client, make.user("bidan", pustu))
    return posyandu


def weigh_a_child(make, posyandu):
    child = make.person(posyandu, name="Anak Baru", sex="M", birth_date=date(2025, 1, 5))
    make.growth(child, DAY, age_months=13, kms_code="N")
    return child


def weighed(client, posyandu) -> int:
    """D (children weighed) of the month in the SKDN export of the posyandu."""
    response = client.get("/reports/monthly.csv", query_string={"month": MONTH, "unit": f"posyandu:{posyandu.id}"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    return int(next(row for row in rows if row[:2] == ["Semua umur (0–59 bln)", "L+P"])[4])


def test_report_reads_the_standby_while_it_keeps_up_and_the_primary_once_it_lags(app, client, make, world, standby):
    standby.catch_up()
    assert weighed(client, world) == 1
    standby.pause_replay()
    child = weigh_a_child(make, world)  # committed on the primary, not yet replayed on the standby
    assert weighed(client, world) == 1, "the export was not read from the standby"
    assert replica.state(app).usable and "bytes of WAL to replay" in replica.state(app).reason
    response = client.get(f"/people/{child.id}")  # not a report: the primary, which has the new child
    assert response.status_code == 200 and "Anak Baru" in response.get_data(as_text=True)

    app.config["REPLICA_MAX_LAG_SECONDS"] = 0  # the standby is now further behind than allowed
    assert weighed(client, world) == 2
    assert not replica.state(app).usable

    app.config["REPLICA_MAX_LAG_SECONDS"] = 3600
    standby.resume_replay()
    standby.catch_up()
    assert weighed(client, world) == 2 and replica.state(app).usable


def test_fhir_export_reads_the_standby_while_it_keeps_up(app, client, make, standby):
    pustu = make.pustu()
    posyandu = make.posyandu(pustu)
    verified_visits(make, posyandu, DAY)
    login(client, make.user("bidan", pustu))

    def encounters():
        response = client.get("/api/v1/fhir/Bundle", query_string={"posyandu": posyandu.id})
        assert response.status_code == 200
        return sum(entry["resource"]["resourceType"] == "Encounter" for entry in response.get_json()["entry"])

    standby.catch_up()
    assert encounters() == 3
    standby.pause_replay()
    growth = make.growth(weigh_a_child(make, posyandu), DAY, kms_code="N")
    growth.status = "verified"
    db.session.commit()
    assert encounters() == 3, "the Bundle was not read from the standby"
    app.config["REPLICA_MAX_LAG_SECONDS"] = 0
    assert encounters() == 4  # the new verified check (its unverified twin does not leave)


def test_cli_fhir_export_reads_the_standby_while_it_keeps_up(app, make, standby, tmp_path):
    puskesmas = make.puskesmas()
    posyandu = make.posyandu(make.pustu(puskesmas))
    verified_visits(make, posyandu, DAY)
    runner = app.test_cli_runner()

    def encounters(folder):
        result = runner.invoke(args=["fhir-export", "--puskesmas", puskesmas.code, "--month", MONTH,
                                     "-o", str(tmp_path / folder)])
        assert result.exit_code == 0, result.output
        return len((tmp_path / folder / "Encounter.ndjson").read_text().splitlines())

    standby.catch_up()
    standby.pause_replay()
    growth = make.growth(weigh_a_child(make, posyandu), DAY, kms_code="N")
    growth.status = "verified"
    db.session.commit()
    assert encounters("standby") == 3
    app.config["REPLICA_MAX_LAG_SECONDS"] = 0
    assert encounters("primary") == 4


def test_writes_and_locking_reads_go_to_the_primary_inside_a_replica_read(app, make, standby):
    posyandu = make.posyandu()
    standby.catch_up()
    in_recovery = select(func.pg_is_in_recovery())
    assert db.session.scalar(in_recovery) is False
    with replica.reads() as on_replica:
        assert on_replica and db.session.scalar(in_recovery) is True  # a plain read: the standby
        # Each of these would fail on a standby ("cannot execute ... in a read-only transaction").
        make.posyandu(posyandu.parent, name="Posyandu Baru")  # flush + commit
        db.session.execute(update(Facility).where(Facility.id == posyandu.id).values(name="Posyandu Ganti"))
        assert db.session.scalar(select(Facility.name).where(Facility.id == posyandu.id).with_for_update()) \
            == "Posyandu Ganti"
        db.session.commit()
    assert db.session.scalar(in_recovery) is False
    assert db.session.scalar(select(func.count()).select_from(Facility).where(Facility.name == "Posyandu Baru")) == 1


def test_caught_up_standby_counts_as_current_however_long_the_primary_is_idle(app, standby):
    """Timing only the last replayed commit would call an idle primary's standby 'late'."""
    for _ in range(20):
        standby.catch_up()
        lag, reason = replica.measure(replica.state(app).engine, db.engine)
        idle = standby.scalar("SELECT now() - pg_last_xact_replay_timestamp() > interval '1 second'")
        if reason == "caught up" and idle:
            assert lag == 0.0
            return
        if reason == "caught up":
            standby.scalar("SELECT pg_sleep(0.3)")
    pytest.skip("other sessions kept writing to this cluster: no idle moment to observe")


def test_a_primary_named_as_replica_is_not_used(app, make):
    """A promoted standby (or a wrong URL) receives no more changes: reports must not read it."""
    state = replica.state(app)
    state.engine = db.engine  # the primary itself
    with replica.reads() as on_replica:
        assert not on_replica
    assert state.reason.startswith("not a standby")


def test_reports_fall_back_to_the_primary_when_the_standby_stops(app, client, make, world, standby):
    standby.catch_up()
    app.config["REPLICA_CHECK_SECONDS"] = 3600  # checked healthy once, then trusted for an hour
    assert weighed(client, world) == 1 and replica.state(app).usable
    standby.stop()
    try:
        weigh_a_child(make, world)
        # Stopped after the check: the read fails on the standby and is done again on the primary.
        assert weighed(client, world) == 2
        assert replica.state(app).reason.startswith("failed during a read")
        app.config["REPLICA_CHECK_SECONDS"] = 0
        # Stopped before the check: the check finds it unreachable and the primary serves.
        assert weighed(client, world) == 2
        assert replica.state(app).reason.startswith("unreachable")
        assert client.get("/reports/pws", query_string={"month": MONTH}).status_code == 200
    finally:
        standby.resume_server()
    standby.catch_up()
    assert weighed(client, world) == 2 and replica.state(app).usable
