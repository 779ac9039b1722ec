"""Navigation: the pages each role reaches from the top bar and the home tiles (one line per page)."""
from flask import current_app
from flask_login import current_user

# (endpoint, catalog key, roles). Entries whose endpoint is not registered are skipped.
NAV = [
    ("web.home", "nav.home", ("kader", "bidan", "supervisor", "admin")),
    ("web.field_app", "nav.field_app", ("kader", "admin")),
    ("web.review_queue", "nav.review", ("bidan", "supervisor", "admin")),
    ("web.high_risk_list", "nav.high_risk", ("bidan", "supervisor", "admin")),
    ("web.people_list", "nav.people", ("bidan", "supervisor", "admin")),
    ("web.people_duplicates", "nav.duplicates", ("bidan", "supervisor", "admin")),
    ("web.reports_index", "nav.reports", ("bidan", "supervisor", "admin")),
    ("web.report_pws", "nav.pws", ("bidan", "supervisor", "admin")),
    ("web.admin_facilities", "nav.facilities", ("supervisor", "admin")),
    ("web.admin_users", "nav.accounts", ("supervisor", "admin")),
    ("web.admin_roster", "nav.roster", ("supervisor", "admin")),
    ("web.admin_audit", "nav.audit", ("supervisor", "admin")),
    ("web.admin_fhir", "nav.fhir", ("supervisor", "admin")),
]


def links_for_current_user() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    role = current_user.role.value
    views = current_app.view_functions
    return [(endpoint, key) for endpoint, key, roles in NAV if role in roles and endpoint in views]


def init_app(app) -> None:
    app.context_processor(lambda: {"nav_links": links_for_current_user})
