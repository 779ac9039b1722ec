"""Login sessions kept on the server: started at login, checked on every request (one indexed lookup), ended by
logout (this device), and by a password change, deactivation or an admin's reset (every device of the user)."""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update

from ..extensions import db
from ..models import User, UserSession
from ..models.base import utcnow

TOUCH_EVERY = timedelta(days=1)  # last_seen_at is written at most this often, not on every request


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, lifetime: timedelta) -> str:
    """A new session for `user` on this device; returns the token for the signed cookie. Sessions of the user
    not seen within `lifetime` (the cookie's, PERMANENT_SESSION_LIFETIME) are removed."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    # Devices that never came back within the session lifetime (the cookie has expired there anyway).
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id,
        UserSession.last_seen_at < now - lifetime))
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token), created_at=now, last_seen_at=now))
    db.session.commit()
    return token


def load_user(user_id, token) -> tuple[User | None, bool]:
    """The active user whose session this token is, or None (ended, unknown, deactivated, or not this user); and
    whether the session was touched now (at most once per TOUCH_EVERY: then the cookie's expiry slides too)."""
    if not token or not isinstance(token, str):
        return None, False
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None, False
    row = db.session.execute(
        select(User, UserSession.id, UserSession.last_seen_at).join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == _hash(token), User.id == user_id, User.active.is_(True))).first()
    if row is None:
        return None, False
    user, session_id, last_seen = row
    now = utcnow()
    if last_seen.tzinfo is None:  # SQLite hands back naive UTC
        now = now.replace(tzinfo=None)
    if now - last_seen > TOUCH_EVERY:
        # Safe to commit here: the first before-request hook (access.enforce_password_change) loads the
        # user, before any view has written anything.
        db.session.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=utcnow()))
        db.session.commit()
        return user, True
    return user, False


def end(token) -> None:
    """Logout: end this device's session only (the kader's other phone stays logged in)."""
    if token and isinstance(token, str):
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))
        db.session.commit()


def end_all(user: User) -> None:
    """End every session of `user`, inside the caller's transaction (the caller commits)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
