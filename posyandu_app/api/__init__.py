"""JSON API for the field app, under /api/v1."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import auth, fhir, openapi, sync  # noqa: E402,F401
