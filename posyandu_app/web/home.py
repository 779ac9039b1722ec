"""The landing page after login: each role's starting points."""
from flask import redirect, render_template, url_for
from flask_login import current_user

from . import bp


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("web.login"))
    if current_user.role.value == "kader":  # the kader's home is the field app
        return redirect(url_for("web.field_app"))
    return render_template("home.html")
