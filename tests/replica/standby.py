"""A real streaming standby of the test PostgreSQL cluster, on loopback: pg_basebackup -R of the primary into a
temporary data directory, started by pg_ctl on a free port, stopped and deleted afterwards.

The primary must accept a replication connection: if its pg_hba.conf does not already, one line
(`local replication postgres trust`, Unix socket only) is put first and the configuration reloaded; the file is put
back exactly as it was, and reloaded, when the standby goes. wal_level=replica and max_wal_senders>0 (PostgreSQL's
defaults) are checked, not changed (changing them needs a restart)."""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

HBA_MARK = "# posyandu tests/replica: lets the test standby stream (removed when the tests end)"
HBA_LINE = "local replication postgres trust"
# A hot standby refuses to start with less of these than its primary has.
COPIED_SETTINGS = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                   "max_locks_per_transaction")
PATIENCE = 60  # seconds for the standby to start or catch up: generous for a loaded two-core machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Standby:
    """The standby of the cluster that `admin_url` (a superuser on a local PostgreSQL) points to."""

    def __init__(self, admin_url: sa.URL):
        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.port = _free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="posyandu-standby-"))
        self.datadir = self.workdir / "data"
        self.hba_file, self.hba_before = None, None
        self.engines: dict[str, sa.Engine] = {}
        with self.admin.connect() as connection:
            self.primary = {name: connection.scalar(sa.text(f"SHOW {name}")) for name in (
                "hba_file", "unix_socket_directories", "port", "wal_level", "max_wal_senders",
                "server_version_num", *COPIED_SETTINGS)}
        self.bindir = Path(f"/usr/lib/postgresql/{int(self.primary['server_version_num']) // 10000}/bin")
        if not (self.bindir / "pg_ctl").exists():
            self.bindir = Path(shutil.which("pg_ctl") or "pg_ctl").parent

    # -- life cycle -------------------------------------------------------------------------------------------
    def start(self) -> "Standby":
        if self.primary["wal_level"] == "minimal" or int(self.primary["max_wal_senders"]) == 0:
            raise RuntimeError("the primary cannot stream: it needs wal_level=replica and max_wal_senders>0")
        self._allow_replication()
        owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if owner:
            os.chown(self.workdir, owner.pw_uid, owner.pw_gid)
        socket_dir = self.primary["unix_socket_directories"].split(",")[0].strip()
        self._as_postgres([self.bindir / "pg_basebackup", "-h", socket_dir, "-p", self.primary["port"],
                           "-U", "postgres", "-D", self.datadir, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
                          retries=10)
        settings = {name: self.primary[name] for name in COPIED_SETTINGS}
        conf = {"port": self.port, "listen_addresses": "'127.0.0.1'", "unix_socket_directories": f"'{self.workdir}'",
                "hba_file": f"'{self.datadir / 'pg_hba.conf'}'", "ident_file": f"'{self.datadir / 'pg_ident.conf'}'",
                "hot_standby": "on", "fsync": "off", "shared_buffers": "'32MB'", "logging_collector": "off",
                "wal_receiver_status_interval": "'1s'", **settings}
        self._write("postgresql.conf", "".join(f"{key} = {value}\n" for key, value in conf.items()))
        self._write("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n")
        self._write("pg_ident.conf", "")
        self.resume_server()
        return self

    def stop(self) -> None:
        """Stop the standby's server (kept on disk: resume_server() starts it again)."""
        self.dispose()
        self._as_postgres([self.bindir / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "stop"])

    def resume_server(self) -> None:
        self._as_postgres([self.bindir / "pg_ctl", "-D", self.datadir, "-l", self.workdir / "server.log",
                           "-w", "-t", str(PATIENCE), "start"])
        self._wait(lambda: self.scalar("SELECT pg_is_in_recovery()"), "the standby to accept connections")

    def remove(self) -> None:
        """Stop the server, delete its files, put the primary's pg_hba.conf back as it was."""
        try:
            self.dispose()
            if (self.datadir / "postmaster.pid").exists():
                self._as_postgres([self.bindir / "pg_ctl", "-D", self.datadir, "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self._restore_hba()
            self.admin.dispose()

    # -- what tests use ---------------------------------------------------------------------------------------
    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def scalar(self, sql: str, database: str = "postgres"):
        if database not in self.engines:
            self.engines[database] = sa.create_engine(self.url(database), isolation_level="AUTOCOMMIT",
                                                      poolclass=sa.pool.NullPool)
        with self.engines[database].connect() as connection:
            return connection.scalar(sa.text(sql))

    def catch_up(self) -> None:
        """Wait until the standby has replayed everything the primary has written so far."""
        with self.admin.connect() as connection:
            target = connection.scalar(sa.text("SELECT pg_current_wal_lsn()::text"))
        self._wait(lambda: self.scalar(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"),
                   "the standby to catch up")

    def pause_replay(self) -> None:
        self.scalar("SELECT pg_wal_replay_pause()")
        self._wait(lambda: self.scalar("SELECT pg_get_wal_replay_pause_state()") == "paused", "replay to pause")

    def resume_replay(self) -> None:
        self.scalar("SELECT pg_wal_replay_resume()")

    def dispose(self) -> None:
        for engine in self.engines.values():
            engine.dispose()

    # -- plumbing ---------------------------------------------------------------------------------------------
    def _allow_replication(self) -> None:
        path = Path(self.primary["hba_file"])
        text = path.read_text()
        if HBA_MARK in text:  # left by a run that was killed: take it over, remove it at the end
            self.hba_file, self.hba_before = path, "".join(
                line for line in text.splitlines(keepends=True) if line.rstrip("\n") not in (HBA_MARK, HBA_LINE))
            return
        self.hba_file, self.hba_before = path, text
        path.write_text(f"{HBA_MARK}\n{HBA_LINE}\n{text}")  # first: the first matching line decides
        self._reload_primary()

    def _restore_hba(self) -> None:
        if self.hba_file is not None:
            self.hba_file.write_text(self.hba_before)
            self.hba_file = None
            self._reload_primary()

    def _reload_primary(self) -> None:
        with self.admin.connect() as connection:
            connection.execute(sa.text("SELECT pg_reload_conf()"))
            errors = connection.execute(sa.text("SELECT line_number, error FROM pg_hba_file_rules "
                                                "WHERE error IS NOT NULL")).all()
        if errors:
            raise RuntimeError(f"pg_hba.conf has errors: {errors}")

    def _write(self, name: str, text: str) -> None:
        path = self.datadir / name
        path.write_text(text)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def _as_postgres(self, command, retries: int = 1) -> None:
        command = [str(part) for part in command]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        for attempt in range(retries):
            done = subprocess.run(command, capture_output=True, text=True, timeout=PATIENCE * 2)
            if done.returncode == 0:
                return
            time.sleep(0.5)  # pg_reload_conf() is asynchronous: the first replication connection can be early
        log = self.workdir / "server.log"
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr}\n{log.read_text() if log.exists() else ''}")

    def _wait(self, ready, what: str) -> None:
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                if ready():
                    return
            except sa.exc.OperationalError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            time.sleep(0.1)
