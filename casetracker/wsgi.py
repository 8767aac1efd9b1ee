"""WSGI entry point, served in production by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

application = get_wsgi_application()
