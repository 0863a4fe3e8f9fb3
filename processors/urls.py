from django.urls import path

from . import views

app_name = "processors"
urlpatterns = [
    path("verwerkersovereenkomsten/", views.agreement_list, name="list"),
]
