"""High-risk lists: children, pregnant women and adults/elderly at risk, with follow-up / referral marks."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..i18n import get_language, translate
from ..services import high_risk, review, scope
from . import bp, risk_details
from ..access import roles_required
from .auth import _safe_next
from .review import REVIEWERS
from .review_forms import FollowUpForm, HighRiskFilterForm


@bp.route("/high-risk")
@roles_required(*REVIEWERS)
def high_risk_list():
    form = HighRiskFilterForm(scope.facilities_in_scope(current_user), request.args)
    form.validate()
    rows = high_risk.risk_list(current_user, group=form.group.data or None, reason=form.reason.data or None,
                               posyandu_id=None if form.posyandu.errors else form.posyandu.data,
                               open_only=bool(form.open_only.data))
    counts = high_risk.counts_by_reason(rows)
    return render_template("review/high_risk.html", form=form, rows=rows, groups=high_risk.GROUPS,
                           counts=counts, follow_up_form=FollowUpForm(),
                           detail=lambda row: risk_details.describe(row, get_language()))


@bp.route("/high-risk/<entity>/<visit_id>/follow-up", methods=["POST"])
@roles_required(*REVIEWERS)
def high_risk_follow_up(entity, visit_id):
    try:
        review.load_visit(current_user, entity, visit_id)
    except review.NotFound:
        abort(404)
    form = FollowUpForm()
    if not form.validate_on_submit():
        flash(translate(form.note.errors[0] if form.note.errors else "error.bad_request", n=review.NOTE_MAX), "error")
    else:
        review.mark_follow_up(current_user, entity, visit_id, form.note.data)
        flash(translate("risk.flash.followed_up"), "success")
    return redirect(_safe_next(request.form.get("next")) or url_for("web.high_risk_list"), code=303)
