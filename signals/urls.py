from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import api, views

app_name = "signals"
urlpatterns = [
    path("signalen/", views.queue, name="queue"),
    path("signalen/nieuw/", views.intake, name="intake"),
    path("signalen/bronnen/", views.feeds, name="feeds"),
    path("signalen/<int:pk>/", views.detail, name="detail"),
    path("signalen/<int:pk>/beoordelen/", views.assess, name="assess"),
    path("signalen/<int:pk>/vernietigen/", views.destroy, name="destroy"),
    path("signalen/<int:pk>/casusoverleg/", views.meeting, name="meeting_new"),
    path("signalen/<int:pk>/casusoverleg/<int:meeting_pk>/", views.meeting, name="meeting"),
    path("api/signalen/", api.SignalCreateView.as_view(), name="api_signal_create"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
