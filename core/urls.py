from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("openbaar/privacy/", views.leaflet, name="leaflet"),
    path("openbaar/toegankelijkheid/", views.accessibility, name="accessibility"),
    path("openbaar/werkinstructie/", views.work_instruction, name="work_instruction"),
    path("openbaar/model-verwerkersovereenkomst/", views.processor_agreement_model,
         name="processor_agreement_model"),
]
