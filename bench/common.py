"""Shared bench plumbing: result rows, load average, a throwaway PostgreSQL database, gunicorn, a JSON HTTP client."""
import gzip
import http.client
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/"


@dataclass
class Row:
    """One measured figure: `ok` is None when there is no budget (context figure)."""
    section: str
    name: str
    value: float | None
    unit: str
    budget: str = ""
    ok: bool | None = None
    load: float = 0.0
    note: str = ""

    def shown(self) -> str:
        if self.value is None:
            return "n/a"
        if self.unit == "syncs/s":
            return f"{self.value:.1f} {self.unit}"
        if self.unit in ("ops/s", "rows/s"):
            return f"{self.value:,.0f} {self.unit}"
        if self.unit in ("%", "ratio"):
            return f"{self.value:.0%}" if self.unit == "%" else f"{self.value:.2f}"
        if self.unit in ("KB", "ms", "s"):
            return f"{self.value:,.1f} {self.unit}" if self.value < 100 else f"{self.value:,.0f} {self.unit}"
        return f"{self.value:g} {self.unit}".strip()

    def verdict(self) -> str:
        return "" if self.ok is None else ("ok" if self.ok else "OVER")


def load_average() -> float:
    return os.getloadavg()[0]


def row(section, name, value, unit, budget="", ok=None, note="") -> Row:
    return Row(section, name, value, unit, budget, ok, load_average(), note)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} vCPU {cpu}, {memory:.0f} GB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def psycopg_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


@contextmanager
def database(server_url: str, label: str):
    """A fresh PostgreSQL database named posyandu_bench_<label>_<random>, dropped on exit (even after errors)."""
    admin = sa.create_engine(sa.make_url(psycopg_url(server_url)).set(database="postgres"),
                             isolation_level="AUTOCOMMIT")
    name = f"posyandu_bench_{label}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, workers: int = 2, threads: int = 4):
    """gunicorn serving wsgi:app on a free loopback port; yields the port; stopped (SIGTERM, then SIGKILL) on exit."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench-" + uuid.uuid4().hex,
           "POSYANDU_ENV": "development"}
    command = [str(Path(PYTHON).with_name("gunicorn")), "--no-control-socket", "-w", str(workers), "--threads",
               str(threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Client:
    """A kader's keep-alive HTTP connection: JSON in, JSON out, session cookie and CSRF token kept."""

    def __init__(self, port: int, timeout: float = 30):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookie, self.csrf = None, None
        self.reconnects = 0

    def request(self, method: str, path: str, body=None) -> tuple[int, dict | None]:
        headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}  # as the phone
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf:
            headers["X-CSRFToken"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closed an idle keep-alive connection: reconnect and send once more, as browsers do
            # (safe here: pushes are idempotent by op_id, pulls are reads).
            self.connection.close()
            self.reconnects += 1
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        raw = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, None

    def login(self, username: str, password: str) -> None:
        status, body = self.request("POST", "/api/v1/auth/login", {"username": username, "password": password})
        if status != 200:
            raise RuntimeError(f"login {username}: HTTP {status} {body}")
        self.csrf = body.get("csrf_token")

    def close(self):
        self.connection.close()


def app_on(database_url: str, csrf: bool = False):
    """The Flask app on an existing (empty) database: tables and the sync counter created."""
    from config import TestConfig
    from posyandu_app import create_app
    from posyandu_app.extensions import db
    from posyandu_app.models import SyncCounter

    class BenchConfig(TestConfig):
        TESTING = False
        SQLALCHEMY_DATABASE_URI = psycopg_url(database_url)
        WTF_CSRF_ENABLED = csrf

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        db.session.add(SyncCounter(id=1, value=0))
        db.session.commit()
    return app
