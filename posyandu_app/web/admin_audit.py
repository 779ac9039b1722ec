"""Audit log screen for supervisors and admins: filter by facility, user, action and dates, newest first, paged."""
import json

from flask import Response, current_app, render_template, request, url_for
from flask_login import current_user

from ..access import roles_required
from ..i18n import translate as t
from ..services.admin import audit_view, users
from . import bp
from .admin_facilities import MANAGERS
from .admin_forms import AuditFilterForm, page_number
from .report_export import Sheet, to_csv
from .visit_view import audit_changes


def _filters():
    form = AuditFilterForm(request.args)
    people = audit_view.users_for(current_user)
    form.set_choices(users.facilities_for(current_user), people, audit_view.ACTIONS)
    form.validate()
    ok = lambda field: field.data if not field.errors else None  # noqa: E731  (a bad filter is ignored)
    filters = audit_view.AuditFilter(ok(form.facility), ok(form.user), ok(form.action) or None, ok(form.date_from),
                                     ok(form.date_to), page_number(form.page),
                                     current_app.config["LOCAL_UTC_OFFSET"])
    return form, filters


@bp.route("/admin/audit")
@roles_required(*MANAGERS)
def admin_audit():
    form, filters = _filters()
    rows, pages, total = audit_view.search(current_user, filters)
    query = request.query_string.decode("latin-1")  # the same filters, passed on as they came
    return render_template("admin/audit.html", form=form, rows=rows, pages=pages, total=total,
                           page=min(filters.page, pages), changes=audit_changes,
                           csv_url=url_for("web.admin_audit_csv") + (f"?{query}" if query else ""))


@bp.route("/admin/audit.csv")
@roles_required(*MANAGERS)
def admin_audit_csv():
    _, filters = _filters()
    rows = audit_view.export(current_user, filters)
    sheet = Sheet(t("audit.title"), [t("audit.when") + " (UTC)", t("audit.who"), t("account.username"), t("audit.what"),
                                     t("audit.record"), "id", t("audit.before"), t("audit.after")])
    sheet.rows = [[row.at.isoformat(), row.user.full_name if row.user else t("audit.system"),
                   row.user.username if row.user else "", t(f"audit.action.{row.action}"),
                   t(f"audit.entity.{row.entity}"), row.record_id,
                   json.dumps(row.before, ensure_ascii=False) if row.before is not None else "",
                   json.dumps(row.after, ensure_ascii=False) if row.after is not None else ""] for row in rows]
    return Response(to_csv([sheet]), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=log-audit.csv"})
