"""WSGI entry point: `gunicorn --no-control-socket -w 2 --threads 4 -b 127.0.0.1:8000 wsgi:app`."""
from posyandu_app import create_app

app = create_app()
