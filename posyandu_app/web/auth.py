"""Login, logout, password change and the language switch."""
from urllib.parse import urlsplit

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..i18n import LANGUAGES, translate
from ..services import accounts
from . import bp
from ..access import (end_session, enforce_password_change, load_user, login_limits,
                      start_session)
from .forms import ChangePasswordForm, LoginForm


def configure_login_manager(login_manager) -> None:
    login_manager.login_view = "web.login"
    login_manager.login_message = None

    login_manager.user_loader(load_user)


bp.before_app_request(enforce_password_change)


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths: never redirect a login to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    # Browsers read "/\evil.example" as "//evil.example" and drop tabs and newlines: refuse those too.
    if (parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(char) < 32 for char in target)):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.username.data, form.password.data, request.remote_addr or "",
                                         login_limits())
        except accounts.AccountError as exc:
            error = translate(exc.key, **exc.params)
        else:
            start_session(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("web.home"))
    status = 401 if error else 200
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    end_session()
    return redirect(url_for("web.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    error, status = None, 400
    if form.validate_on_submit():
        if form.new_password.data != form.confirm_password.data:
            error = translate("auth.password_mismatch")
        else:
            try:
                accounts.change_password(current_user, form.current_password.data, form.new_password.data,
                                         request.remote_addr or "", login_limits())
            except accounts.AccountError as exc:
                error = translate(exc.key, **exc.params)
                status = 429 if exc.key == "auth.locked" else 400
            else:
                start_session(current_user._get_current_object())  # this session stays; every other one (a lost phone) ends
                flash(translate("auth.password_changed"), "success")
                return redirect(url_for("web.home"))
    return render_template("auth/change_password.html", form=form, error=error), (status if error else 200)


@bp.route("/lang/<lang>")
def set_language(lang):
    target = _safe_next(request.args.get("next")) or request.referrer or url_for("web.home")
    if _safe_next(target) is None and not target.startswith(request.host_url):
        target = url_for("web.home")
    response = make_response(redirect(target))
    if lang in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=False,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
