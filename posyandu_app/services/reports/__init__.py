"""Monthly reports and PWS dashboards: SQL aggregates over the stored, current visits (see docs/REPORTS.md)."""
