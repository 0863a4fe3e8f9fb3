from django.utils.functional import SimpleLazyObject


def _reminders(user):
    from .models import CleanupReminder

    if not getattr(user, "is_authenticated", False):
        return []
    return list(CleanupReminder.objects.filter(recipient=user).select_related("case").order_by("case__closed_at"))


def cleanup_reminders(request):
    """Reminders of closed dossiers still to clean (P-2.2.4) for the home page. Lazy: only a
    template that shows them queries them."""
    user = getattr(request, "user", None)
    return {"cleanup_reminders": SimpleLazyObject(lambda: _reminders(user))}
