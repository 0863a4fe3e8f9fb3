import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doetinchem_privacy.settings")

app = Celery("doetinchem_privacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
