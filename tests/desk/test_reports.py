"""The FG's canned reports (L-LOG): outside the assignment, refusals, many residents within 60
minutes, reads after archiving, flagged disclosures, destroyed signals."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from desk import rules

from ..conftest import verified_login
from ..factories import make_archived_case, make_case

T0 = dt.datetime(2025, 5, 13, 9, 0, tzinfo=dt.UTC)
URL = "/fg/rapporten/"


def _entries(user_id, minutes_and_residents):
    return [(user_id, T0 + dt.timedelta(minutes=m), r) for m, r in minutes_and_residents]


@pytest.mark.policy("L-LOG")
@pytest.mark.parametrize(("rows", "threshold", "expected"), [
    ([(0, 1), (30, 2), (60, 3)], 3, 3),  # exactly 60 minutes apart: one window
    ([(0, 1), (30, 2), (61, 3)], 3, None),  # 61 minutes: never three in one window
    ([(0, 1), (1, 1), (2, 1), (3, 2)], 3, None),  # the same resident counts once
    ([(0, 1), (10, 2), (20, 3), (30, 4)], 3, 4),
])
def test_many_residents_within_60_minutes(rows, threshold, expected):
    found = rules.bursts(_entries(7, rows), threshold=threshold)
    if expected is None:
        assert found == []
    else:
        assert found == [{"user_id": 7, "start": T0, "residents": expected}]


@pytest.mark.django_db
@pytest.mark.policy("L-LOG")
def test_the_reports_page_shows_reads_after_archiving_and_bursts(client, privacy_officer, caseworker, settings):
    settings.DESK_MANY_RESIDENTS_THRESHOLD = 3
    archived = make_archived_case(caseworker, closed_at=timezone.now() - dt.timedelta(days=2))
    cases = [make_case(caseworker) for _ in range(3)]
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=c.pk, resident_id=c.resident_id,
                                                     purpose="dossier") for c in [*cases, archived]])
    log_access(actor=caseworker, events=[AccessEvent(action="read", result="refused", case_id=cases[0].pk,
                                                     purpose="dossier")])
    verified_login(client, privacy_officer)
    response = client.get(URL)
    assert response.status_code == 200
    ctx = response.context
    assert [e.case_id for e in ctx["after_archive"]] == [archived.pk]
    assert ctx["bursts"][0]["username"] == caseworker.username and ctx["bursts"][0]["residents"] == 4
    assert list(ctx["refusals"]) == [{"user__username": caseworker.username, "n": 1}]
    assert AccessLogEntry.objects.filter(user=privacy_officer, purpose="fg_rapport", case_id=archived.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?start=2025-05-10&end=2025-05-01", "?start=gisteren&end=2025-05-01",
                                   "?start=&end="])
def test_bad_periods_give_a_clear_message(client, privacy_officer, query):
    verified_login(client, privacy_officer)
    response = client.get(URL + query)
    assert response.status_code == 400 and "Er is een probleem" in response.content.decode()


def test_bars_start_at_zero_and_scale_to_the_largest():
    from desk import charts

    result = charts.bars([("a", 0), ("b", 5), ("c", 10)])
    assert [b.height for b in result][0] == 0
    assert result[2].height == charts.HEIGHT - charts.TOP - charts.BOTTOM
    assert result[1].height == result[2].height / 2
    assert charts.bars([]) == []


@pytest.mark.django_db
def test_the_charts_are_inline_svg_with_a_table(client, privacy_officer, caseworker):
    case = make_case(caseworker)
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier")])
    verified_login(client, privacy_officer)
    html = client.get(URL).content.decode()
    assert "<svg role=\"img\"" in html and html.count("<script") == 1  # only the deferred app.js of the base
    assert "Aantal regels per dag in de gekozen periode" in html


@pytest.mark.django_db
def test_chart_coordinates_are_svg_numbers_not_dutch_decimals(client, privacy_officer, caseworker):
    """The Dutch locale writes 32,5; SVG needs 32.5, or no bar is drawn (seen in a screenshot)."""
    import re

    case = make_case(caseworker)
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier")] * 3)
    verified_login(client, privacy_officer)
    today = timezone.localdate()
    html = client.get(f"{URL}?start={today - dt.timedelta(days=10)}&end={today}").content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    svg = svg[svg.index(">") + 1:]  # the shapes, not the svg element's own width="100%"
    numbers = re.findall(r' (?:x|y|width|height)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers[:10]
    assert re.search(r'<rect [^>]*height="(?!0\.0")[\d.]+"', svg)  # today's bar has a height


def test_with_many_bars_only_every_seventh_axis_label_is_drawn():
    from desk import charts

    few = charts.bars([(f"{d:02d}-05", d) for d in range(1, 6)])
    month = charts.bars([(f"{d:02d}-05", d) for d in range(1, 32)])
    assert all(b.show_label for b in few)
    assert [b.label for b in month if b.show_label] == ["01-05", "08-05", "15-05", "22-05", "29-05"]
