from django.urls import path

from . import views

app_name = "retention"
urlpatterns = [
    path("archief/vernietigingslijsten/", views.destruction_lists, name="lists"),
    path("archief/vernietigingslijsten/<int:pk>/", views.destruction_list, name="list"),
    path("archief/vernietigingslijsten/<int:pk>/dossiers/<int:item_pk>/uitzonderen/", views.exclude, name="exclude"),
    path("archief/vernietigingslijsten/<int:pk>/controleren/", views.approve, name="approve"),
    path("archief/vernietigingslijsten/<int:pk>/verklaring/", views.statement, name="statement"),
    path("archief/taken/", views.job_runs, name="job_runs"),
    path("dossiers/<int:pk>/opschonen/", views.clean, name="clean"),
    path("fg/wissing/", views.erasure_requests, name="erasure"),
]
