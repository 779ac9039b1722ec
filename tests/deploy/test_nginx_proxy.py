"""The shipped nginx config in front of the README's gunicorn: a dozen slow clients, which stop bare gunicorn from
answering, do not stop a normal request through nginx; and the login throttle counts the address nginx passes,
not an X-Forwarded-For the client made up."""
import http.client
import json
import socket
import threading
import time

import pytest
import requests
from sqlalchemy import select

from config import TestConfig
from posyandu_app import create_app
from posyandu_app.extensions import db
from posyandu_app.models import LoginAttempt, SyncCounter

from . import servers

pytestmark = pytest.mark.skipif(servers.NGINX is None,
                                reason="nginx is not installed (apt-get install nginx; .ci/run installs it)")

# Two dozen to start with: more than the README's gunicorn has threads (2 workers × 4). More are added while the
# kernel has handed some worker fewer than its threads (it gives connections to whichever worker wakes first).
SLOW_CLIENTS = 24
MAX_SLOW_CLIENTS = 120
PROBES = 4
# Far longer than a normal request takes even on a loaded machine; a request not answered in this time is stuck.
PATIENCE = 20


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """gunicorn (PROXY_HOPS=1) on a fresh SQLite file, and nginx with the shipped config in front of it."""
    workdir = tmp_path_factory.mktemp("deploy")
    url = f"sqlite:///{workdir / 'posyandu.sqlite3'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        db.session.add(SyncCounter(id=1, value=0))
        db.session.commit()
        db.session.remove()
    with servers.gunicorn(url, workdir, proxy_hops=1) as app_port, servers.nginx(app_port, workdir) as proxy_port:
        yield app, app_port, proxy_port


class SlowClient(threading.Thread):
    """Sends a request one byte every half second until told to stop: half of them trickle a header, half a form
    body (a phone on a bad link, or someone holding the server on purpose)."""

    def __init__(self, port: int, trickle_body: bool):
        super().__init__(daemon=True)
        self.port, self.trickle_body = port, trickle_body
        self.stop, self.sent = threading.Event(), 0

    def run(self):
        if self.trickle_body:
            head = (b"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    b"Content-Length: 4000\r\n\r\nusername=")
        else:
            head = b"GET /login HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                sock.sendall(head)
                while not self.stop.wait(0.5) and self.sent < 1000:
                    sock.sendall(b"a")
                    self.sent += 1
        except OSError:
            pass  # nginx ends a header that takes over client_header_timeout: that is its job


def start_slow_clients(port: int, count: int) -> list[SlowClient]:
    """`count` slow clients, half trickling a header and half a body, each connected and sending when this returns."""
    clients = [SlowClient(port, trickle_body=i % 2 == 1) for i in range(count)]
    for client in clients:
        client.start()
    deadline = time.monotonic() + 30
    while any(client.sent < 3 for client in clients) and time.monotonic() < deadline:
        time.sleep(0.2)
    return clients


def stop_slow_clients(clients: list[SlowClient]) -> None:
    for client in clients:
        client.stop.set()
    for client in clients:
        client.join(10)


def hold_every_gunicorn_thread(port: int) -> list[SlowClient]:
    """Slow clients on bare gunicorn, added 8 at a time until every worker holds at least as many as it has threads,
    so that every thread is taken (the kernel may give one worker most of the first ones)."""
    clients = start_slow_clients(port, SLOW_CLIENTS)
    while True:
        held = servers.connections_per_worker(port)
        if len(held) == servers.GUNICORN_WORKERS and min(held.values()) >= servers.GUNICORN_THREADS:
            return clients
        if len(clients) >= MAX_SLOW_CLIENTS:
            stop_slow_clients(clients)
            raise AssertionError(f"{len(clients)} slow clients and still a worker with a free thread: {held}")
        clients += start_slow_clients(port, 8)


def probes_answered(port: int) -> int:
    """How many of PROBES requests for GET /login, sent together, are answered within PATIENCE."""
    answered = []

    def probe():
        try:
            answered.append(requests.get(f"http://127.0.0.1:{port}/login", timeout=PATIENCE).status_code == 200)
        except requests.exceptions.RequestException:
            answered.append(False)

    probes = [threading.Thread(target=probe) for _ in range(PROBES)]
    for thread in probes:
        thread.start()
    for thread in probes:
        thread.join(PATIENCE * 3)
    return sum(answered)


def test_slow_clients_stop_bare_gunicorn_but_not_gunicorn_behind_nginx(stack):
    _app, app_port, proxy_port = stack
    clients = hold_every_gunicorn_thread(app_port)
    try:
        answered = {"bare gunicorn": probes_answered(app_port)}
    finally:
        stop_slow_clients(clients)
    # The same number of slow clients, now sent to nginx: it holds them itself and passes gunicorn whole requests.
    clients = start_slow_clients(proxy_port, len(clients))
    try:
        answered["behind nginx"] = probes_answered(proxy_port)
    finally:
        stop_slow_clients(clients)
    print(f"GET /login answered of {PROBES} while {len(clients)} slow clients trickle: {answered}")
    assert answered == {"bare gunicorn": 0, "behind nginx": PROBES}
    # Once the slow clients are gone, bare gunicorn answers again: it was held, not broken.
    assert requests.get(f"http://127.0.0.1:{app_port}/login", timeout=60).status_code == 200


def _login_from(address: str, port: int, username: str, forged_for: str) -> int:
    """A failed API login sent from `address` (loopback has all of 127/8) with a made-up X-Forwarded-For."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(address, 0))
    try:
        connection.request("POST", "/api/v1/auth/login", body=json.dumps({"username": username, "password": "salah"}),
                           headers={"Content-Type": "application/json", "X-Forwarded-For": forged_for})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_login_throttle_counts_the_address_nginx_passes_not_a_forged_one(stack):
    app, _app_port, proxy_port = stack
    # nginx sees the phone at 127.0.0.2 and itself talks to gunicorn from 127.0.0.1: the app must key on the first.
    per_address = app.config["LOGIN_MAX_FAILURES"] * 4
    statuses = [_login_from("127.0.0.2", proxy_port, f"tebakan{n}", forged_for=f"198.51.100.{n}")
                for n in range(per_address)]
    assert statuses == [401] * per_address  # a new account each time: only the address limit can stop them
    # A fresh forged address buys no fresh attempts; another real address is not held by this one's failures.
    assert _login_from("127.0.0.2", proxy_port, "tebakan-lagi", forged_for="198.51.100.250") == 429
    assert _login_from("127.0.0.3", proxy_port, "tebakan-lain", forged_for="198.51.100.251") == 401
    with app.app_context():
        stored = db.session.scalars(select(LoginAttempt.address)).all()
        db.session.remove()
    assert sorted(set(stored)) == ["127.0.0.2", "127.0.0.3"]
