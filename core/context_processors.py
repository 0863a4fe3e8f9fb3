from django.conf import settings

DOSSIER_ROLES = {"consulent", "teamleider", "buurtcoach"}
CONSULTATION_ROLES = {"consulent", "teamleider", "aandachtsfunctionaris"}


def _menu(request) -> dict:
    """Show only the menu items the user's roles have work behind (need to know, also in the UI)."""
    user = getattr(request, "user", None)
    if not getattr(request, "login_complete", False) or user is None:
        return {"MENU_DOSSIERS": False, "MENU_CONSULTATIONS": False, "MENU_DESK": False}
    names = set(user.role_names)
    return {"MENU_DOSSIERS": bool(names & DOSSIER_ROLES), "MENU_CONSULTATIONS": bool(names & CONSULTATION_ROLES),
            "MENU_DESK": "fg" in names}


def site(request):
    return {
        **_menu(request),
        "SITE_NAME": "Sociaal domein Doetinchem",
        "MFA_OFF_BANNER": not settings.MFA_REQUIRED,
        "NLDS_AVAILABLE": settings.NLDS_AVAILABLE,
        # Set by accounts.middleware.LoginStepsMiddleware: both factors and acknowledgement.
        "LOGIN_COMPLETE": getattr(request, "login_complete", False),
    }
