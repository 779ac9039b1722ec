"""Access checks shared by web pages and the API: starting a session, role decorators, the forced password change."""
from functools import wraps

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from .errors import ApiError
from .models import Role
from .services import accounts, sessions

SESSION_TOKEN = "sid"  # key of the server-side session's token in the signed cookie


def start_session(user) -> None:
    """Log the user in on this device with a long-lived session (field work: see PERMANENT_SESSION_LIFETIME)
    backed by a server-side row (services/sessions.py); a session this cookie held before is ended first."""
    sessions.end(session.pop(SESSION_TOKEN, None))
    session.permanent = True
    login_user(user, remember=False)
    session[SESSION_TOKEN] = sessions.start(user, current_app.permanent_session_lifetime)


def login_limits() -> "accounts.LoginLimits":
    """This deployment's wrong-password allowance (config LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES)."""
    return accounts.LoginLimits(current_app.config["LOGIN_MAX_FAILURES"], current_app.config["LOGIN_LOCK_MINUTES"])


def end_session() -> None:
    """Logout on this device: the server-side row goes, so a copy of the cookie no longer works either."""
    sessions.end(session.get(SESSION_TOKEN))
    logout_user()
    session.clear()


def load_user(user_id):
    """flask-login's user_loader: only a session whose row still exists, for an active account. The cookie is
    re-sent (new expiry) only when the row was touched: once a day, not on every answer (config.py). A cookie whose
    session was ended (logout, password change, deactivation, admin reset) opens nothing (401 JSON / login page)
    but is left in the browser, not deleted: the answer to a request sent just before a login on this device (the
    service worker's precache) would otherwise delete the new session's cookie."""
    user, touched = sessions.load_user(user_id, session.get(SESSION_TOKEN))
    if touched:
        session.modified = True
    return user


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
