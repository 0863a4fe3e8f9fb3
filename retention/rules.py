"""Pure retention decisions: (facts, today) -> answer. No database, no writes (P-2.2.4, L-17).

When the term starts (docs/decisions/0008-retention.md): the brondatum is the day the dossier
was closed, in Europe/Amsterdam. The term is added in calendar units (a year from 29 February
ends on 28 February). The archiefactiedatum is brondatum + term: the last day the dossier must
still be kept. Destruction is due from the day after. Counting from closure is never shorter
than Wmo art. 5.3.4 (per item from receipt) or Jeugdwet art. 7.3.8 (from the last change),
because nothing in a closed dossier changes after it closed (DOMAIN_RULES R1.2).
"""

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

LIST_VERSION = "2020"
LIST_VALID_FROM = dt.date(2020, 1, 1)

# Dossier results (cases.models.CaseResult values) per statute -> Selectielijst 2020 result.
# 8.1.x Verstrekt, 8.2 Geweigerd, 8.4.1 Afgebroken (procestype 8 "Voorzieningen verstrekken").
_GRANTED = {"wmo": "8.1.1", "jeugdwet": "8.1.2", "participatiewet": "8.1", "wgs": "8.1.9"}
RESULT_MAP = {
    (statute, result): code
    for statute, granted in _GRANTED.items()
    for result, code in (("granted", granted), ("partly_granted", granted), ("refused", "8.2"),
                         ("not_processed", "8.4.1"), ("withdrawn", "8.4.1"))
}

# P-2.2.4 / Wmo 2015 art. 5.3.4: every Wmo request is kept 15 years, also when the list gives
# less (refused 5 years, aborted 42 days). The longer term wins; the reason is stored.
MINIMUM_TERMS = {
    "wmo": ("P15Y", "Wmo 2015 art. 5.3.4 en beleid P-2.2.4: elke Wmo-aanvraag 15 jaar bewaren"),
}

_DURATION = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?$")


@dataclass(frozen=True)
class Term:
    list_result: str
    list_term: str
    term: str
    longer_because: str = ""


def parse_duration(value: str) -> relativedelta:
    """An ISO 8601 date duration (P15Y, P42D, P1Y6M) as calendar units."""
    match = _DURATION.match(value or "")
    if not match or value == "P":
        raise ValueError("Geen geldige bewaartermijn.")
    return relativedelta(**{k: int(v) for k, v in match.groupdict().items() if v})


def _longest(a: str, b: str) -> str:
    start = dt.date(2000, 1, 1)  # any fixed day: compares calendar durations
    return a if start + parse_duration(a) >= start + parse_duration(b) else b


def term_for(statute: str, result: str, *, list_terms: dict[str, str]) -> Term:
    """The term that applies to a dossier of `statute` closed with `result`.

    `list_terms` maps Selectielijst result codes ("8.1.1") to their bewaartermijn.
    Raises KeyError for a combination without a rule: never guess a term.
    """
    code = RESULT_MAP[(statute, result)]
    list_term = list_terms[code]
    minimum, why = MINIMUM_TERMS.get(statute, (list_term, ""))
    term = _longest(list_term, minimum)
    return Term(code, list_term, term, why if term != list_term else "")


def start_of_term(closed_at: dt.datetime) -> dt.date:
    """The brondatum: the calendar day (Europe/Amsterdam) the dossier was closed."""
    from django.utils import timezone

    return timezone.localtime(closed_at).date()


def archive_action_date(closed_on: dt.date, term: str) -> dt.date:
    """The last day the dossier must still be kept (archiefactiedatum)."""
    return closed_on + parse_duration(term)


def destruction_due_on(closed_on: dt.date, term: str) -> dt.date:
    """The first day the dossier may be destroyed: the day after the archiefactiedatum."""
    return archive_action_date(closed_on, term) + dt.timedelta(days=1)


def is_due(closed_on: dt.date, term: str, today: dt.date) -> bool:
    return today >= destruction_due_on(closed_on, term)


def cleanup_reminder_levels(closed_on: dt.date, today: dt.date) -> tuple[str, ...]:
    """Who is reminded of a closed dossier not yet cleaned: the caseworker from day 14, and
    from day 42 (a further four weeks) the team lead as well."""
    waited = (today - closed_on).days
    return tuple(level for level, days in (("caseworker", 14), ("team_lead", 42)) if waited >= days)


def erasure_refusal(due_dates: list[dt.date], today: dt.date) -> str:
    """L-17, AVG art. 17(3)(b): erasure is refused while any dossier is still within its term."""
    pending = [d for d in due_dates if today < d]
    if not pending:
        return ""
    return ("Een wettelijke bewaarplicht is van toepassing (Archiefwet, Selectielijst 2020): "
            f"{len(pending)} dossier(s) moeten nog bewaard worden, het laatste tot en met "
            f"{max(pending) - dt.timedelta(days=1):%d-%m-%Y}.")


def answer_due_on(received_on: dt.date) -> dt.date:
    """AVG art. 12(3): answer within one month."""
    return received_on + relativedelta(months=1)
