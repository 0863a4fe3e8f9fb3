from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ConfidentialityAcknowledgement, ConfidentialityText, Organisation, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Organisatie", {"fields": ("organisation",)}))
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]


@admin.register(ConfidentialityText)
class ConfidentialityTextAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at"]


@admin.register(ConfidentialityAcknowledgement)
class ConfidentialityAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["user", "text", "acknowledged_at"]

    def has_change_permission(self, request, obj=None):
        return False
