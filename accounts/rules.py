"""Pure decisions about users (no writes)."""

from .models import ConfidentialityAcknowledgement, ConfidentialityText


def current_confidentiality_text() -> ConfidentialityText | None:
    return ConfidentialityText.objects.order_by("-version").first()


def has_acknowledged_current_text(user) -> bool:
    """P-2.1.2: client data only after acknowledging the statement now in force.

    When no statement has been published, nobody has acknowledged anything, so nobody
    reaches client data: the gate fails closed.
    """
    text = current_confidentiality_text()
    if text is None:
        return False
    return ConfidentialityAcknowledgement.objects.filter(user=user, text=text).exists()


def mfa_satisfied(user, *, mfa_required: bool) -> bool:
    return (not mfa_required) or bool(getattr(user, "is_verified", lambda: False)())
