import os

from django.core.wsgi import get_wsgi_application

from core.runtime import tune_for_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doetinchem_privacy.settings")
application = get_wsgi_application()
tune_for_requests()  # after start-up: what exists now stays out of the garbage collector's walks
