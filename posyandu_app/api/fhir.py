"""GET /api/v1/fhir/Bundle: the caller's verified visits as a FHIR R4 collection Bundle (scope as everywhere)."""
from datetime import date

from flask import current_app, jsonify, request
from flask_login import current_user

from .. import replica
from ..access import roles_required
from ..errors import ApiError
from ..fhir.resources import Context
from ..i18n import both
from ..services.integration import fhir_export
from . import bp

READERS = ("kader", "bidan", "supervisor")  # and admin


def _date(name: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "bad_parameter", fields={name: both("form.invalid_value")}) from None
    if not 1900 <= day.year <= 2100:
        raise ApiError(400, "bad_parameter", fields={name: both("form.invalid_value")})
    return day


@bp.get("/fhir/Bundle")
@roles_required(*READERS)
def fhir_bundle():
    raw = request.args.get("posyandu")
    posyandu_id = None
    if raw:
        if not raw.isdigit() or len(raw) > 9:
            raise ApiError(400, "bad_parameter", fields={"posyandu": both("form.invalid_value")})
        posyandu_id = int(raw)
    date_from, date_to = _date("from", request.args.get("from")), _date("to", request.args.get("to"))
    ctx = Context(current_app.config["FHIR_ORGANIZATION_ID"] or None)
    try:
        bundle = replica.read(fhir_export.bundle_for, current_user, posyandu_id, date_from, date_to, ctx)
    except fhir_export.NotFound:
        raise ApiError(404) from None
    response = jsonify(bundle)
    response.mimetype = "application/fhir+json"
    return response
