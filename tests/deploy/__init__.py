"""Deployment tests: the shipped nginx config in front of gunicorn, both started on loopback."""
