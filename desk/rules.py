"""Pure rules for the privacy officer's desk (L-33, P-1.2). No database, no clock of their own."""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from core.harm import HarmLevel

REPORT_WITHIN = dt.timedelta(hours=72)  # GDPR art. 33(1)


def must_report_to_authority(harm_level: str, no_risk_reason: str = "") -> bool:
    """A breach is reported to the Autoriteit Persoonsgegevens unless it is "unlikely to result
    in a risk": only a low harm level with a recorded reason lifts the duty."""
    return not (harm_level == HarmLevel.LOW and no_risk_reason.strip())


def must_inform_residents(harm_level: str) -> bool:
    """GDPR art. 34: residents are told when the harm is high."""
    return harm_level == HarmLevel.HIGH


def report_deadline(discovered_at: dt.datetime) -> dt.datetime:
    """72 real hours, also across a change to or from summer time (arithmetic in UTC)."""
    return discovered_at.astimezone(dt.UTC) + REPORT_WITHIN


def is_overdue(deadline: dt.datetime, *, now: dt.datetime) -> bool:
    """Reporting exactly at the deadline is on time; one minute later is late."""
    return now > deadline


def hours_left(deadline: dt.datetime, *, now: dt.datetime) -> int:
    """Whole hours left, rounded down; negative hours once overdue (rounded towards late)."""
    seconds = (deadline - now).total_seconds()
    return int(seconds // 3600)


def deadline_text(deadline: dt.datetime, *, now: dt.datetime) -> str:
    """'Melden vóór 16 mei 2025 om 14.05 uur (nog 21 uur)' (UX 3.7, to the hour)."""
    local = timezone.localtime(deadline)
    when = f"{date_format(local, 'j F Y')} om {local:%H.%M} uur"
    left = hours_left(deadline, now=now)
    if is_overdue(deadline, now=now):
        late = int((now - deadline).total_seconds() // 3600) or 1
        rest = ngettext("%(n)d uur te laat", "%(n)d uur te laat", late) % {"n": late}
    elif left < 1:
        rest = "minder dan een uur"
    else:
        rest = ngettext("nog %(n)d uur", "nog %(n)d uur", left) % {"n": left}
    return f"Melden vóór {when} ({rest})"


EXTENSION_MONTHS = 2  # AVG art. 12(3): "with two further months where necessary"


def answer_due_on(received_on: dt.date, *, extended: bool = False) -> dt.date:
    """L-15, L-16 (AVG art. 12(3)): one calendar month; 31 January gives the last day of
    February, 30 April gives 30 May. An extension adds two months to that first deadline
    (counted from the first deadline, so 31 January gives 28 April, never later)."""
    from dateutil.relativedelta import relativedelta

    due = received_on + relativedelta(months=1)
    return due + relativedelta(months=EXTENSION_MONTHS) if extended else due


def bursts(entries, *, threshold: int, window: dt.timedelta = dt.timedelta(minutes=60)) -> list[dict]:
    """Users who opened `threshold` or more distinct residents within any `window`.

    `entries`: (user_id, at, resident_id) sorted by user, then time. One result per user: the
    window with the most distinct residents, with its start and count.
    """
    found, by_user = [], {}
    for user_id, at, resident_id in entries:
        by_user.setdefault(user_id, []).append((at, resident_id))
    for user_id, rows in by_user.items():
        best, lo = None, 0
        for hi in range(len(rows)):
            while rows[hi][0] - rows[lo][0] > window:
                lo += 1
            distinct = len({r for _, r in rows[lo:hi + 1]})
            if distinct >= threshold and (best is None or distinct > best["residents"]):
                best = {"user_id": user_id, "start": rows[lo][0], "residents": distinct}
        if best:
            found.append(best)
    return sorted(found, key=lambda b: -b["residents"])


# Dutch surname particles (tussenvoegsels): "van der Berg" and "Berg" are the same family name.
_PARTICLES = frozenset({"van", "de", "der", "den", "het", "'t", "t", "ten", "ter", "te", "in", "op", "von",
                        "la", "le", "du", "d'", "di", "da", "del", "des", "vd", "v.d."})


def surname_cores(surname: str) -> frozenset[str]:
    """The parts of a surname that identify the family: lower case, particles dropped, a
    double name ("Jansen-de Vries") gives both parts. Empty for an empty name."""
    cores = set()
    for part in (surname or "").replace("–", "-").split("-"):
        words = [w for w in part.casefold().replace("’", "'").split() if w not in _PARTICLES]
        if words:
            cores.add(" ".join(words))
    return frozenset(cores)


def same_family_name(a: str, b: str) -> bool:
    """L-LOG report 'relative': the two surnames share a family-name part (see surname_cores)."""
    return bool(surname_cores(a) & surname_cores(b))
