"""Statutory terms at their boundaries, consents for minors, and the P-2.4 block (pure rules)."""

import datetime as dt

import pytest

from cases.rules import representation_on
from plans import rules

D = dt.date(2026, 3, 2)  # a Monday


@pytest.mark.policy("P-2.2.2")
def test_wmo_investigation_is_due_six_weeks_after_the_notification():
    due = rules.wmo_investigation_due(D)
    assert due == dt.date(2026, 4, 13)
    assert not rules.is_overdue(due, due - dt.timedelta(days=1))  # the day before
    assert not rules.is_overdue(due, due)  # the day itself is still on time
    assert rules.is_overdue(due, due + dt.timedelta(days=1))  # the day after is late


@pytest.mark.policy("P-2.2.2")
def test_wmo_decision_is_due_two_weeks_after_the_application():
    due = rules.wmo_decision_due(D)
    assert due == dt.date(2026, 3, 16)
    assert [rules.is_overdue(due, due + dt.timedelta(days=d)) for d in (-1, 0, 1)] == [False, False, True]


@pytest.mark.policy("P-2.2.2")
def test_jeugdwet_decision_is_due_eight_weeks_after_the_application():
    due = rules.jeugdwet_decision_due(D)
    assert due == dt.date(2026, 4, 28)  # eight weeks end on Koningsdag (Algemene termijnenwet)
    assert [rules.is_overdue(due, due + dt.timedelta(days=d)) for d in (-1, 0, 1)] == [False, False, True]


@pytest.mark.policy("P-2.2.2")
def test_term_across_a_leap_day():
    assert rules.wmo_decision_due(dt.date(2028, 2, 21)) == dt.date(2028, 3, 6)
    assert rules.jeugdwet_decision_due(dt.date(2028, 1, 10)) == dt.date(2028, 3, 6)


@pytest.mark.policy("P-2.2.2")
def test_a_term_ending_on_a_weekend_or_holiday_runs_to_the_next_working_day():
    """Algemene termijnenwet art. 1 and 3: Saturday, Sunday and the recognised holidays."""
    assert rules.wmo_decision_due(dt.date(2028, 2, 20)) == dt.date(2028, 3, 6)  # Sunday -> Monday
    assert rules.wmo_decision_due(dt.date(2026, 3, 21)) == dt.date(2026, 4, 7)  # Easter Sat, Sun, Mon
    assert rules.wmo_decision_due(dt.date(2026, 4, 30)) == dt.date(2026, 5, 15)  # Ascension Thu 14 May
    assert rules.wmo_decision_due(dt.date(2026, 4, 30)) != dt.date(2026, 5, 14)
    assert rules.wmo_decision_due(dt.date(2026, 4, 21)) == dt.date(2026, 5, 6)  # 5 May (Tue) -> Wed
    assert rules.jeugdwet_decision_due(dt.date(2026, 10, 30)) == dt.date(2026, 12, 28)  # Christmas Fri-Sat-Sun
    assert rules.wmo_investigation_due(dt.date(2026, 11, 20)) == dt.date(2027, 1, 4)  # Fri 1 Jan, weekend
    assert rules.wmo_decision_due(dt.date(2026, 3, 2)) == dt.date(2026, 3, 16)  # a working day stays


def test_recognised_holidays_of_the_termijnenwet(settings):
    from core.dates import atw_holidays, easter_sunday, kings_day

    assert [easter_sunday(y) for y in (2024, 2025, 2026, 2027, 2038)] == [
        dt.date(2024, 3, 31), dt.date(2025, 4, 20), dt.date(2026, 4, 5), dt.date(2027, 3, 28), dt.date(2038, 4, 25)]
    assert kings_day(2025) == dt.date(2025, 4, 26)  # the 27th was a Sunday
    assert kings_day(2026) == dt.date(2026, 4, 27)
    assert sorted(atw_holidays(2026)) == [
        dt.date(2026, 1, 1), dt.date(2026, 4, 6), dt.date(2026, 4, 27), dt.date(2026, 5, 5), dt.date(2026, 5, 14),
        dt.date(2026, 5, 25), dt.date(2026, 12, 25), dt.date(2026, 12, 26)]
    settings.ATW_EQUATED_DAYS = (dt.date(2026, 5, 15),)  # a day equated by decree
    assert rules.wmo_decision_due(dt.date(2026, 4, 30)) == dt.date(2026, 5, 18)


