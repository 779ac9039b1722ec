"""Person pages for health workers: search, the full record with its charts, and probable-duplicate merging."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..formats import day, num
from ..i18n import translate
from ..services import merge, person_record, review, scope
from ..visit_kinds import kinds
from . import bp
from ..access import roles_required
from .review import REVIEWERS
from .review_forms import ActionForm, MergeForm, PersonSearchForm
from .visit_view import CHARTS, audit_changes, describe


@bp.route("/people")
@roles_required(*REVIEWERS)
def people_list():
    form = PersonSearchForm(scope.facilities_in_scope(current_user), request.args)
    form.validate()
    people = person_record.search(current_user, form.q.data, None if form.posyandu.errors else form.posyandu.data)
    return render_template("review/people.html", form=form, people=people, limit=person_record.SEARCH_LIMIT)


@bp.route("/people/<person_id>")
@roles_required(*REVIEWERS)
def person_detail(person_id):
    try:
        record = person_record.record(current_user, person_id)
    except person_record.Merged as merged:
        flash(translate("people.flash.merged_redirect"), "info")
        return redirect(url_for("web.person_detail", person_id=merged.target_id))
    except review.NotFound:
        abort(404)
    return render_template("review/person.html", record=record, person=record.person, sections=_sections(record),
                           charts=_charts(record), audit_changes=audit_changes)


def _sections(record) -> list:
    """(kind, items) per kind in the registry's order: a visit kind's [(visit, view)], newest first; a kind edited in
    place [(record, [(visit below it, view)])] (templates/review/_<entity>.html draws one record)."""
    sections = []
    for kind in kinds():
        if kind.entity in record.visits:
            sections.append((kind, [(visit, describe(kind.entity, visit)) for visit in record.visits[kind.entity]]))
        elif kind.entity in record.records:
            sections.append((kind, [(kept, [(visit, describe(visit.__sync_entity__, visit)) for visit in below])
                                    for kept, below in record.records[kind.entity]]))
    return sections


def _charts(record) -> list:
    """The charts the visit kinds name (`client.chart`, drawn by web/visit_view.CHARTS), over all their versions."""
    drawn = (CHARTS[kind.client.chart](record.person, record.visits[kind.entity]) for kind in kinds()
             if kind.client.chart in CHARTS and record.visits.get(kind.entity) is not None)
    return [svg for svg in drawn if svg]


@bp.route("/people/duplicates")
@roles_required(*REVIEWERS)
def people_duplicates():
    return render_template("review/duplicates.html", pairs=merge.duplicates(current_user))


def _pair_or_404(person_id):
    try:
        return merge.pair(current_user, person_id)
    except review.NotFound:
        abort(404)


COMPARED = ("nik", "name", "sex", "birth_date", "mother_name", "address", "rt", "rw", "dusun", "school", "class_name", "phone",
            "birth_weight_kg", "birth_length_cm")


def _shown(person, name):
    value = getattr(person, name)
    if name == "sex":
        return translate(f"sex.{value}")
    return "–" if value in (None, "") else str(day(value) if isinstance(value, date) else num(value))


def _compare_rows(original, flagged):
    """(label key, original's value, flagged's value, differs) for the side-by-side table."""
    rows = [(f"field.{name}", _shown(original, name), _shown(flagged, name),
             getattr(original, name) != getattr(flagged, name)) for name in COMPARED]
    counts = {p.id: merge.visit_counts(p.id) for p in (original, flagged)}
    rows += [(f"dup.count.{kind}", counts[original.id][kind], counts[flagged.id][kind], False)
             for kind in (declared.entity for declared in kinds())]
    return rows


def _render_pair(flagged, original, form, status=200):
    return render_template("review/duplicate.html", flagged=flagged, original=original, form=form,
                           rows=_compare_rows(original, flagged)), status


@bp.route("/people/<person_id>/duplicate")
@roles_required(*REVIEWERS)
def person_duplicate(person_id):
    flagged, original = _pair_or_404(person_id)
    return _render_pair(flagged, original, MergeForm(keep=original.id))


@bp.route("/people/<person_id>/merge", methods=["POST"])
@roles_required(*REVIEWERS)
def person_merge(person_id):
    flagged, original = _pair_or_404(person_id)
    form = MergeForm()
    if form.validate_on_submit():
        try:
            kept = merge.merge(current_user, person_id, form.keep.data)
        except review.ReviewError as exc:
            form.keep.errors = [exc.key]
        else:
            flash(translate("dup.flash.merged"), "success")
            return redirect(url_for("web.person_detail", person_id=kept.id), code=303)
    return _render_pair(flagged, original, form, status=400)


@bp.route("/people/<person_id>/not-duplicate", methods=["POST"])
@roles_required(*REVIEWERS)
def person_not_duplicate(person_id):
    _pair_or_404(person_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    merge.mark_different(current_user, person_id)
    flash(translate("dup.flash.different"), "success")
    return redirect(url_for("web.people_duplicates"), code=303)
