"""Browser tests: a live server (werkzeug, file SQLite, request log) and a phone-sized persistent Chromium."""
import socket
import threading
from datetime import date, timedelta

import pytest
from werkzeug.serving import make_server

from posyandu_app.extensions import db

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
         "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


class RequestLog:
    """WSGI middleware: remembers every request the server really received, and can fail chosen ones."""

    def __init__(self, app):
        self.app = app
        self.entries = []
        self.failures = []  # [(method, path, mode)], mode "before" (500, not processed) or "after" (processed, 500)
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        with self.lock:
            self.entries.append((method, path))
            failure = next((f for f in self.failures if f[:2] == (method, path)), None)
            if failure:
                self.failures.remove(failure)
        if failure and isinstance(failure[2], Cut):
            return failure[2].drop(environ)
        if failure and failure[2] == "after":
            # The server does the work, then the answer is lost on the way back (the hard case for idempotency).
            body = self.app(environ, lambda *args, **kwargs: None)
            b"".join(body)
            if hasattr(body, "close"):
                body.close()
        if failure:
            start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "application/json")])
            return [b'{"error": {"code": "server_error", "message": "injected"}}']
        return self.app(environ, start_response)

    def cut_next(self, method, path):
        """The next such request is held until cut.release(): then its connection is dropped, no answer at all
        (a signal lost mid-request, as the phone sees it)."""
        cut = Cut()
        with self.lock:
            self.failures.append((method, path, cut))
        return cut

    def fail_next(self, method, path, mode="before"):
        with self.lock:
            self.failures.append((method, path, mode))

    def paths(self, since=0):
        with self.lock:
            return [path for _, path in self.entries[since:]]

    def __len__(self):
        with self.lock:
            return len(self.entries)


class Cut:
    """A request held on the server until the test has cut the browser's connection, then dropped unanswered."""

    def __init__(self):
        self.reached = threading.Event()
        self.released = threading.Event()

    def drop(self, environ):
        self.reached.set()
        self.released.wait(30)
        connection = environ["werkzeug.socket"]
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        raise ConnectionResetError("connection cut by the test")  # werkzeug treats it as a dropped connection

    def release(self):
        self.released.set()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.log = RequestLog(app.wsgi_app)
        app.wsgi_app = self.log
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_server(app):
    server = LiveServer(app).start()
    db.session.remove()  # the test thread must not hold a SQLite lock while the browser writes
    yield server
    server.stop()


@pytest.fixture
def world(make, app):
    """One posyandu with its kader and the people of a posyandu day: a toddler, a young woman, an elder."""
    posyandu = make.posyandu(name="Posyandu Mawar")
    kader = make.user("kader", posyandu, username="kader_mawar", full_name="Kader Mawar")
    today = date.today()
    people = {
        "child": make.person(posyandu, name="Aisyah Putri", sex="F", birth_date=today - timedelta(days=420),
                             mother_name="Rina Wati"),
        "mother": make.person(posyandu, name="Dewi Lestari", sex="F", birth_date=today - timedelta(days=27 * 365),
                              mother_name="Sri Wahyuni"),
        "elder": make.person(posyandu, name="Budi Santoso", sex="M", birth_date=today - timedelta(days=68 * 365 + 20),
                             mother_name=None),
    }
    ids = {key: person.id for key, person in people.items()}
    result = {"posyandu_id": posyandu.id, "kader": kader.username, "kader_id": kader.id, "ids": ids, "names":
              {key: person.name for key, person in people.items()}}
    db.session.remove()
    return result


@pytest.fixture
def phone(browser_type, browser_type_launch_args, tmp_path):
    """launch(offline=False) -> a persistent phone-sized browser; the same profile dir across launches."""
    contexts = []
    profile = tmp_path / "profile"
    console = []  # the browser's warnings and uncaught errors, printed with the report of a failing test

    def launch(**overrides):
        context = browser_type.launch_persistent_context(str(profile), **browser_type_launch_args,
                                                         **{**PHONE, **overrides})
        context.set_default_timeout(15000)
        context.on("console", lambda m: m.type in ("error", "warning") and console.append(f"{m.type}: {m.text}"))
        context.on("weberror", lambda e: console.append(f"uncaught: {e.error}"))
        contexts.append(context)
        return context

    yield launch
    if console:
        print("browser console:", *console, sep="\n  ")
    for context in contexts:
        try:
            context.close()
        except Exception:  # already closed by the test (a browser restart)
            pass
