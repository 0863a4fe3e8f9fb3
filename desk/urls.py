from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("fg/", views.overview, name="overview"),
    path("fg/datalekken/", views.breaches, name="breaches"),
    path("fg/datalekken/nieuw/", views.breach_new, name="breach_new"),
    path("fg/datalekken/<int:pk>/", views.breach_detail, name="breach"),
    path("verwerkingsregister/", views.processing_register, name="register"),
    path("fg/toegangslogboek/", views.access_log, name="access_log"),
    path("fg/rechten/", views.rights_requests, name="rights"),
    path("fg/rapporten/", views.reports, name="reports"),
    path("fg/rechten/rectificatie/<int:pk>/", views.rectification, name="rectification"),
    path("fg/rechten/inzage/<int:pk>/overzicht/", views.access_request_export, name="access_export"),
    path("fg/rechten/inzage/<int:pk>/overzicht.pdf", views.access_request_export, {"fmt": "pdf"},
         name="access_export_pdf"),
]
