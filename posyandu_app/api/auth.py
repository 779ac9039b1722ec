"""JSON login for the PWA: POST /auth/login, GET /auth/session, POST /auth/logout, POST /auth/password."""
from flask import request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..extensions import csrf
from ..i18n import both
from ..services import accounts, scope
from ..access import end_session, login_limits, start_session
from . import bp
from ..errors import ApiError
from .parsing import load_json
from .schemas import LoginSchema, PasswordChangeSchema, SessionSchema


def session_body(user):
    user.posyandu = scope.facilities_in_scope(user)
    user.posyandu_ids = [facility.id for facility in user.posyandu]
    return SessionSchema().dump({"user": user, "csrf_token": generate_csrf()})


# Login is exempt from CSRF: it carries no session yet, and a JSON body cannot be sent cross-site without CORS.
@bp.post("/auth/login")
@csrf.exempt
def auth_login():
    if not request.is_json:
        raise ApiError(400, "malformed_json", "error.malformed_json")
    body = load_json(LoginSchema())
    try:
        user = accounts.authenticate(body["username"], body["password"], request.remote_addr or "", login_limits())
    except accounts.AccountError as exc:
        status = 429 if exc.key == "auth.locked" else 401
        raise ApiError(status, "login_failed" if status == 401 else "locked", exc.key, **exc.params) from None
    start_session(user)
    return session_body(user)


@bp.get("/auth/session")
def auth_session():
    if not current_user.is_authenticated:
        raise ApiError(401)
    return session_body(current_user)


@bp.post("/auth/logout")
def auth_logout():
    end_session()
    return {"ok": True}


@bp.post("/auth/password")
def auth_password():
    if not current_user.is_authenticated:
        raise ApiError(401)
    body = load_json(PasswordChangeSchema())
    try:
        accounts.change_password(current_user, body["current_password"], body["new_password"],
                                 request.remote_addr or "", login_limits())
    except accounts.AccountError as exc:
        if exc.key == "auth.locked":
            raise ApiError(429, "locked", exc.key, **exc.params) from None
        raise ApiError(422, "invalid", exc.key, fields={exc.field or "_schema": both(exc.key, **exc.params)}) from None
    start_session(current_user._get_current_object())  # this session stays; every other one (a lost phone) ends
    return session_body(current_user)
