"""Review queue for bidan and supervisors: new submissions, verify, return with a note, bulk verify."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..i18n import translate
from ..services import review, scope
from . import bp
from ..access import roles_required
from .auth import _safe_next
from .review_forms import ActionForm, BulkVerifyForm, QueueFilterForm, ReturnForm
from ..visit_kinds import kind
from .visit_view import CHARTS, HISTORY, describe, queue_history

REVIEWERS = ("bidan", "supervisor")


def _visit_or_404(entity, visit_id):
    try:
        return review.load_visit(current_user, entity, visit_id)
    except review.NotFound:
        abort(404)


def _back(default_endpoint="web.review_queue", **values):
    return redirect(_safe_next(request.form.get("next")) or url_for(default_endpoint, **values), code=303)


@bp.route("/review")
@roles_required(*REVIEWERS)
def review_queue():
    form = QueueFilterForm(scope.facilities_in_scope(current_user), request.args)
    form.validate()
    filters = review.QueueFilter(
        posyandu_id=None if form.posyandu.errors else form.posyandu.data,
        entity=form.entity.data or None if not form.entity.errors else None,
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        flagged_only=bool(form.flagged.data))
    items, more = review.queue(current_user, filters)
    allowed = scope.posyandu_ids(current_user)
    cards = [(entity, visit, describe(entity, visit),
              queue_history(entity, review.recent_history(current_user, entity, visit, allowed=allowed)),
              review.previous_version(current_user, entity, visit, allowed=allowed)) for entity, visit in items]
    unflagged = sum(1 for _, visit, *_ in cards if not visit.flagged and not review.recorded_by(visit, current_user))
    return render_template("review/queue.html", form=form, cards=cards, more=more, unflagged=unflagged,
                           history_columns=HISTORY, limit=review.QUEUE_LIMIT,
                           roles=review.recorder_roles([visit for _, visit in items]))


def _render_visit(entity, visit, return_form, next_url, status=200):
    model = review.visit_model(entity)
    history = [v for v in review.person_visits(current_user, model, visit.person_id)
               if v.is_current or v.id == visit.id]
    versions = review.version_chain(current_user, entity, visit)
    return render_template(
        "review/visit.html", entity=entity, visit=visit, view=describe(entity, visit), person=visit.person,
        history=[(v, describe(entity, v)) for v in history], versions=versions,
        reviews=review.reviews_of(entity, [v.id for v in versions]), superseded_by=review.superseding(current_user, entity, visit),
        previous=next((v for v in versions if v.id == visit.supersedes_id), None),
        episode=getattr(visit, "episode", None),
        chart=_chart(entity, visit.person, history), history_columns=HISTORY[entity],
        actions=review.actions_for(visit, current_user), return_form=return_form, next_url=_safe_next(next_url)), status


def _chart(entity, person, history):
    """The chart the visit's kind names (`client.chart`, e.g. a child's weight-for-age), or None."""
    drawn = CHARTS.get(kind(entity).client.chart)
    return drawn(person, history) if drawn else None


@bp.route("/review/<entity>/<visit_id>")
@roles_required(*REVIEWERS)
def review_visit(entity, visit_id):
    return _render_visit(entity, _visit_or_404(entity, visit_id), ReturnForm(), request.args.get("next"))


@bp.route("/review/<entity>/<visit_id>/verify", methods=["POST"])
@roles_required(*REVIEWERS)
def review_verify(entity, visit_id):
    _visit_or_404(entity, visit_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        review.verify(current_user, entity, visit_id)
    except review.ReviewError as exc:
        flash(translate(exc.key, **exc.params), "error")
        return redirect(url_for("web.review_visit", entity=entity, visit_id=visit_id), code=303)
    flash(translate("review.flash.verified"), "success")
    return _back()


@bp.route("/review/<entity>/<visit_id>/return", methods=["POST"])
@roles_required(*REVIEWERS)
def review_return(entity, visit_id):
    visit = _visit_or_404(entity, visit_id)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            review.return_visit(current_user, entity, visit_id, form.note.data)
        except review.ReviewError as exc:
            form.note.errors = [exc.key]
        else:
            flash(translate("review.flash.returned"), "success")
            return _back()
    # Show the page again with the error and the typed note kept.
    return _render_visit(entity, visit, form, request.form.get("next"), status=400)


@bp.route("/review/bulk-verify", methods=["POST"])
@roles_required(*REVIEWERS)
def review_bulk_verify():
    form = BulkVerifyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        verified, skipped = review.bulk_verify(current_user, form.keys())
    except review.ReviewError as exc:
        return render_template("error.html", status=400, message_key=exc.key, message_params=exc.params), 400
    flash(translate("review.flash.bulk", verified=verified, skipped=skipped), "success" if verified else "warning")
    return _back()
