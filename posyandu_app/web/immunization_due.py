"""The bidan's immunization due list: per posyandu in her scope, who to vaccinate on its next posyandu day."""
from flask import render_template, request
from flask_login import current_user

from ..access import roles_required
from ..clock import field_today
from ..services import immunization_due, scope
from . import bp
from .review import REVIEWERS
from .review_forms import ImmunizationDueForm


@bp.route("/immunization/due", endpoint="immunization_due")
@roles_required(*REVIEWERS)
def due_list():
    form = ImmunizationDueForm(scope.facilities_in_scope(current_user), request.args)
    form.validate()
    groups = immunization_due.due_lists(current_user, field_today(),
                                        posyandu_id=None if form.posyandu.errors else form.posyandu.data)
    return render_template("review/immunization_due.html", form=form, groups=groups)
