from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/tweede-stap/", views.verify_view, name="verify"),
    path("inloggen/app-koppelen/", views.setup_view, name="setup"),
    path("inloggen/geheimhouding/", views.acknowledge_view, name="acknowledge"),
    path("uitloggen/", views.logout_view, name="logout"),
]
