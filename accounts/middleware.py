import time

from django.conf import settings
from django.shortcuts import redirect

from .rules import has_acknowledged_current_text, mfa_satisfied, request_memo

# Pages reachable during the login steps, and public pages.
_OPEN_PREFIXES = ("/static/", "/inloggen/", "/uitloggen/", "/openbaar/", "/api/")


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
        with request_memo():
            return self._steps(request)

    def _steps(self, request):
        user = request.user
        request.login_complete = False
        if user.is_authenticated:
            mfa_done = mfa_satisfied(user, mfa_required=settings.MFA_REQUIRED)
            request.login_complete = mfa_done and has_acknowledged_current_text(user)
            if not request.login_complete and not request.path.startswith(_OPEN_PREFIXES):
                return redirect("accounts:acknowledge" if mfa_done else "accounts:verify")
        return self.get_response(request)


RENEWED_KEY = "_renewed_at"


class SessionRenewalMiddleware:
    """The idle timeout (BIO): a session ends SESSION_COOKIE_AGE after it was last renewed, and a
    request renews it when the last renewal is more than SESSION_RENEW_SECONDS old. Renewing
    marks the session modified, so SessionMiddleware saves it with a new expiry; other requests
    save nothing (Django's SESSION_SAVE_EVERY_REQUEST would write the session on every page).
    Only a logged-in user's session is renewed (after logout the session is gone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session, user = getattr(request, "session", None), getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if session.get(RENEWED_KEY, 0) <= now - settings.SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now
        return response
