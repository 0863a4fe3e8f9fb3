"""The dossier list pages through what the user may see, and only that (P-2.1.2, issue 10:
the count and the page's ids come from one pass, the rows are loaded for the page only)."""

import pytest

from cases.models import Case

from .conftest import verified_login
from .factories import make_case

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.1.2")]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("cases.views.PAGE_SIZE", 2)


def test_pages_count_and_order_cover_exactly_the_visible_dossiers(client, caseworker, other_caseworker, team_zuid,
                                                                    small_pages):
    mine = [make_case(caseworker) for _ in range(5)]
    foreign = make_case(other_caseworker, team=team_zuid)
    verified_login(client, caseworker)
    shown = []
    for number in (1, 2, 3):
        page = client.get(f"/dossiers/?pagina={number}")
        body = page.content.decode()
        assert page.status_code == 200 and "5 dossiers" in body and f"Pagina {number} van 3" in body
        shown += [c.number for c in Case.objects.filter(pk__in=[m.pk for m in mine]) if c.number in body]
        assert foreign.number not in body
    newest_first = [c.number for c in sorted(mine, key=lambda c: (-c.opened_at.timestamp(), c.pk))]
    assert sorted(shown) == sorted(newest_first) and len(shown) == 5
    first = client.get("/dossiers/?pagina=1").content.decode()
    assert newest_first[0] in first and newest_first[1] in first and newest_first[2] not in first


@pytest.mark.parametrize("number", ["99", "abc", "-1", "0", "", "1e3", "9" * 25])
def test_a_malformed_or_out_of_range_page_number_shows_a_page_not_an_error(client, caseworker, small_pages,
                                                                           number):
    cases = [make_case(caseworker) for _ in range(3)]
    verified_login(client, caseworker)
    page = client.get(f"/dossiers/?pagina={number}")
    body = page.content.decode()
    assert page.status_code == 200 and "3 dossiers" in body
    expected = "Pagina 2 van 2" if number in ("99", "9" * 25) else "Pagina 1 van 2"
    assert expected in body
    assert any(c.number in body for c in cases)


def test_sort_by_number_and_filter_apply_to_the_count(client, caseworker, small_pages):
    cases = [make_case(caseworker) for _ in range(3)]
    verified_login(client, caseworker)
    body = client.get("/dossiers/?sort=number").content.decode()
    lowest = sorted(c.number for c in cases)
    assert lowest[0] in body and lowest[1] in body and lowest[2] not in body
    none = client.get("/dossiers/?status=archived").content.decode()
    assert not any(c.number in none for c in cases)
