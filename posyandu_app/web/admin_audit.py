"""Audit log screen for supervisors and admins: filter by facility, user, action and dates, newest first, paged."""
from flask import render_template, request
from flask_login import current_user

from ..access import roles_required
from ..services.admin import audit_view, users
from . import bp
from .admin_facilities import MANAGERS
from .admin_forms import AuditFilterForm, page_number
from .visit_view import audit_changes


@bp.route("/admin/audit")
@roles_required(*MANAGERS)
def admin_audit():
    form = AuditFilterForm(request.args)
    people = audit_view.users_for(current_user)
    form.set_choices(users.facilities_for(current_user), people, audit_view.ACTIONS)
    form.validate()
    ok = lambda field: field.data if not field.errors else None  # noqa: E731  (a bad filter is ignored)
    filters = audit_view.AuditFilter(ok(form.facility), ok(form.user), ok(form.action) or None, ok(form.date_from),
                                     ok(form.date_to), page_number(form.page))
    rows, pages, total = audit_view.search(current_user, filters)
    return render_template("admin/audit.html", form=form, rows=rows, pages=pages, total=total,
                           page=min(filters.page, pages), changes=audit_changes)
