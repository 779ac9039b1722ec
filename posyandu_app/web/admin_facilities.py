"""Facilities pages for district admins and puskesmas supervisors: the tree, create, rename, move, close."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import roles_required
from ..i18n import translate
from ..models import FacilityKind
from ..models.facility import PARENT_KIND
from ..services.admin import facilities
from ..services.admin.managed import AdminError, NotFound, facility_or_404, is_district_admin
from . import bp
from .admin_forms import DesaForm, FacilityForm, MoveForm, RenameForm
from .review_forms import ActionForm

MANAGERS = ("supervisor",)  # and admin, which roles_required always lets through
CHILD_KIND = {parent: child for child, parent in PARENT_KIND.items()}


def found(load, *args):
    try:
        return load(current_user, *args)
    except NotFound:
        abort(404)


def attempt(form, change):
    """Run the service call; a refusal becomes the field's (or the form's) error. True when it succeeded."""
    try:
        change()
    except NotFound:
        abort(404)
    except AdminError as exc:
        field = getattr(form, exc.field or "", None) if exc.field else None
        message = translate(exc.key, **exc.params)
        if field is not None:
            field.errors = list(field.errors) + [message]
        else:
            form.form_errors.append(message)
        return False
    return True


def _done(key, **params):
    flash(translate(key, **params), "success")
    return redirect(url_for("web.admin_facilities"), code=303)


@bp.route("/admin/facilities")
@roles_required(*MANAGERS)
def admin_facilities():
    roots = facilities.tree(current_user)
    pustu_ids = [p.id for root in roots for p in root.children]
    return render_template("admin/facilities.html", roots=roots, desa=facilities.desa_of(pustu_ids),
                           district=is_district_admin(current_user), action_form=ActionForm())


def _facility_page(form, kind, parent, status=200):
    return render_template("admin/facility_form.html", form=form, kind=kind, parent=parent), status


@bp.route("/admin/facilities/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_puskesmas_new():
    if not is_district_admin(current_user):
        abort(403)
    return _create(FacilityKind.PUSKESMAS, None)


@bp.route("/admin/facilities/<facility_id>/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_facility_new(facility_id):
    parent = found(facility_or_404, facility_id)
    kind = CHILD_KIND.get(parent.kind)
    if kind is None:
        abort(404)
    return _create(kind, parent)


def _create(kind, parent):
    form = FacilityForm()
    form.set_desa(facilities.desa_choices(parent) if kind == FacilityKind.POSYANDU else [])
    if form.validate_on_submit() and attempt(form, lambda: facilities.create(
            current_user, kind, facilities.FacilityInput(form.code.data, form.name.data, form.kecamatan.data,
                                                         form.kabupaten.data, form.desa.data,
                                                         form.posyandu_day.data),
            parent.id if parent else None)):
        return _done("facility.flash.created", name=form.name.data)
    return _facility_page(form, kind, parent, 400 if request.method == "POST" else 200)


@bp.route("/admin/facilities/<facility_id>/rename", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_facility_rename(facility_id):
    facility = found(facility_or_404, facility_id)
    form = RenameForm(obj=facility)
    if form.validate_on_submit() and attempt(form, lambda: facilities.rename(
            current_user, facility.id, form.code.data, form.name.data, form.posyandu_day.data)):
        return _done("facility.flash.renamed", name=form.name.data)
    return render_template("admin/facility_rename.html", form=form, facility=facility), \
        400 if request.method == "POST" else 200


@bp.route("/admin/facilities/<facility_id>/move", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_facility_move(facility_id):
    facility = found(facility_or_404, facility_id)
    if facility.kind == FacilityKind.PUSKESMAS:
        abort(404)
    parents = facilities.parents_for(current_user, facility.kind)
    desas = [d for p in parents for d in facilities.desa_choices(p)] if facility.kind == FacilityKind.POSYANDU else []
    form = MoveForm(data={"parent": facility.parent_id, "desa": facility.desa_id} if request.method == "GET" else None)
    form.set_choices(parents, desas)
    if form.validate_on_submit() and attempt(form, lambda: facilities.move(
            current_user, facility.id, form.parent.data, form.desa.data)):
        return _done("facility.flash.moved", name=facility.name)
    return render_template("admin/facility_move.html", form=form, facility=facility), \
        400 if request.method == "POST" else 200


@bp.route("/admin/facilities/<facility_id>/close", methods=["POST"])
@roles_required(*MANAGERS)
def admin_facility_close(facility_id):
    facility = found(facility_or_404, facility_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        facilities.close(current_user, facility.id)
    except AdminError as exc:
        flash(translate(exc.key, **exc.params), "error")
        return redirect(url_for("web.admin_facilities"), code=303)
    return _done("facility.flash.closed", name=facility.name)


@bp.route("/admin/facilities/<facility_id>/desa/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_desa_new(facility_id):
    pustu = found(facility_or_404, facility_id)
    if pustu.kind != FacilityKind.PUSTU:
        abort(404)
    form = DesaForm()
    if form.validate_on_submit() and attempt(form, lambda: facilities.create_desa(
            current_user, pustu.id, form.region_code.data, form.name.data, form.kelurahan.data)):
        return _done("facility.flash.created", name=form.name.data)
    return render_template("admin/desa_form.html", form=form, pustu=pustu, desa=None), \
        400 if request.method == "POST" else 200


@bp.route("/admin/desa/<desa_id>/edit", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_desa_edit(desa_id):
    desa = found(facilities.desa_or_404, desa_id)
    form = DesaForm(obj=desa)
    if form.validate_on_submit() and attempt(form, lambda: facilities.rename_desa(
            current_user, desa.id, form.region_code.data, form.name.data, form.kelurahan.data)):
        return _done("facility.flash.renamed", name=form.name.data)
    return render_template("admin/desa_form.html", form=form, pustu=desa.pustu, desa=desa), \
        400 if request.method == "POST" else 200


@bp.route("/admin/desa/<desa_id>/close", methods=["POST"])
@roles_required(*MANAGERS)
def admin_desa_close(desa_id):
    desa = found(facilities.desa_or_404, desa_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        facilities.close_desa(current_user, desa.id)
    except AdminError as exc:
        flash(translate(exc.key, **exc.params), "error")
        return redirect(url_for("web.admin_facilities"), code=303)
    return _done("facility.flash.closed", name=desa.name)
