"""Services of the privacy officer's desk."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts import roles
from audit.models import AccessLogEntry
from core.errors import ApplicationError

from .models import Breach, RectificationRequest


def affected_residents(user, start: dt.datetime, end: dt.datetime) -> list[int]:
    """Residents whose data a (compromised) account looked at in [start, end] (L-33).

    From the access log: every entry of that user in the window that names a resident,
    refused looks excluded (nothing was shown). Returns distinct resident ids, sorted.
    """
    if end < start:
        raise ApplicationError("Het einde van het venster ligt vóór het begin.", field="window_end")
    ids = (AccessLogEntry.objects
           .filter(user=user, at__gte=start, at__lte=end, resident_id__isnull=False,
                   result=AccessLogEntry.Result.ALLOWED)
           .order_by().values_list("resident_id", flat=True).distinct())
    return sorted(ids)


def register_breach(*, actor, submission_key=None, **fields) -> tuple[Breach, bool]:
    """L-33: register a breach once. A resubmitted check page (same submission key) returns
    the breach already registered and False."""
    if submission_key:
        existing = Breach.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing, False
    return Breach.objects.create(registered_by=actor, submission_key=submission_key, **fields), True


# --- L-16 rectification ---------------------------------------------------------------------

def _require_privacy_officer(actor):
    if not actor.has_role(roles.PRIVACY_OFFICER):
        raise ApplicationError("Alleen de functionaris gegevensbescherming handelt dit verzoek af.")


@transaction.atomic
def extend_rectification(*, actor, item: RectificationRequest, reason: str,
                         on: dt.date | None = None) -> RectificationRequest:
    """AVG art. 12(3): extend the deadline once by two months, with the reason recorded.
    Only while the request is open and within the first month (the resident must be told
    within that month)."""
    _require_privacy_officer(actor)
    on = on or timezone.localdate()
    item = RectificationRequest.objects.select_for_update().get(pk=item.pk)
    if not item.is_open:
        raise ApplicationError("Dit verzoek is al afgehandeld; de termijn kan niet meer worden verlengd.")
    if item.extended_on:
        raise ApplicationError("De termijn is al verlengd. Verlengen kan maar één keer, met twee maanden.")
    if not (reason or "").strip():
        raise ApplicationError("Schrijf op waarom meer tijd nodig is. De inwoner krijgt deze reden te horen.",
                               field="reason")
    if on > item.answer_due_on:
        raise ApplicationError("De eerste termijn is al verstreken. Verlengen kan alleen binnen de eerste maand.")
    item.extended_on, item.extension_reason = on, reason.strip()
    item.save(update_fields=["extended_on", "extension_reason"])
    return item


_NEEDS_REASON = (RectificationRequest.Outcome.PARTLY, RectificationRequest.Outcome.REFUSED)


@transaction.atomic
def decide_rectification(*, actor, item: RectificationRequest, outcome: str, answered_on: dt.date | None,
                         note: str = "") -> RectificationRequest:
    """L-16: close a rectification request with its outcome, the date the resident was
    answered and, for a refusal or a partial correction, the reason. Decided once."""
    _require_privacy_officer(actor)
    item = RectificationRequest.objects.select_for_update().get(pk=item.pk)
    if not item.is_open:
        raise ApplicationError(f"Dit verzoek is al afgehandeld op {item.answered_on:%d-%m-%Y}.")
    if outcome not in RectificationRequest.Outcome.values or outcome == RectificationRequest.Outcome.OPEN:
        raise ApplicationError("Kies de uitkomst van het verzoek.", field="outcome")
    if outcome in _NEEDS_REASON and not (note or "").strip():
        raise ApplicationError("Schrijf de reden op waarom (een deel van) het verzoek is afgewezen. "
                               "De inwoner krijgt deze reden te horen.", field="note")
    if answered_on is None:
        raise ApplicationError("Vul in wanneer de inwoner antwoord kreeg.", field="answered_on")
    if answered_on > timezone.localdate():
        raise ApplicationError("De datum van het antwoord kan niet in de toekomst liggen.", field="answered_on")
    if answered_on < item.received_on:
        raise ApplicationError("De datum van het antwoord ligt vóór de ontvangst van het verzoek.",
                               field="answered_on")
    item.outcome, item.answered_on, item.decided_by = outcome, answered_on, actor
    item.outcome_note = (note or "").strip()
    item.save(update_fields=["outcome", "answered_on", "decided_by", "outcome_note"])
    return item