def test_a_term_holds_at_least_two_working_days():
    """Atw art. 2: a term of three days or more is extended until it holds two working days."""
    from core.dates import atw_term_end

    # Thursday 24 December + 3 days ends on Sunday 27; 25, 26 (holidays) and 27 (Sunday) hold no
    # working day, so the term runs to Tuesday 29 December (two working days: 28 and 29).
    assert atw_term_end(dt.date(2026, 12, 24), dt.date(2026, 12, 27)) == dt.date(2026, 12, 29)
    assert atw_term_end(dt.date(2026, 3, 2), dt.date(2026, 3, 5)) == dt.date(2026, 3, 5)


@pytest.mark.policy("P-2.2.2")
def test_the_queue_deadline_is_the_decision_term_once_there_is_an_application():
    assert rules.statutory_deadline("wmo", notified_on=D, applied_on=None) == dt.date(2026, 4, 13)
    assert rules.statutory_deadline("wmo", notified_on=D, applied_on=D + dt.timedelta(days=20)) == \
        dt.date(2026, 4, 7)  # Easter Sunday and Monday
    assert rules.statutory_deadline("jeugdwet", notified_on=None, applied_on=D) == dt.date(2026, 4, 28)
    with pytest.raises(ValueError):
        rules.statutory_deadline("jeugdwet", notified_on=D, applied_on=None)


def test_dates_that_cannot_be_right_get_a_dutch_message():
    assert rules.term_errors("wmo", notified_on=None, applied_on=None, on=D) == {
        "notified_on": "Vul de datum van de melding in."}
    assert "applied_on" in rules.term_errors("jeugdwet", notified_on=None, applied_on=None, on=D)
    assert "applied_on" in rules.term_errors("wmo", notified_on=D, applied_on=D - dt.timedelta(days=1), on=D)
    assert "notified_on" in rules.term_errors("wmo", notified_on=D + dt.timedelta(days=1), applied_on=None, on=D)
    assert rules.term_errors("wmo", notified_on=D, applied_on=D, on=D) == {}


def _missing(birth, on, *, verified=frozenset(), agreed=frozenset(), resident=False, disagree=False):
    outcome = representation_on(birth, on, custodial_parents_disagree=disagree)
    return rules.missing_consents(outcome, verified_representatives=set(verified),
                                  representatives_agreed=set(agreed), resident_agreed=resident)


BIRTH = dt.date(2014, 6, 15)  # 12 on 15 June 2026, 16 on 15 June 2030


@pytest.mark.policy("P-2.1.6")
def test_under_12_a_parent_with_custody_agrees_and_the_child_is_not_asked():
    day_before_12 = dt.date(2026, 6, 14)
    assert _missing(BIRTH, day_before_12, verified={1}, agreed={1}) == []
    assert _missing(BIRTH, day_before_12, verified={1}) != []
    assert _missing(BIRTH, day_before_12) == ["Leg eerst de vertegenwoordiger vast en controleer het gezag."]


@pytest.mark.policy("P-2.1.6")
def test_from_the_12th_birthday_the_child_and_a_parent_agree():
    birthday = dt.date(2026, 6, 15)
    assert _missing(BIRTH, birthday, verified={1}, agreed={1}) != []  # the child is missing now
    assert _missing(BIRTH, birthday, verified={1}, resident=True) != []  # and so is the parent
    assert _missing(BIRTH, birthday, verified={1}, agreed={1}, resident=True) == []
    assert _missing(BIRTH, birthday + dt.timedelta(days=1), verified={1}, agreed={1}, resident=True) == []


@pytest.mark.policy("P-2.1.6")
def test_from_16_the_child_alone_agrees():
    day_before_16, birthday_16 = dt.date(2030, 6, 14), dt.date(2030, 6, 15)
    assert _missing(BIRTH, day_before_16, resident=True) != []  # 15: the parent is still needed
    assert _missing(BIRTH, birthday_16, resident=True) == []
    assert _missing(BIRTH, birthday_16) == ["Leg vast dat de inwoner instemt met het verzoek."]


@pytest.mark.policy("P-2.1.6")
def test_custodial_parents_who_disagree_both_agree():
    on = dt.date(2026, 1, 1)
    assert _missing(BIRTH, on, verified={1, 2}, agreed={1}, disagree=True) != []
    assert _missing(BIRTH, on, verified={1}, agreed={1}, disagree=True) != []  # the second parent is not recorded
    assert _missing(BIRTH, on, verified={1, 2}, agreed={1, 2}, disagree=True) == []


@pytest.mark.policy("P-2.1.6")
def test_an_unverified_representative_does_not_count():
    assert _missing(BIRTH, dt.date(2026, 1, 1), verified=set(), agreed={7}) != []


@pytest.mark.policy("P-2.4")
def test_no_grant_while_essential_information_is_missing():
    assert rules.reasons_not_to_grant(open_missing_information=1)
    assert rules.reasons_not_to_grant(open_missing_information=0) == []
