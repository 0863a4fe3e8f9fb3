from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("fg/beveiliging/", views.security_events, name="security_events"),
]
