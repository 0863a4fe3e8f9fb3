from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("dossiers/<int:pk>/gezinsplan/", views.plan_page, name="plan"),
    path("dossiers/<int:pk>/gezinsplan/leefgebied/", views.open_domain, name="open_domain"),
    path("dossiers/<int:pk>/gezinsplan/leefgebied/<int:section_pk>/", views.edit_section, name="edit_section"),
    path("dossiers/<int:pk>/maatwerkverzoek/", views.forward, name="forward"),
    path("dossiers/<int:pk>/maatwerkverzoek/<int:request_pk>/aanvullen/", views.resubmit, name="resubmit"),
    path("zorgplein/", views.queue, name="queue"),
    path("zorgplein/verzoeken/<int:pk>/", views.review, name="review"),
    path("zorgplein/verzoeken/<int:pk>/oppakken/", views.take_on, name="take_on"),
    path("zorgplein/verzoeken/<int:pk>/documenten/<int:document_pk>/", views.forwarded_document,
         name="forwarded_document"),
    path("zorgplein/besluiten/<int:pk>/", views.decision_page, name="decision"),
    path("zorgplein/besluiten/<int:pk>/corrigeren/", views.correct, name="correct"),
    path("zorgplein/besluiten/<int:pk>/brief/", views.decision_letter, name="decision_letter"),
]
