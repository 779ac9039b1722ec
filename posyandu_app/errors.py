"""The one error shape: {"error": {"code", "message", "fields"}} under /api, friendly pages elsewhere."""
from flask import current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db, login_manager
from .i18n import LANGUAGES, translate

# HTTP status -> (code, catalog key) for errors raised without a specific message.
DEFAULTS = {
    400: ("bad_request", "error.bad_request"),
    401: ("unauthorized", "error.unauthorized"),
    403: ("forbidden", "error.forbidden"),
    404: ("not_found", "error.not_found"),
    405: ("method_not_allowed", "error.method_not_allowed"),
    413: ("too_large", "error.too_large"),
    422: ("invalid", "error.invalid"),
    429: ("too_many_requests", "error.too_many_requests"),
    500: ("server_error", "error.server_error"),
    503: ("unavailable", "error.unavailable"),
}


class ApiError(Exception):
    """Raise from a view or service to answer with the JSON error shape."""

    def __init__(self, status: int, code: str | None = None, message_key: str | None = None,
                 fields: dict | None = None, **params):
        super().__init__(code or status)
        default_code, default_key = DEFAULTS.get(status, ("error", "error.server_error"))
        self.status = status
        self.code = code or default_code
        self.message_key = message_key or default_key
        self.fields = fields
        self.params = params


def error_response(status: int, code: str | None = None, message_key: str | None = None,
                   fields: dict | None = None, **params):
    default_code, default_key = DEFAULTS.get(status, ("error", "error.server_error"))
    body = {"code": code or default_code, "message": translate(message_key or default_key, **params)}
    if fields:
        body["fields"] = fields
    response = jsonify(error=body)
    response.status_code = status
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _answer_without_database() -> None:
    """The error answer must not need the database it reports as gone: the language comes from the cookie (or
    the default) and the page is drawn for an anonymous visitor instead of reloading the user's row."""
    if "lang" not in g:
        chosen = request.cookies.get("lang")
        g.lang = chosen if chosen in LANGUAGES else current_app.config.get("DEFAULT_LANGUAGE", "id")
    g._login_user = login_manager.anonymous_user()


def register(app) -> None:
    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return error_response(exc.status, exc.code, exc.message_key, exc.fields, **exc.params)

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        if wants_json():
            return error_response(400, "csrf", "error.csrf")
        return render_template("error.html", status=400, message_key="error.csrf"), 400

    @app.errorhandler(OperationalError)
    def database_down(exc):
        # The database went away (restart, network): answer 503 so clients retry; nothing was committed.
        db.session.rollback()
        app.logger.warning("database unavailable: %s", exc)
        _answer_without_database()
        if wants_json():
            return error_response(503)
        return render_template("error.html", status=503, message_key="error.unavailable"), 503

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            return error_response(exc.code or 500)
        message_key = DEFAULTS.get(exc.code, DEFAULTS[400])[1]
        return render_template("error.html", status=exc.code, message_key=message_key), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc):
        db.session.rollback()
        app.logger.exception("unhandled error")
        if wants_json():
            return error_response(500)
        return render_template("error.html", status=500, message_key="error.server_error"), 500
