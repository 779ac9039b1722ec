"""Accounts: login with database-backed throttling, user creation with role/facility rules, password change."""
from dataclasses import dataclass
from datetime import timedelta, timezone

from sqlalchemy import func, select

from ..extensions import db
from ..models import Facility, LoginAttempt, Role, User
from ..models.base import utcnow
from ..models.user import ROLE_FACILITY_KIND
from . import audit, sessions

MIN_PASSWORD_LENGTH = 8
# Passwords published in the demo and README, and the first guesses of anyone trying: never accepted.
COMMON_PASSWORDS = {"posyandu123", "posyandu", "password", "password1", "12345678", "123456789", "qwerty123",
                    "rahasia123", "rahasia-123", "admin123", "bismillah", "indonesia", "kader123", "bidan123",
                    "puskesmas", "puskesmas123"}
# Checked when the account does not exist, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = None


class AccountError(ValueError):
    """A refused account action; `key` is the i18n catalog key of the message shown to the user."""

    def __init__(self, key: str, field: str | None = None, **params):
        super().__init__(key)
        self.key, self.field, self.params = key, field, params


@dataclass(frozen=True)
class LoginLimits:
    """Wrong passwords allowed per account (four times as many per address) within `lock_minutes`; the edge
    reads them from the configuration (access.login_limits)."""
    max_failures: int
    lock_minutes: int


def _recent_failures(column, value, since) -> int:
    return db.session.scalar(select(func.count(LoginAttempt.id)).where(
        column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)) or 0


def _last_success(username: str):
    return db.session.scalar(select(func.max(LoginAttempt.at)).where(
        LoginAttempt.username == username, LoginAttempt.succeeded.is_(True)))


def _check_without_user(password: str) -> None:
    global _DUMMY_HASH
    from werkzeug.security import check_password_hash, generate_password_hash
    if _DUMMY_HASH is None:
        _DUMMY_HASH = generate_password_hash("no-such-account")
    check_password_hash(_DUMMY_HASH, password)


def _refuse_when_locked(username: str, address: str, limits: LoginLimits) -> None:
    """AccountError("auth.locked") while the account or the address has too many recent wrong passwords."""
    since = utcnow() - timedelta(minutes=limits.lock_minutes)
    limit = limits.max_failures
    # A kader's typos before her last successful login do not count against her next one.
    last_success = _last_success(username)
    account_since = max(since, _aware(last_success)) if last_success else since
    # Per address the allowance is larger: a whole posyandu may share one phone's connection.
    if (_recent_failures(LoginAttempt.username, username, account_since) >= limit
            or _recent_failures(LoginAttempt.address, address, since) >= limit * 4):
        raise AccountError("auth.locked", minutes=limits.lock_minutes)


def authenticate(username: str, password: str, address: str, limits: LoginLimits) -> User:
    """The user for these credentials, or AccountError. The same message for a wrong name or password."""
    username = (username or "").strip().lower()
    _refuse_when_locked(username, address, limits)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        _check_without_user(password or "")
    ok = user is not None and user.check_password(password or "") and user.active
    db.session.add(LoginAttempt(username=username, address=address, succeeded=ok))
    if ok:
        user.last_login_at = utcnow()
    db.session.commit()
    if not ok:
        raise AccountError("auth.invalid")
    return user


def _aware(moment):
    # SQLite hands back naive datetimes for timezone columns; they are UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def validate_password(password: str, username: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError("auth.password_too_short", "new_password", n=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    if (len(username or "") >= 4 and username.lower() in lowered) or password.isdigit() or lowered in COMMON_PASSWORDS \
            or len(set(lowered)) < 4:
        raise AccountError("auth.password_too_weak", "new_password")


def change_password(user: User, current: str, new: str, address: str, limits: LoginLimits) -> None:
    """The user's own change. The current password is checked under the login throttle (same table, same
    limits): a stolen session must not become a way to guess the password."""
    _refuse_when_locked(user.username, address, limits)
    if not user.check_password(current or ""):
        db.session.add(LoginAttempt(username=user.username, address=address, succeeded=False))
        db.session.commit()
        raise AccountError("auth.current_password_wrong", "current_password")
    validate_password(new, user.username)
    if user.check_password(new):
        raise AccountError("auth.password_same", "new_password")
    db.session.add(LoginAttempt(username=user.username, address=address, succeeded=True))
    user.set_password(new)
    user.must_change_password = False
    sessions.end_all(user)  # a lost phone's session ends; the caller starts a new one on this device
    audit.record(user, "password_change", "user", user.id)
    db.session.commit()


def reset_password(user: User, new: str, actor=None) -> None:
    """An administrator sets a temporary password: every session of the user ends and the next login must
    choose a new password (the admin knows this one)."""
    validate_password(new, user.username)
    user.set_password(new)
    user.must_change_password = True
    sessions.end_all(user)
    audit.record(actor, "password_reset", "user", user.id)
    db.session.commit()


def set_active(user: User, active: bool, actor=None) -> None:
    """Deactivate (every session ends at once) or reactivate an account; ended sessions stay ended."""
    before = {"active": user.active}
    user.active = active
    if not active:
        sessions.end_all(user)
    audit.record(actor, "activate" if active else "deactivate", "user", user.id, before=before,
                 after={"active": active})
    db.session.commit()


def create_user(username: str, password: str, full_name: str, role: str, facility_code: str | None,
                must_change_password: bool = True, actor=None) -> User:
    """Create an account; the facility must be of the kind the role works at (kader -> posyandu, ...)."""
    username = (username or "").strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise AccountError("account.username_invalid", "username")
    try:
        role_enum = Role(role)
    except ValueError:
        raise AccountError("account.role_invalid", "role", role=role) from None
    facility = None
    if facility_code:
        facility = db.session.scalar(select(Facility).where(Facility.code == facility_code))
        if facility is None:
            raise AccountError("account.facility_unknown", "facility", code=facility_code)
    expected_kind = ROLE_FACILITY_KIND.get(role_enum)
    if expected_kind and (facility is None or facility.kind != expected_kind):
        raise AccountError("account.facility_mismatch", "facility", role=role_enum.value, kind=expected_kind.value)
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise AccountError("account.username_taken", "username")
    validate_password(password, username)
    user = User(username=username, full_name=full_name.strip(), role=role_enum, facility=facility,
                must_change_password=must_change_password)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "create", "user", user.id, after={"username": username, "role": role_enum.value,
                                                          "facility": facility_code})
    db.session.commit()
    return user
