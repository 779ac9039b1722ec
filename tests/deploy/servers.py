"""gunicorn (the README's production flags) on a file SQLite database and nginx from deploy/nginx/posyandu.conf,
both as child processes on free loopback ports, everything they write kept in a temporary directory."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NGINX_SITE = ROOT / "deploy" / "nginx" / "posyandu.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
GUNICORN_WORKERS, GUNICORN_THREADS = 2, 4  # README.md, docs/DEPLOY.md
GUNICORN_FLAGS = ["--no-control-socket", "-w", str(GUNICORN_WORKERS), "--threads", str(GUNICORN_THREADS)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, name: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start: {log.read_text() if log.exists() else ''}") from None
            time.sleep(0.2)


@contextmanager
def _running(command, env, port, name, log: Path):
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_for_port(port, process, name, log)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@contextmanager
def gunicorn(database_url: str, workdir: Path, proxy_hops: int, secret_key: str | None = None):
    """The README's gunicorn command (2 workers × 4 threads) on a free port; yields the port. App servers that share
    users' sessions must share the SECRET_KEY."""
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key or "deploy-test-" + uuid.uuid4().hex,
           "POSYANDU_ENV": "development", "POSYANDU_INSTANCE": str(workdir), "PROXY_HOPS": str(proxy_hops)}
    command = [str(Path(sys.executable).with_name("gunicorn")), *GUNICORN_FLAGS, "-b", f"127.0.0.1:{port}",
               "--log-level", "warning", "wsgi:app"]
    with _running(command, env, port, "gunicorn", workdir / "gunicorn.log"):
        yield port


def _sockets_on(port: int, state: str) -> set[str]:
    """Inodes of the IPv4 TCP sockets whose local port is `port`, in a /proc/net/tcp state ("0A" listen, "01"
    established)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def _sockets_by_process() -> dict[int, set[str]]:
    """Every process's socket inodes, from its open files (processes that end meanwhile are skipped)."""
    held = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        inodes = set()
        try:
            for fd in (entry / "fd").iterdir():
                with suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
        except OSError:
            continue
        held[int(entry.name)] = inodes
    return held


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def connections_per_worker(port: int) -> dict[int, int]:
    """For each gunicorn worker listening on `port`, how many accepted connections it holds. The workers are the
    listeners whose parent (the arbiter) listens too."""
    listening, established = _sockets_on(port, "0A"), _sockets_on(port, "01")
    by_process = _sockets_by_process()
    listeners = {pid for pid, inodes in by_process.items() if inodes & listening}
    workers = {pid for pid in listeners if _parent(pid) in listeners}
    return {pid: len(by_process[pid] & established) for pid in workers}


def site_config(listen: str, server_name: str, app: str) -> str:
    """deploy/nginx/posyandu.conf with its placeholders filled, exactly as an operator's sed line does."""
    text = NGINX_SITE.read_text()
    for placeholder, value in (("@LISTEN@", listen), ("@SERVER_NAME@", server_name), ("@APP@", app)):
        assert placeholder in text, placeholder
        text = text.replace(placeholder, value)
    return text


def main_config(workdir: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf provides around a site, with every path in `workdir`."""
    # A root master hands requests to workers running as `nobody` by default, who could not use the private
    # temporary directory; run them as the current user instead (the directive only counts for root).
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {workdir / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}daemon off;\nworker_processes 1;\npid {workdir / 'nginx.pid'};\n"
            f"error_log {workdir / 'error.log'};\nevents {{ worker_connections 512; }}\n"
            f"http {{\n    access_log {workdir / 'access.log'};\n    gzip on;\n{temp}\n    include {site};\n}}\n")


@contextmanager
def nginx(app_port: int, workdir: Path):
    """nginx in the foreground with the shipped site config in front of 127.0.0.1:app_port; yields its port."""
    port = free_port()
    site = workdir / "posyandu.conf"
    site.write_text(site_config(f"127.0.0.1:{port}", "localhost", f"127.0.0.1:{app_port}"))
    conf = workdir / "nginx.conf"
    conf.write_text(main_config(workdir, site))
    command = [NGINX, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf)]
    with _running(command, dict(os.environ), port, "nginx", workdir / "nginx.out"):
        yield port
