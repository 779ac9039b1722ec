"""Access checks for views: starting a session, role decorators and the forced password change."""
import hashlib
import hmac
from functools import wraps

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..errors import ApiError
from ..models import Role


def start_session(user) -> None:
    """Log the user in with a long-lived session (field work: see PERMANENT_SESSION_LIFETIME), bound to the
    current password: call again after the user's own password change to keep this session."""
    session.permanent = True
    login_user(user, remember=False)
    session["auth_key"] = _auth_key(user)


def _auth_key(user) -> str:
    # Derived from the password hash with the server's key: the (readable) session cookie reveals nothing.
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, user.password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def end_stale_session():
    """A lost phone stays logged in for weeks: changing the password or deactivating the account ends every
    other session at its next request (cookie sessions cannot be deleted on the server)."""
    if current_user.is_authenticated and (not current_user.active
                                          or not hmac.compare_digest(session.get("auth_key", ""),
                                                                     _auth_key(current_user))):
        logout_user()
        session.clear()


def roles_required(*roles: Role):
    """Only logged-in users with one of `roles` (admin always passes); others get 401/403 (JSON under /api)."""
    allowed = {Role(role) for role in roles} | {Role.ADMIN}

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            api = request.path.startswith("/api/")
            if not current_user.is_authenticated:
                if api:
                    raise ApiError(401)
                return redirect(url_for("web.login", next=request.full_path))
            if current_user.role not in allowed:
                if api:
                    raise ApiError(403)
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


# Endpoints a user who must change the password may still reach.
PASSWORD_CHANGE_OPEN = {"web.login", "web.logout", "web.change_password", "web.set_language", "static",
                        "api.auth_login", "api.auth_session", "api.auth_logout", "api.auth_password",
                        # the field app's shell holds no personal data; it shows why uploads wait itself
                        "web.field_app", "web.offline", "web.manifest", "web.service_worker"}


def enforce_password_change():
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in PASSWORD_CHANGE_OPEN):
        if request.path.startswith("/api/"):
            raise ApiError(403, "password_change_required", "auth.must_change_password")
        return redirect(url_for("web.change_password"))
    return None
