"""WSGI entry point (gunicorn ess_coop.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ess_coop.settings.production")

application = get_wsgi_application()
