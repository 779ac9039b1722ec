"""Accounts pages: list with filters, create with a one-time login slip, deactivate, reactivate, reassign, reset."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import roles_required
from ..i18n import translate
from ..services.admin import users
from ..services.admin.managed import AdminError
from . import bp
from .admin_facilities import MANAGERS, attempt, found
from .admin_forms import ReassignForm, UserFilterForm, UserForm, _facility_choices, page_number
from .review_forms import ActionForm


def _slip(slip: users.Slip):
    """The temporary password is shown on this one response only: never flashed, cached or logged."""
    response = render_template("admin/slip.html", slip=slip)
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/admin/users")
@roles_required(*MANAGERS)
def admin_users():
    form = UserFilterForm(request.args)
    in_scope = users.facilities_for(current_user)
    form.facility.choices = _facility_choices(in_scope, empty="account.filter.all_facilities")
    form.validate()
    status = form.status.data if not form.status.errors else None
    filters = users.UserFilter(
        q=form.q.data if not form.q.errors else None, role=form.role.data or None if not form.role.errors else None,
        facility_id=form.facility.data if not form.facility.errors else None,
        active={"active": True, "inactive": False}.get(status), page=page_number(form.page))
    rows, pages = users.search(current_user, filters)
    return render_template("admin/users.html", form=form, rows=rows, pages=pages, page=min(filters.page, pages),
                           action_form=ActionForm())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_user_new():
    form = UserForm()
    form.set_choices(users.roles_for(current_user), users.facilities_for(current_user))
    created = []
    if form.validate_on_submit() and attempt(form, lambda: created.append(users.create(
            current_user, form.username.data, form.full_name.data, form.role.data, form.facility.data))):
        return _slip(created[0])
    return render_template("admin/user_form.html", form=form), 400 if request.method == "POST" else 200


def _change(user_id, change, key):
    target = found(users.user_or_404, user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        change(target)
    except AdminError as exc:
        flash(translate(exc.key, **exc.params), "error")
    else:
        flash(translate(key, name=target.full_name), "success")
    return redirect(url_for("web.admin_users"), code=303)


@bp.route("/admin/users/<user_id>/deactivate", methods=["POST"])
@roles_required(*MANAGERS)
def admin_user_deactivate(user_id):
    return _change(user_id, lambda target: users.set_active(current_user, target.id, False),
                   "account.flash.deactivated")


@bp.route("/admin/users/<user_id>/activate", methods=["POST"])
@roles_required(*MANAGERS)
def admin_user_activate(user_id):
    return _change(user_id, lambda target: users.set_active(current_user, target.id, True), "account.flash.activated")


@bp.route("/admin/users/<user_id>/reset", methods=["POST"])
@roles_required(*MANAGERS)
def admin_user_reset(user_id):
    target = found(users.user_or_404, user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        return _slip(users.reset_password(current_user, target.id))
    except AdminError as exc:
        flash(translate(exc.key, **exc.params), "error")
        return redirect(url_for("web.admin_users"), code=303)


@bp.route("/admin/users/<user_id>/reassign", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def admin_user_reassign(user_id):
    target = found(users.user_or_404, user_id)
    form = ReassignForm(data={"facility": target.facility_id} if request.method == "GET" else None)
    form.facility.choices = _facility_choices(users.facilities_for(current_user))
    if form.validate_on_submit() and attempt(form, lambda: users.reassign(current_user, target.id, form.facility.data)):
        flash(translate("account.flash.reassigned", name=target.full_name), "success")
        return redirect(url_for("web.admin_users"), code=303)
    return render_template("admin/user_reassign.html", form=form, target=target), \
        400 if request.method == "POST" else 200
