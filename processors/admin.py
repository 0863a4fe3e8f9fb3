from django.contrib import admin

from .models import ProcessorAgreement


@admin.register(ProcessorAgreement)
class ProcessorAgreementAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "starts_on", "ends_on", "based_on_model"]
    list_filter = ["organisation", "based_on_model"]
