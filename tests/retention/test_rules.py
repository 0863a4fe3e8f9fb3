"""When a dossier may be destroyed: the term per result, when it starts, and the boundary
(the day before, of and after the end of the term), with the clock moved (P-2.2.4)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case, CaseResult
from processors.models import Purpose
from retention import rules, schedule, selectors, services
from retention.models import DestructionListItem, RetentionRule

from ..factories import make_archived_case

AMS = ZoneInfo("Europe/Amsterdam")
LIST_TERMS = {code: r["term"] for code, r in schedule.list_results().items()}


def _closed(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


@pytest.mark.policy("P-2.2.4")
@pytest.mark.parametrize("statute, result, code, term, longer", [
    ("wmo", "granted", "8.1.1", "P15Y", False),
    ("wmo", "refused", "8.2", "P15Y", True),  # list: 5 years; Wmo art. 5.3.4: 15
    ("wmo", "withdrawn", "8.4.1", "P15Y", True),  # list: 42 days
    ("jeugdwet", "granted", "8.1.2", "P20Y", False),
    ("jeugdwet", "refused", "8.2", "P5Y", False),
    ("jeugdwet", "not_processed", "8.4.1", "P42D", False),
    ("participatiewet", "granted", "8.1", "P10Y", False),
    ("wgs", "partly_granted", "8.1.9", "P5Y", False),
])
def test_each_result_maps_to_a_selectielijst_result_and_the_longer_term_wins(statute, result, code, term, longer):
    found = rules.term_for(statute, result, list_terms=LIST_TERMS)
    assert (found.list_result, found.term) == (code, term)
    assert bool(found.longer_because) is longer
    if longer:
        assert "Wmo 2015 art. 5.3.4" in found.longer_because


def test_every_statute_and_result_has_a_rule():
    for statute in Purpose.values:
        for result in CaseResult.values:
            assert rules.term_for(statute, result, list_terms=LIST_TERMS).term


@pytest.mark.policy("P-2.2.4")
def test_the_rules_are_loaded_versioned_from_the_selectielijst(retention_rules):
    rule = RetentionRule.objects.get(version="2020", statute="wmo", case_result="refused")
    assert (rule.list_result, rule.list_term, rule.term, rule.waardering) == ("8.2", "P5Y", "P15Y", "vernietigen")
    assert rule.longer_because
    assert RetentionRule.objects.filter(version="2020").count() == len(Purpose.values) * len(CaseResult.values)


def test_a_combination_without_a_rule_has_no_term():
    with pytest.raises(KeyError):
        rules.term_for("wmo", "unknown", list_terms=LIST_TERMS)


@pytest.mark.policy("P-2.2.4")
def test_the_term_starts_on_the_day_of_closing_and_destruction_is_due_the_day_after_it_ends():
    closed = dt.date(2026, 3, 10)
    assert rules.archive_action_date(closed, "P15Y") == dt.date(2041, 3, 10)
    assert not rules.is_due(closed, "P15Y", dt.date(2041, 3, 9))  # the day before the end
    assert not rules.is_due(closed, "P15Y", dt.date(2041, 3, 10))  # the last day of the term
    assert rules.is_due(closed, "P15Y", dt.date(2041, 3, 11))  # the day after


@pytest.mark.policy("P-2.2.4")
def test_29_february():
    assert rules.destruction_due_on(dt.date(2024, 2, 29), "P15Y") == dt.date(2039, 3, 1)
    assert rules.destruction_due_on(dt.date(2024, 2, 29), "P20Y") == dt.date(2044, 3, 1)  # a leap year: 29 Feb
    assert rules.archive_action_date(dt.date(2024, 2, 29), "P20Y") == dt.date(2044, 2, 29)
    assert rules.destruction_due_on(dt.date(2024, 1, 19), "P42D") == dt.date(2024, 3, 2)


def test_the_brondatum_is_the_local_day_of_closing():
    late = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)  # 00:30 on 11 March in Doetinchem
    assert rules.start_of_term(late) == dt.date(2026, 3, 11)


def test_a_bad_duration_is_refused():
    for bad in ("", "P", "15Y", "PT5H"):
        with pytest.raises(ValueError):
            rules.parse_duration(bad)


@pytest.mark.policy("P-2.2.4")
@pytest.mark.parametrize("today, due", [(dt.date(2041, 3, 10), False), (dt.date(2041, 3, 11), True),
                                        (dt.date(2041, 3, 12), True)])
def test_the_nightly_proposal_at_the_boundary_with_the_clock_moved(retention_rules, caseworker, today, due):
    case = make_archived_case(caseworker, closed_at=_closed(dt.date(2026, 3, 10)))
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 2, 30, tzinfo=AMS), tick=False):
        services.run_propose()
    listed = set(DestructionListItem.objects.values_list("case_ref", flat=True))
    assert (case.pk in listed) is due


@pytest.mark.policy("P-2.2.4")
def test_only_archived_dossiers_are_due(retention_rules, caseworker):
    closed = make_archived_case(caseworker, closed_at=_closed(dt.date(2000, 1, 1)), status=Case.Status.CLOSED)
    assert closed.pk not in [c.pk for c, _, _ in selectors.due_cases(dt.date(2030, 1, 1))]


@pytest.fixture
def fleet(retention_rules, caseworker):
    combos = [("wmo", "granted"), ("wmo", "refused"), ("jeugdwet", "granted"), ("jeugdwet", "withdrawn"),
              ("participatiewet", "refused"), ("wgs", "granted")]
    return [make_archived_case(caseworker, statute=s, result=r, closed_at=_closed(dt.date(2021, 1, 1)))
            for s, r in combos]


@pytest.mark.policy("P-2.2.4")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(closed=st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), min_size=6, max_size=6),
       today=st.dates(dt.date(2020, 1, 1), dt.date(2055, 12, 31)))
def test_property_destroyed_exactly_when_due_never_early(fleet, closed, today):
    """Over generated closing dates and days: the selector proposes a dossier exactly when the
    whole term has passed since closing, never a day early."""
    for case, day in zip(fleet, closed, strict=True):
        Case.objects.filter(pk=case.pk).update(closed_at=_closed(day, hour=23))
    due = {c.pk for c, _, _ in selectors.due_cases(today)}
    for case, day in zip(fleet, closed, strict=True):
        term = rules.term_for(case.statute, case.result, list_terms=LIST_TERMS).term
        end = day + rules.parse_duration(term)
        assert (case.pk in due) is (today > end), (case.statute, case.result, day, today)
