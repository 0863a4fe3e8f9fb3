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


# --- Algemene termijnenwet (Atw) ------------------------------------------------------------
# Art. 1: a statutory term that ends on a Saturday, Sunday or generally recognised holiday runs
# on to the next day that is none of these. Art. 2: a term of at least three days that does not
# count backwards is extended, where needed, so that it holds at least two such working days.
# Art. 3(1): the holidays are New Year's Day, Easter Monday, Whit Monday, both Christmas days,
# Ascension Day, the day the King's birthday is celebrated and the fifth of May. Days equated
# to them by decree (art. 3(3)) are named in settings.ATW_EQUATED_DAYS; without them our
# deadline can only be earlier than the legal one, never later.

def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kings_day(year: int) -> dt.date:
    """Koningsdag: 27 April, or 26 April when the 27th is a Sunday (Koninginnedag before 2014:
    30 April, or 29 April when that is a Sunday)."""
    day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


def atw_holidays(year: int) -> frozenset[dt.date]:
    from django.conf import settings

    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1), easter + dt.timedelta(days=1), easter + dt.timedelta(days=39),
        easter + dt.timedelta(days=50), kings_day(year), dt.date(year, 5, 5),
        dt.date(year, 12, 25), dt.date(year, 12, 26),
    }
    days.update(d for d in getattr(settings, "ATW_EQUATED_DAYS", ()) if d.year == year)
    return frozenset(days)


def is_atw_rest_day(day: dt.date) -> bool:
    """Saturday, Sunday or a generally recognised holiday in the sense of the Atw."""
    return day.weekday() >= 5 or day in atw_holidays(day.year)


def atw_term_end(start: dt.date, end: dt.date) -> dt.date:
    """The last day of a statutory term that starts after `start` and would end on `end`,
    extended by Atw art. 1 and 2."""
    if (end - start).days >= 3:
        while sum(1 for n in range(1, (end - start).days + 1)
                  if not is_atw_rest_day(start + dt.timedelta(days=n))) < 2:
            end += dt.timedelta(days=1)
    while is_atw_rest_day(end):
        end += dt.timedelta(days=1)
    return end
