"""SQLite for several kader at once: WAL, a busy timeout, and write requests that take the write lock up front."""
import re

from flask import has_request_context, request
from sqlalchemy import event

# Methods that never write (services own the writes, and only POST views call them).
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Writes that spend long before their one small write: a login checks a password hash (scrypt, ~0.1 s of CPU)
# before it records the attempt. Holding the lock through that would queue every push behind every login (50
# kader logging in at once held it for over 15 s on a loaded machine); they take the lock at their first write.
LOCK_AT_FIRST_WRITE = frozenset({"api.auth_login", "web.login"})
# Statements that need a transaction around them when none is open yet (what pysqlite itself used to BEGIN for,
# plus SAVEPOINT, which pysqlite got wrong).
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|SAVEPOINT)\b", re.IGNORECASE)


def install(engine, busy_timeout_ms: int) -> None:
    """Configure a SQLite engine; PostgreSQL engines are left exactly as they are."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # pysqlite would BEGIN (deferred) on its own before the first write; the events below decide instead
        # (the SQLAlchemy docs' pysqlite recipe, which also makes SAVEPOINT work).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the writer nor the writer them. busy_timeout: a writer waits for the lock
        # instead of failing with "database is locked" at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A deferred transaction that read and then writes cannot wait for the lock: when another writer
        # committed meanwhile its snapshot is stale and SQLite refuses at once (SQLITE_BUSY), busy timeout or
        # not. A request that may write therefore takes the write lock as its transaction starts and waits its
        # turn there, so what it read is still true when it writes.
        if _lock_up_front():
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "before_cursor_execute")
    def before_write(connection, cursor, statement, _parameters, _context, _executemany):
        # Elsewhere (page and pull reads, logins, CLI, tests) reads run outside a transaction, as pysqlite always
        # ran them, holding no snapshot; the transaction starts at the first write and takes the lock there.
        if not connection.connection.dbapi_connection.in_transaction and _WRITES.match(statement):
            cursor.execute("BEGIN IMMEDIATE")


def _lock_up_front() -> bool:
    return (has_request_context() and request.method not in READ_METHODS
            and request.endpoint not in LOCK_AT_FIRST_WRITE)
