from django.urls import path

from . import views

app_name = "disclosures"
urlpatterns = [
    path("dossiers/<int:pk>/verstrekkingen/", views.disclosure_list, name="list"),
    path("dossiers/<int:pk>/verstrekkingen/vastleggen/", views.disclosure_new, name="new"),
    path("dossiers/<int:pk>/verzoeken/registreren/", views.request_new, name="request_new"),
    path("dossiers/<int:pk>/verzoeken/<int:request_pk>/", views.request_answer, name="request_answer"),
    path("dossiers/<int:pk>/verzoeken/<int:request_pk>/memo.pdf", views.memo_download, name="memo"),
    path("dossiers/<int:pk>/consultatie-vragen/", views.consultation_request, name="consultation_request"),
    path("dossiers/<int:pk>/bezwaren/", views.objection_list, name="objections"),
    path("dossiers/<int:pk>/bezwaren/<int:objection_pk>/besluiten/", views.objection_decide,
         name="objection_decide"),
    path("fg/verstrekkingen/", views.flagged_register, name="flagged"),
    path("fg/verstrekkingen/<int:pk>/", views.flagged_register, name="flagged_item"),
    path("consultaties/", views.consultation_inbox, name="consultations"),
    path("consultaties/<int:pk>/", views.consultation_answer, name="consultation_answer"),
]
