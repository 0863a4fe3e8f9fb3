"""The one place that says what "today" is (Europe/Amsterdam), and deadline wording."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import ngettext


def today() -> dt.date:
    return timezone.localdate()


def days_left_text(deadline: dt.date, *, on: dt.date | None = None) -> str:
    """'Vandaag', 'Morgen', 'nog 4 dagen', '3 dagen te laat' (UX.md 3.7)."""
    on = on or today()
    delta = (deadline - on).days
    if delta == 0:
        return "Vandaag"
    if delta == 1:
        return "Morgen"
    if delta > 1:
        return ngettext("nog %(n)d dag", "nog %(n)d dagen", delta) % {"n": delta}
    late = -delta
    return ngettext("%(n)d dag te laat", "%(n)d dagen te laat", late) % {"n": late}


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Whole years of age on a day; a child born on 29 February turns a year older on 1 March."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
