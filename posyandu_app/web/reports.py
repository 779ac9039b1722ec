"""Report pages: monthly SKDN/F2, pregnancy and screening recaps, PWS dashboard, late uploads, CSV/XLSX exports."""
import re

from flask import abort, current_app, render_template, request
from flask_login import current_user

from .. import replica
from ..i18n import get_language, translate
from ..services.reports import births, home_visits, immunization, pregnancy, pws, screening, skdn, units, youth
from ..visit_kinds import visit_kinds
from ..services.reports.labels import growth_categories, report_ages, screening_classes
from . import bp
from . import report_sheets as sheets
from .report_export import to_csv, to_xlsx
from ..access import roles_required
from .report_forms import Filters, parse_filters
from .svg_charts import PALETTE, line_chart, sparkline

REPORT_ROLES = ("bidan", "supervisor")
EXPORT_TYPES = {"csv": ("text/csv; charset=utf-8", to_csv),
                "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx)}


def _filters() -> Filters:
    return parse_filters(request.args)


def _unit(unit_param: str):
    kind, _, ident = unit_param.partition(":")
    try:
        if kind == "posyandu":
            return units.resolve(current_user, posyandu_id=int(ident))
        if kind == "pustu":
            return units.resolve(current_user, pustu_id=int(ident))
        return units.resolve(current_user)
    except units.OutOfScope:
        abort(404)


def _page(template: str, build, extra=lambda report: {}):
    """Parse the filters, build the report for the unit, render it (400 when a filter was invalid)."""
    filters = _filters()
    unit = _unit(filters.unit_param)
    report = replica.read(build, unit, filters.month)
    return render_template(template, report=report, filters=filters, unit=unit, lang=get_language(),
                           unit_choices=_unit_choices(), show_rollup=len(unit.posyandu) > 1,
                           facility_names={facility.id: facility.name for facility in unit.posyandu},
                           ages=report_ages(),
                           **extra(report)), (400 if filters.errors else 200)


def _unit_choices():
    """The unit picker: everything in scope, each desa (pustu), each posyandu under its desa."""
    scope_unit = units.resolve(current_user)
    choices = [("all", translate("reports.unit.all"), [])]
    for pustu, members in scope_unit.groups:
        choices.append((f"pustu:{pustu.id}", pustu.name,
                        [(f"posyandu:{facility.id}", facility.name) for facility in members]))
    return choices


@bp.route("/reports")
@roles_required(*REPORT_ROLES)
def reports_index():
    filters = _filters()
    return render_template("reports/index.html", filters=filters, unit_choices=_unit_choices())


@bp.route("/reports/monthly")
@roles_required(*REPORT_ROLES)
def report_monthly():
    labels = {index: dict(bands) for index, bands in growth_categories().items()}
    columns = {"counts": skdn.COUNTS, "f2_ratios": skdn.F2_RATIOS, "rollup_ratios": skdn.ROLLUP_RATIOS}
    return _page("reports/monthly.html", skdn.monthly_report, lambda report: {"category_labels": labels, **columns})


@bp.route("/reports/pregnancy")
@roles_required(*REPORT_ROLES)
def report_pregnancy():
    return _page("reports/pregnancy.html", pregnancy.monthly_report)


@bp.route("/reports/screening")
@roles_required(*REPORT_ROLES)
def report_screening():
    lines = sheets.screening_lines(translate, get_language())
    class_labels = {facet: dict(screening_classes().get(facet, [])) for facet in ("bp", "glucose")}
    return _page("reports/screening.html", screening.monthly_report,
                 lambda report: {"lines": lines, "share": screening.share, "class_labels": class_labels})


@bp.route("/reports/immunization")
@roles_required(*REPORT_ROLES)
def report_immunization():
    lines = sheets.immunization_lines(translate, get_language())
    return _page("reports/immunization.html", immunization.monthly_report,
                 lambda report: {"lines": lines, "idl_share": immunization.idl_share})


@bp.route("/reports/births")
@roles_required(*REPORT_ROLES)
def report_births():
    return _page("reports/births.html", births.monthly_report, lambda report: {"figures": births.FIGURES})


@bp.route("/reports/home-visits")
@roles_required(*REPORT_ROLES)
def report_home_visits():
    return _page("reports/home_visits.html", home_visits.monthly_report,
                 lambda report: {"lines": sheets.HOME_VISIT_LINES, "rollup_shares": sheets.HOME_VISIT_ROLLUP})


@bp.route("/reports/pws")
@roles_required(*REPORT_ROLES)
def report_pws():
    return _page("reports/pws.html", _pws_dashboard, _pws_context)


@bp.route("/reports/late")
@roles_required(*REPORT_ROLES)
def report_late():
    return _page("reports/late.html", _late_report,
                 lambda report: {"late_count": sum(1 for row in report["rows"] if row["late"]),
                                 "visit_kinds": visit_kinds()})


def pws_targets() -> dict:
    """The PWS targets of this deployment: config PWS_TARGETS_FILE, else the shipped file."""
    return pws.targets(current_app.config.get("PWS_TARGETS_FILE"))


def _pws_dashboard(unit, month):
    return pws.dashboard(unit, month, pws_targets())


def _late_report(unit, month):
    return {"month": month, "unit": unit, "rows": pws.late_uploads(unit, month)}


def _pws_context(board) -> dict:
    """The four trend charts: one line per desa (or per posyandu when the unit is one desa) and the target."""
    labels = [f"{translate(f'reports.month_short.{m.month}')} {m.year % 100:02d}" for m in board["months"]]
    if len(board["desa"]) > 1:
        level, lines = "desa", [(desa["facility"].name, desa) for desa in board["desa"]]
    else:
        level = "posyandu"
        lines = [(row["facility"].name, row) for desa in board["desa"] for row in desa["posyandu"]]
    if len(lines) > len(PALETTE):  # too many lines to read: the unit's own line instead
        level, lines = "unit", [(board["unit"].name, board["overall"])]
    charts = []
    for indicator in pws.INDICATORS:
        series = [{"name": name, "values": block["series"][indicator], "color": PALETTE[i]}
                  for i, (name, block) in enumerate(lines)]
        target = board["targets"][indicator]["good"]
        svg = line_chart(labels, series, translate(f"reports.pws.{indicator}"), target=target,
                         target_label=translate("reports.target"), decimal="," if get_language() == "id" else ".")
        charts.append({"indicator": indicator, "svg": svg, "legend": series})
    ttd = youth.TTD
    return {"charts": charts, "chart_level": level, "sparkline": sparkline, "indicators": pws.INDICATORS,
            "month_labels": labels, "youth_ages": {"from": ttd["age_min_years"], "to": ttd["age_max_years"]}}


def _late_sheets(report, t, lang):
    return sheets.late_sheets(report["rows"], report, t, lang)


EXPORTS = {
    "monthly": (skdn.monthly_report, sheets.skdn_sheets),
    "pregnancy": (pregnancy.monthly_report, sheets.pregnancy_sheets),
    "screening": (screening.monthly_report, sheets.screening_sheets),
    "immunization": (immunization.monthly_report, sheets.immunization_sheets),
    "births": (births.monthly_report, sheets.births_sheets),
    "home_visits": (home_visits.monthly_report, sheets.home_visit_sheets),
    "pws": (_pws_dashboard, sheets.pws_sheets),
    "late": (_late_report, _late_sheets),
}


@bp.route("/reports/<name>.<kind>")
@roles_required(*REPORT_ROLES)
def report_export(name: str, kind: str):
    if name not in EXPORTS or kind not in EXPORT_TYPES:
        abort(404)
    filters = _filters()
    if filters.errors:
        abort(400)
    unit = _unit(filters.unit_param)
    build, to_sheets = EXPORTS[name]
    mimetype, render = EXPORT_TYPES[kind]
    body = render(to_sheets(replica.read(build, unit, filters.month), translate, get_language()))
    code = re.sub(r"[^A-Za-z0-9_-]", "_", unit.facility.code) if unit.facility else "all"
    filename = f"{name}_{code}_{filters.month.key}.{kind}"
    return body, 200, {"Content-Type": mimetype, "Content-Disposition": f'attachment; filename="{filename}"',
                       "Cache-Control": "private, no-store"}
