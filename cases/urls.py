from django.urls import path

from . import views
from .views import dossier

app_name = "cases"
urlpatterns = [
    path("dossiers/", views.case_list, name="list"),
    path("dossiers/nieuw/", dossier.open_dossier, name="open"),
    path("zoeken/", views.search, name="search"),
    path("dossiers/<int:pk>/", dossier.overview, name="detail"),
    path("dossiers/<int:pk>/inzage/", views.case_access_log, name="access_log"),
    path("dossiers/<int:pk>/toegang-vragen/", views.emergency_access, name="emergency"),
    path("fg/buiten-toewijzing/", views.emergency_review, name="emergency_review"),
    path("fg/buiten-toewijzing/<int:pk>/", views.emergency_review, name="emergency_review_item"),
    path("dossiers/<int:pk>/tijdlijn/", dossier.history_page, name="history"),
    path("dossiers/<int:pk>/inwoner/", dossier.resident_page, name="resident"),
    path("dossiers/<int:pk>/inwoner/identiteit/", dossier.identity_check, name="identity"),
    path("dossiers/<int:pk>/huishouden/", dossier.household_page, name="household"),
    path("dossiers/<int:pk>/huishouden/lid-toevoegen/", dossier.add_household_member, name="add_household_member"),
    path("dossiers/<int:pk>/huishouden/leden/<int:member_pk>/verwijderen/", dossier.remove_household_member,
         name="remove_household_member"),
    path("dossiers/<int:pk>/huishouden/vertegenwoordiger/", dossier.add_representative, name="representative"),
    path("dossiers/<int:pk>/huishouden/beoordeling/", dossier.representation_facts, name="representation"),
    path("dossiers/<int:pk>/notities/", dossier.notes_page, name="notes"),
    path("dossiers/<int:pk>/notities/nieuw/", dossier.add_note, name="add_note"),
    path("dossiers/<int:pk>/documenten/", dossier.documents_page, name="documents"),
    path("dossiers/<int:pk>/documenten/nieuw/", dossier.add_document, name="add_document"),
    path("dossiers/<int:pk>/documenten/<int:document_pk>/downloaden/", dossier.download_document,
         name="download_document"),
    path("dossiers/<int:pk>/documenten/<int:document_pk>/reduceren/", dossier.reduce_document,
         name="reduce_document"),
    path("dossiers/<int:pk>/informeren/", dossier.transparency_page, name="transparency"),
    path("dossiers/<int:pk>/informeren/vastleggen/", dossier.record_transparency, name="record_transparency"),
    path("dossiers/<int:pk>/ontbrekend/", dossier.missing_page, name="missing"),
    path("dossiers/<int:pk>/ontbrekend/nieuw/", dossier.add_missing, name="add_missing"),
    path("dossiers/<int:pk>/ontbrekend/<int:item_pk>/brief/", dossier.missing_letter, name="missing_letter"),
    path("dossiers/<int:pk>/ontbrekend/<int:item_pk>/ontvangen/", dossier.resolve_missing, name="resolve_missing"),
    path("dossiers/<int:pk>/toewijzen/", dossier.assign, name="assign"),
    path("dossiers/<int:pk>/afsluiten/", dossier.close, name="close"),
]
