"""Gunicorn settings for production; `gunicorn profrost.wsgi` reads this file from the repo root."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# XLSX exports of a whole region are built inside the request: more than the default 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
accesslog = "-"
errorlog = "-"
