from django.conf import settings
from django.shortcuts import redirect

from .rules import has_acknowledged_current_text, mfa_satisfied

# Pages reachable during the login steps, and public pages.
_OPEN_PREFIXES = ("/static/", "/inloggen/", "/uitloggen/", "/openbaar/", "/api/")
_STEP_PATHS = {
    "verify": "/inloggen/tweede-stap/",
    "setup": "/inloggen/app-koppelen/",
    "ack": "/inloggen/geheimhouding/",
}


class LoginStepsMiddleware:
    """A logged-in session is only complete after the second factor and, for users who have
    not acknowledged the confidentiality statement in force, its acknowledgement (P-2.1.2).

    This guards every path, the admin included. The gates in */access.py check the
    acknowledgement again, so client data stays closed even where this middleware is
    bypassed (API, commands).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = request.path
        if user.is_authenticated and not path.startswith(_OPEN_PREFIXES):
            if not mfa_satisfied(user, mfa_required=settings.MFA_REQUIRED):
                return redirect("accounts:verify")
            if not has_acknowledged_current_text(user):
                return redirect("accounts:acknowledge")
        return self.get_response(request)
