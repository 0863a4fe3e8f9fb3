from django.urls import path

from . import views

app_name = "meldcode"
urlpatterns = [
    path("dossiers/<int:pk>/meldcode/", views.track_page, name="track"),
    path("dossiers/<int:pk>/meldcode/stap/<int:number>/", views.step_page, name="step"),
]
