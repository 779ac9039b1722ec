"""The streaming read replica (DATABASE_REPLICA_URL): report reads go there while it keeps up, else to the primary."""
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app

from . import postgresql_settings
from .extensions import READ_REPLICA, db

log = logging.getLogger(__name__)
EXTENSION = "posyandu_replica"
FROM_REPLICA = "posyandu_from_replica"  # set on an error the replica's engine raised (see _tag_error)

# Run on the standby with the primary's WAL position read just before. Caught up (nothing left to replay) counts as
# no lag however long the primary has been idle; only a standby that is behind is timed, by its last replayed
# commit, which overstates the lag when the primary was idle before its latest writes (errs towards the primary).
STANDBY_LAG = sa.text(
    "SELECT pg_is_in_recovery(), pg_wal_lsn_diff(CAST(:primary_lsn AS pg_lsn), pg_last_wal_replay_lsn()),"
    " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())")


@dataclass
class Replica:
    """One app's replica: its engine (None: not configured) and the last verdict on it, kept REPLICA_CHECK_SECONDS."""
    engine: sa.Engine | None = None
    checked_at: float | None = None
    usable: bool = False
    lag: float | None = None
    reason: str = "not configured"


def init_app(app: Flask) -> None:
    """Make the replica's engine when DATABASE_REPLICA_URL is set (and the primary is PostgreSQL too)."""
    state = Replica()
    url = app.config.get("DATABASE_REPLICA_URL")
    if url:
        primary = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        if primary.get_backend_name() != "postgresql" or sa.make_url(url).get_backend_name() != "postgresql":
            log.warning("DATABASE_REPLICA_URL ignored: a read replica needs PostgreSQL for both databases")
        else:
            state.engine = sa.create_engine(
                url, pool_pre_ping=True,
                connect_args={"connect_timeout": int(app.config.get("REPLICA_CONNECT_TIMEOUT", 2))})
            sa.event.listen(state.engine, "handle_error", _tag_error)
            postgresql_settings.install(state.engine, app.config.get("POSTGRESQL_SETTINGS", {}))
            state.reason = "not checked yet"
    app.extensions[EXTENSION] = state


def _tag_error(context) -> None:
    # So read() can tell the replica's failures (stopped, query cancelled by replay) from the primary's.
    if context.sqlalchemy_exception is not None:
        setattr(context.sqlalchemy_exception, FROM_REPLICA, True)


def state(app: Flask | None = None) -> Replica:
    return (app or current_app).extensions[EXTENSION]


def measure(replica_engine: sa.Engine, primary_engine: sa.Engine) -> tuple[float | None, str]:
    """(lag in seconds, why): 0.0 when the standby has replayed everything the primary had written, None when it
    cannot serve (not a standby, e.g. promoted; nothing replayed yet)."""
    with primary_engine.connect() as connection:
        primary_lsn = connection.scalar(sa.text("SELECT pg_current_wal_lsn()::text"))
    with replica_engine.connect() as connection:
        in_recovery, behind_bytes, since_replay = connection.execute(
            STANDBY_LAG, {"primary_lsn": primary_lsn}).one()
    if not in_recovery:
        return None, "not a standby (promoted, or the URL names a primary)"
    if behind_bytes is not None and behind_bytes <= 0:
        return 0.0, "caught up"
    if since_replay is None:
        return None, "nothing replayed yet"
    return float(since_replay), f"{int(behind_bytes or 0)} bytes of WAL to replay"


def _usable_engine() -> sa.Engine | None:
    """The replica's engine if it is configured, reachable and within REPLICA_MAX_LAG_SECONDS; checked at most every
    REPLICA_CHECK_SECONDS per process (so a report may be up to bound + interval old)."""
    config, replica = current_app.config, state()
    if replica.engine is None:
        return None
    now = time.monotonic()
    if replica.checked_at is not None and now - replica.checked_at < config["REPLICA_CHECK_SECONDS"]:
        return replica.engine if replica.usable else None
    try:
        lag, reason = measure(replica.engine, db.engine)
    except sa.exc.DBAPIError as error:
        lag, reason = None, f"unreachable: {type(error.orig or error).__name__}"
    usable = lag is not None and lag <= config["REPLICA_MAX_LAG_SECONDS"]
    if usable != replica.usable or replica.checked_at is None:
        log.log(logging.INFO if usable else logging.WARNING, "read replica %s: %s (lag %s s)",
                "in use" if usable else "not used, reading the primary", reason, lag)
    replica.checked_at, replica.usable, replica.lag, replica.reason = now, usable, lag, reason
    return replica.engine if usable else None


def _give_up(reason: str) -> None:
    replica = state()
    replica.checked_at, replica.usable, replica.reason = time.monotonic(), False, reason
    log.warning("read replica not used, reading the primary: %s", reason)


@contextmanager
def reads():
    """Inside: plain SELECTs through db.session read the replica when it is usable (yields True), else the primary
    (yields False). Writes, SELECT ... FOR UPDATE and flushes go to the primary regardless (RoutingSession)."""
    engine = _usable_engine()
    if engine is None:
        yield False
        return
    db.session.info[READ_REPLICA] = engine
    try:
        yield True
    finally:
        db.session.info.pop(READ_REPLICA, None)


def read(build, *args, **kwargs):
    """build(*args, **kwargs) reading the replica when usable. Should the replica fail part-way (stopped, a query
    cancelled by a replay conflict), it is set aside for REPLICA_CHECK_SECONDS and build runs again on the primary:
    the caller gets its answer, not an error. build must only read."""
    with reads() as on_replica:
        try:
            return build(*args, **kwargs)
        except sa.exc.DBAPIError as error:
            if not on_replica or not getattr(error, FROM_REPLICA, False):
                raise
            _give_up(f"failed during a read: {type(error.orig or error).__name__}")
    db.session.rollback()  # the session's transaction holds the failed replica connection
    return build(*args, **kwargs)


def dispose(app: Flask) -> None:
    """Close the replica's pooled connections (tests, shutdown)."""
    replica = state(app)
    if replica.engine is not None:
        replica.engine.dispose()
