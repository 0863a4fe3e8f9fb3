"""Configuration only: feeds and their keys. Signals themselves never appear in the admin."""

from django.contrib import admin

from .models import PartnerToken, SignalFeed


@admin.register(SignalFeed)
class SignalFeedAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "category", "agreement_reference", "review_date", "active"]
    list_filter = ["active", "category"]


@admin.register(PartnerToken)
class PartnerTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "feed", "created_at", "revoked_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["feed", "prefix", "created_at", "revoked_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # keys are issued with `manage.py issue_partner_token`, shown once
