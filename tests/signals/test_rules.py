"""Deadlines and limits of signals at their boundaries (P-2.2.3)."""

import datetime as dt

import pytest

from signals import rules

pytestmark = pytest.mark.policy("P-2.2.3")

MONDAY = dt.date(2026, 3, 2)


def test_assessment_deadline_is_five_working_days_later():
    assert rules.assessment_deadline(MONDAY) == dt.date(2026, 3, 9)  # next Monday
    assert rules.assessment_deadline(dt.date(2026, 3, 4)) == dt.date(2026, 3, 11)  # Wed -> Wed


def test_assessment_deadline_skips_weekends_for_weekend_arrivals():
    assert rules.assessment_deadline(dt.date(2026, 3, 7)) == dt.date(2026, 3, 13)  # Saturday -> Friday
    assert rules.assessment_deadline(dt.date(2026, 3, 8)) == dt.date(2026, 3, 13)  # Sunday -> Friday


@pytest.mark.parametrize(("today", "overdue"), [
    (dt.date(2026, 3, 8), False),  # day before
    (dt.date(2026, 3, 9), False),  # the deadline itself
    (dt.date(2026, 3, 10), True),  # day after
])
def test_overdue_only_after_the_deadline_day(today, overdue):
    assert rules.is_overdue(rules.assessment_deadline(MONDAY), today=today) is overdue


@pytest.mark.parametrize(("retain_until", "ok"), [
    (None, False),
    (MONDAY - dt.timedelta(days=1), False),
    (MONDAY, False),  # today itself: not a decision to keep
    (MONDAY + dt.timedelta(days=1), True),
    (dt.date(2027, 3, 1), True),
    (dt.date(2027, 3, 2), True),  # exactly one year
    (dt.date(2027, 3, 3), False),  # one day more than a year
])
def test_retention_date_must_be_future_and_at_most_a_year(retain_until, ok):
    assert (rules.retention_problem(retain_until, today=MONDAY) == "") is ok


def test_retention_limit_on_leap_day():
    assert rules.retention_limit(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_retention_ends_the_day_after_the_retention_date():
    day = dt.date(2026, 6, 1)
    assert not rules.retention_ended(day, today=day)
    assert rules.retention_ended(day, today=day + dt.timedelta(days=1))


@pytest.mark.parametrize(("today", "due"), [
    (dt.date(2027, 6, 29), False), (dt.date(2027, 6, 30), False), (dt.date(2027, 7, 1), True)])
def test_feed_flagged_after_its_review_date(today, due):
    assert rules.feed_review_due(dt.date(2027, 6, 30), today=today) is due


def test_meeting_closure_needs_presence_or_reason_and_inform_date():
    today = dt.date(2026, 5, 1)
    assert rules.meeting_closure_problem(presence="present", absence_reason="", informed_on=None, today=today) == ""
    assert rules.meeting_closure_problem(presence="", absence_reason="", informed_on=None, today=today)
    assert rules.meeting_closure_problem(presence="absent", absence_reason="", informed_on=today, today=today)
    assert rules.meeting_closure_problem(presence="absent", absence_reason="safety", informed_on=None, today=today)
    assert rules.meeting_closure_problem(presence="absent", absence_reason="safety",
                                         informed_on=today + dt.timedelta(days=1), today=today)
    assert rules.meeting_closure_problem(presence="absent", absence_reason="safety", informed_on=today,
                                         today=today) == ""
