"""Roster import pages: upload a CSV/XLSX, see every row's fate (new, invalid with the reason, duplicate), confirm."""
import os
import tempfile

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import roles_required
from ..i18n import translate
from ..services.admin import roster, roster_file
from ..services.admin.managed import NotFound
from ..services.scope import facilities_in_scope
from . import bp
from .admin_facilities import MANAGERS
from .admin_forms import ConfirmForm, RosterForm
from .review_forms import _choices

SHOWN_NEW = 20      # the preview lists every refused row but only the first new ones
SHOWN_REFUSED = 500


def _pending_dir() -> str:
    return current_app.config.get("ROSTER_PENDING_DIR") or os.path.join(tempfile.gettempdir(), "posyandu-roster")


def _form():
    form = RosterForm()
    posyandu = [p for p in facilities_in_scope(current_user) if p.closed_at is None]
    form.posyandu.choices = _choices([("", "roster.posyandu_from_file")]
                                     + [(str(p.id), f"{p.name} · {p.code}") for p in posyandu])
    return form


@bp.route("/admin/roster")
@roles_required(*MANAGERS)
def admin_roster():
    return render_template("admin/roster.html", form=_form())


@bp.route("/admin/roster/template.csv")
@roles_required(*MANAGERS)
def admin_roster_template():
    return Response("\ufeff" + roster_file.template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=template-sasaran.csv"})


@bp.route("/admin/roster", methods=["POST"])
@roles_required(*MANAGERS)
def admin_roster_upload():
    form = _form()
    if not form.validate_on_submit():
        return render_template("admin/roster.html", form=form), 400
    data, filename = form.file.data.read(), form.file.data.filename or ""
    try:
        preview = roster.check(current_user, data, filename, form.posyandu.data)
    except NotFound:
        abort(404)
    except roster_file.RosterFileError as exc:
        form.file.errors = [translate(exc.key, **exc.params)]
        return render_template("admin/roster.html", form=form), 400
    token = roster.keep(current_user, data, filename, form.posyandu.data, _pending_dir())
    refused = [row for row in preview.rows if row.status != "new"]
    fresh = [row for row in preview.rows if row.status == "new"]
    return render_template("admin/roster_preview.html", preview=preview, refused=refused[:SHOWN_REFUSED],
                           fresh=fresh[:SHOWN_NEW], confirm=ConfirmForm(token=token), filename=filename)


@bp.route("/admin/roster/confirm", methods=["POST"])
@roles_required(*MANAGERS)
def admin_roster_confirm():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data, filename, posyandu_id = roster.take(current_user, form.token.data, _pending_dir())
        preview = roster.run(current_user, data, filename, posyandu_id)
    except NotFound:
        abort(404)
    except roster_file.RosterFileError as exc:
        flash(translate(exc.key, **exc.params), "error")
        return redirect(url_for("web.admin_roster"), code=303)
    flash(translate("roster.flash.imported", created=preview.count("new"), invalid=preview.count("invalid"),
                    duplicate=preview.count("duplicate")), "success")
    return redirect(url_for("web.admin_roster"), code=303)
