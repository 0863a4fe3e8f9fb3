"""Pure decisions about signals: (facts, today) -> answer. No writes (P-2.2.3).

See docs/decisions/0005-signals.md for why these numbers.
"""

import datetime as dt

# An incoming signal is assessed within 5 working days (Monday to Friday) after it arrived.
ASSESSMENT_WORKING_DAYS = 5
# A signal kept without a dossier ("no action", or taken up without one) is kept at most one
# year after its assessment.
MAX_RETENTION_YEARS = 1
# A feed whose proportionality review is this close is shown as "binnenkort toetsen".
FEED_REVIEW_WARNING_DAYS = 60


def assessment_deadline(received_on: dt.date) -> dt.date:
    """P-2.2.3: the last day to assess a signal: received_on plus 5 working days.

    Weekend days do not count; public holidays are not modelled (they only make the
    deadline earlier than the law would allow, never later).
    """
    day, left = received_on, ASSESSMENT_WORKING_DAYS
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def is_overdue(deadline: dt.date, *, today: dt.date) -> bool:
    """The deadline day itself is still on time."""
    return today > deadline


def retention_limit(assessed_on: dt.date) -> dt.date:
    """The latest retention date for a "no action" signal: the same date one year later
    (29 February becomes 28 February)."""
    try:
        return assessed_on.replace(year=assessed_on.year + MAX_RETENTION_YEARS)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + MAX_RETENTION_YEARS, day=28)


def retention_problem(retain_until: dt.date | None, *, today: dt.date) -> str:
    """P-2.2.3: why this retention date is not acceptable, or "" when it is."""
    if retain_until is None:
        return "Vul in tot wanneer het signaal bewaard blijft."
    if retain_until <= today:
        return "De bewaardatum moet na vandaag liggen."
    if retain_until > retention_limit(today):
        return "Bewaar een signaal zonder dossier hooguit één jaar."
    return ""


def retention_ended(retain_until: dt.date | None, *, today: dt.date) -> bool:
    """A kept signal is destroyed on the day after its retention date."""
    return retain_until is not None and today > retain_until


def feed_review_due(review_date: dt.date, *, today: dt.date) -> bool:
    """P-2.2.3: a feed past its proportionality review date is flagged (the day itself is
    still in time)."""
    return today > review_date


def feed_review_soon(review_date: dt.date, *, today: dt.date) -> bool:
    return not feed_review_due(review_date, today=today) and (review_date - today).days <= FEED_REVIEW_WARNING_DAYS


def meeting_closure_problem(*, presence: str, absence_reason: str, informed_on: dt.date | None,
                            today: dt.date) -> str:
    """P-2.2.3 / R8.1: a case meeting closes only when the resident took part, or when the
    reason they did not and the date they were told are recorded."""
    if presence == "present":
        return ""
    if presence != "absent":
        return "Geef aan of de inwoner bij het overleg was."
    if not absence_reason:
        return "Kies waarom de inwoner niet bij het overleg was."
    if informed_on is None:
        return "Vul in wanneer de inwoner is verteld dat het overleg over hem of haar ging."
    if informed_on > today:
        return "De datum waarop de inwoner is geïnformeerd moet vandaag of eerder zijn."
    return ""
