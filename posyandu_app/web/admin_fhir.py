"""FHIR sending status for supervisors and admins: on/off (the district admin switches it), what waits, what was
sent, the dead letters with the server's OperationOutcome, the last success; a dead letter can be requeued."""
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..access import roles_required
from ..i18n import translate
from ..services.admin.managed import is_district_admin
from ..services.integration import fhir_queue, fhir_settings
from . import bp
from .admin_facilities import MANAGERS
from .review_forms import ActionForm


def _endpoint() -> dict:
    config = current_app.config
    return {"base_url": config["FHIR_BASE_URL"], "organization": config["FHIR_ORGANIZATION_ID"],
            "puskesmas": [code.strip() for code in config["FHIR_PUSKESMAS"].split(",") if code.strip()],
            "complete": all(config[name] for name in ("FHIR_BASE_URL", "FHIR_TOKEN_URL", "FHIR_CLIENT_ID",
                                                      "FHIR_CLIENT_SECRET"))}


@bp.route("/admin/fhir")
@roles_required(*MANAGERS)
def admin_fhir():
    return render_template("admin/fhir.html", status=fhir_queue.status(current_user), endpoint=_endpoint(),
                           sending=fhir_settings.sending_enabled(), district=is_district_admin(current_user),
                           action_form=ActionForm())


@bp.route("/admin/fhir/sending", methods=["POST"])
@roles_required(*MANAGERS)
def admin_fhir_sending():
    if not is_district_admin(current_user):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    on = not fhir_settings.sending_enabled()
    fhir_settings.set_sending(current_user, on)
    flash(translate("fhir.flash.on" if on else "fhir.flash.off"), "success")
    return redirect(url_for("web.admin_fhir"), code=303)


@bp.route("/admin/fhir/<int:outbound_id>/requeue", methods=["POST"])
@roles_required(*MANAGERS)
def admin_fhir_requeue(outbound_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        fhir_queue.requeue(current_user, outbound_id)
    except fhir_queue.NotFound:
        abort(404)
    flash(translate("fhir.flash.requeued"), "success")
    return redirect(url_for("web.admin_fhir"), code=303)
