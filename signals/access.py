"""The gate for signals: only the intake team sees them, and every look is logged (L-LOG).

Quarantine (P-2.2.3): a signal is visible to intake users only, on every page and in every
list; everyone else gets the same 404 as for a signal that does not exist. Log entries carry
the signal number and, once linked, the resident; never content.
"""

from django.conf import settings
from django.http import Http404

from accounts import roles
from accounts.rules import has_acknowledged_current_text, mfa_satisfied
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access

from .models import CaseMeeting, Signal


def is_intake(user) -> bool:
    """Logged in with both factors, confidentiality acknowledged, intake role, and staff of
    the municipality itself (P-2.1.2)."""
    return bool(
        user.is_authenticated and user.is_active
        and mfa_satisfied(user, mfa_required=settings.MFA_REQUIRED)
        and has_acknowledged_current_text(user)
        and user.has_role(roles.INTAKE)
        and not user.is_external
    )


def access_signal(user, pk, *, purpose: str = "signaal_beoordelen") -> Signal:
    if not is_intake(user):
        _log(user, None, pk, purpose, AccessLogEntry.Result.REFUSED, "geen_intake")
        raise Http404
    signal = Signal.objects.select_related("partner", "feed", "resident", "case").filter(pk=pk).first()
    if signal is None:
        _log(user, None, pk, purpose, AccessLogEntry.Result.REFUSED, "bestaat_niet")
        raise Http404
    _log(user, signal, pk, purpose, AccessLogEntry.Result.ALLOWED, "")
    return signal


def access_meeting(user, pk, *, purpose: str = "casusoverleg") -> CaseMeeting:
    if not is_intake(user):
        _log(user, None, None, purpose, AccessLogEntry.Result.REFUSED, "geen_intake")
        raise Http404
    meeting = CaseMeeting.objects.select_related("signal").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    _log(user, meeting.signal, meeting.signal_id, purpose, AccessLogEntry.Result.ALLOWED, f"overleg:{meeting.pk}")
    return meeting


def require_intake(user, *, purpose: str) -> None:
    """For pages without one signal (queue, intake form, feeds): 404 for everyone else."""
    if not is_intake(user):
        _log(user, None, None, purpose, AccessLogEntry.Result.REFUSED, "geen_intake")
        raise Http404


def log_list(user, signals, *, purpose: str = "signalen_wachtrij") -> None:
    """One entry per signal shown, with the resident once linked (L-LOG)."""
    events = [AccessEvent(action=AccessLogEntry.Action.LIST, resident_id=s.resident_id, case_id=s.case_id,
                          purpose=purpose, detail=f"signaal:{s.pk}") for s in signals]
    if events:
        log_access(actor=user, events=events)


def _log(user, signal, pk, purpose, result, detail):
    ref = f"signaal:{_int_or_none(pk)}" if pk is not None else ""
    event = AccessEvent(
        action=AccessLogEntry.Action.READ, result=result, purpose=purpose,
        resident_id=signal.resident_id if signal else None, case_id=signal.case_id if signal else None,
        detail=" ".join(part for part in (detail, ref) if part)[:60],
    )
    log_access(actor=user if getattr(user, "is_authenticated", False) else None, events=[event])


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
