"""FHIR R4 mapping of our records (SATUSEHAT-shaped): pure builders of plain dicts, no Flask, no database."""
