"""Server-rendered pages: login, home, and (in sibling modules) review, reports and admin."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from . import auth, home  # noqa: E402,F401
from . import pwa  # noqa: E402,F401
from . import high_risk, people, review  # noqa: E402,F401
from . import reports  # noqa: E402,F401
from . import admin_facilities  # noqa: E402,F401
from . import admin_users  # noqa: E402,F401
from . import admin_audit  # noqa: E402,F401
from . import admin_roster  # noqa: E402,F401
from . import admin_fhir  # noqa: E402,F401
