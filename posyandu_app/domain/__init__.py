"""Pure clinical rules (no Flask, no SQLAlchemy): one module per concern, data read from static/data."""
