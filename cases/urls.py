from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("dossiers/", views.case_list, name="list"),
    path("zoeken/", views.search, name="search"),
    path("dossiers/<int:pk>/", views.case_detail, name="detail"),
    path("dossiers/<int:pk>/inzage/", views.case_access_log, name="access_log"),
    path("dossiers/<int:pk>/toegang-vragen/", views.emergency_access, name="emergency"),
    path("fg/buiten-toewijzing/", views.emergency_review, name="emergency_review"),
    path("fg/buiten-toewijzing/<int:pk>/", views.emergency_review, name="emergency_review_item"),
]
