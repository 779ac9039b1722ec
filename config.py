"""Configuration from the environment: Config (dev/production), ProductionConfig checks, TestConfig."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("POSYANDU_INSTANCE", BASE_DIR / "instance"))


def _dev_secret_key() -> str:
    """A random key kept in instance/ so dev sessions survive restarts without a key in the repo."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
    return key_file.read_text().strip()


def _database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'posyandu.sqlite3'}"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Set on every PostgreSQL connection (primary and replica). JIT off: the pages' queries run for tens to hundreds
    # of milliseconds, and compiling them cost more than it saved (province-year: the supervisor's dose query
    # 200 -> 720 ms with JIT, docs/PERFORMANCE.md).
    POSTGRESQL_SETTINGS = {"jit": "off"}
    # A streaming standby of the primary (docs/DEPLOY.md "Read replica"): report pages, the PWS dashboard, report
    # exports and the FHIR export read it while it is at most REPLICA_MAX_LAG_SECONDS behind; unset, unreachable or
    # lagging: the primary. Its state is checked at most every REPLICA_CHECK_SECONDS per process.
    DATABASE_REPLICA_URL = _database_url(os.environ.get("DATABASE_REPLICA_URL", ""))
    REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "10"))
    REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "5"))
    REPLICA_CONNECT_TIMEOUT = int(os.environ.get("REPLICA_CONNECT_TIMEOUT", "2"))
    # SQLite only: how long a write waits for other kader's writes before answering 503 (under nginx's 60 s).
    SQLITE_BUSY_TIMEOUT_MS = 30000
    WTF_CSRF_TIME_LIMIT = None  # a kader's page stays open all posyandu day; the token lives as long as the session
    WTF_CSRF_HEADERS = ["X-CSRFToken", "X-CSRF-Token"]
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Field work: a kader logs in once and works for weeks; offline data never depends on the session.
    PERMANENT_SESSION_LIFETIME = timedelta(days=int(os.environ.get("SESSION_DAYS", "30")))
    # The cookie is sent only when the session changes (login, logout) and once a day to slide its expiry
    # (services/sessions.py TOUCH_EVERY). Re-sent on every answer, an answer to a request sent before a login (the
    # service worker's precache, a sync call) could land after the login's and put back the ended session's cookie.
    SESSION_REFRESH_EACH_REQUEST = False
    SYNC_MAX_OPS = 500
    MAX_CONTENT_LENGTH = 1024 * 1024
    ROSTER_MAX_BYTES = 4 * 1024 * 1024  # /admin/roster only: 20,000 persons are ~1.6 MB of CSV (security.py)
    DEFAULT_LANGUAGE = "id"
    LANGUAGES = ("id", "en")
    LOGIN_MAX_FAILURES = 5
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none, headers ignored).
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    LOGIN_LOCK_MINUTES = 15
    # The district's zone for the times on pages (7 WIB, 8 WITA, 9 WIT): one server serves one kabupaten
    # (docs/DEPLOY.md). Times are stored in UTC; dates follow the one clock (posyandu_app/clock.py).
    LOCAL_UTC_OFFSET = int(os.environ.get("LOCAL_UTC_OFFSET", "7"))
    # FHIR R4 upward (SATUSEHAT, docs/FHIR.md): where verified visits go, and whose. Sending stays off until an
    # administrator switches it on (a setting in the database, /admin/fhir); the worker is `flask fhir-worker`.
    FHIR_BASE_URL = os.environ.get("FHIR_BASE_URL", "")
    FHIR_TOKEN_URL = os.environ.get("FHIR_TOKEN_URL", "")
    FHIR_CLIENT_ID = os.environ.get("FHIR_CLIENT_ID", "")
    FHIR_CLIENT_SECRET = os.environ.get("FHIR_CLIENT_SECRET", "")
    FHIR_ORGANIZATION_ID = os.environ.get("FHIR_ORGANIZATION_ID", "")
    # Puskesmas codes (comma-separated) whose verified visits are sent; none: nothing is sent.
    FHIR_PUSKESMAS = os.environ.get("FHIR_PUSKESMAS", "")
    FHIR_BATCH_SIZE = int(os.environ.get("FHIR_BATCH_SIZE", "50"))
    FHIR_MAX_ATTEMPTS = int(os.environ.get("FHIR_MAX_ATTEMPTS", "8"))
    FHIR_BACKOFF_SECONDS = int(os.environ.get("FHIR_BACKOFF_SECONDS", "60"))
    FHIR_TIMEOUT_SECONDS = int(os.environ.get("FHIR_TIMEOUT_SECONDS", "30"))

    @classmethod
    def finalize(cls):
        if not cls.SECRET_KEY:
            cls.SECRET_KEY = _dev_secret_key()
        return cls


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def finalize(cls):
        if not cls.SECRET_KEY:
            raise RuntimeError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value "
                "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`) before starting in production.")
        return cls


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    DATABASE_REPLICA_URL = ""  # tests/replica/ sets its own standby
    WTF_CSRF_ENABLED = True


def config_from_env():
    """Pick the config class named by POSYANDU_ENV (production|development)."""
    name = os.environ.get("POSYANDU_ENV", "development")
    return (ProductionConfig if name == "production" else Config).finalize()
