from django.conf import settings


def site(request):
    return {
        "SITE_NAME": "Sociaal domein Doetinchem",
        "MFA_OFF_BANNER": not settings.MFA_REQUIRED,
        "NLDS_AVAILABLE": settings.NLDS_AVAILABLE,
        # Set by accounts.middleware.LoginStepsMiddleware: both factors and acknowledgement.
        "LOGIN_COMPLETE": getattr(request, "login_complete", False),
    }
