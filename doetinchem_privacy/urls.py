from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from accounts.views import admin_login_redirect

# The admin is for configuration only and needs both login factors like every other page.
if settings.MFA_REQUIRED:
    admin.site.__class__ = OTPAdminSite
admin.site.login = admin_login_redirect
admin.site.site_header = "Beheer sociaal domein Doetinchem"

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("cases.urls")),
    path("", include("plans.urls")),
    path("", include("signals.urls")),
    path("", include("disclosures.urls")),
    path("", include("meldcode.urls")),
    path("", include("processors.urls")),
    path("", include("retention.urls")),
    path("", include("desk.urls")),
    path("", include("audit.urls")),
    path("beheer/", admin.site.urls),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
