"""Every plans route in the permission matrix (tests/test_permission_matrix.py EXPECTATIONS):
records inside a dossier follow the dossier's assignment; Zorgplein pages are the reviewer's
only, and only for what was forwarded (P-2.1.2, P-2.2.2)."""

import pytest

from plans import services

from ..conftest import verified, verified_login
from ..factories import make_document
from ..test_permission_matrix import ALLOWED, CASES, EXPECTATIONS, PERSONAS
from .helpers import forward

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_world(request, caseworker, zorgplein_reviewer):
    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    cases = {name: request.getfixturevalue(name) for name in CASES}
    for case in cases.values():
        actor = verified(case.caseworker or caseworker)
        case.section = services.open_domain(case=case, actor=actor, domain="housing", reason="Trap te steil.")
        case.document = make_document(case, actor)
        case.item = forward(case, actor, parts=["identity", f"document:{case.document.pk}"])
        services.ask_more_information(request=case.item, actor=zorgplein_reviewer, question="Huisartsadvies?")
    return people, cases


def _url(route, case, *, decision=None):
    url = "/" + route.replace("<int:section_pk>", str(case.section.pk)).replace(
        "<int:request_pk>", str(case.item.pk)).replace("<int:document_pk>", str(case.document.pk))
    if route.startswith("zorgplein/besluiten/"):
        return url.replace("<int:pk>", str(decision.pk))
    return url.replace("<int:pk>", str(case.pk if route.startswith("dossiers/") else case.item.pk))


@pytest.mark.policy("P-2.1.2")
@pytest.mark.policy("P-2.2.2")
@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_records_follow_the_dossiers_assignment(client, plan_world, persona):
    people, cases = plan_world
    verified_login(client, people[persona])
    for route, kind in EXPECTATIONS.items():
        if kind != "plan_record":
            continue
        for case_name, case in cases.items():
            status = client.get(_url(route, case)).status_code
            assert status == (200 if persona in ALLOWED[case_name] else 404), (route, persona, case_name)


@pytest.mark.policy("P-2.1.2")
def test_a_plan_record_of_another_dossier_is_not_reachable_through_ones_own(client, plan_world):
    people, cases = plan_world
    verified_login(client, people["caseworker"])
    own, other = cases["own_case"], cases["other_team_case"]
    assert client.get(f"/dossiers/{own.pk}/gezinsplan/leefgebied/{other.section.pk}/").status_code == 404
    assert client.get(f"/dossiers/{own.pk}/maatwerkverzoek/{other.item.pk}/aanvullen/").status_code == 404


@pytest.mark.policy("P-2.2.2")
@pytest.mark.parametrize("persona", PERSONAS)
def test_zorgplein_pages_are_for_the_reviewer_only(client, plan_world, persona, zorgplein_reviewer):
    people, cases = plan_world
    case = cases["own_case"]
    services.resubmit_request(request=case.item, actor=verified(case.caseworker), answer="Bijgevoegd.",
                              parts=["identity", f"document:{case.document.pk}"])
    decision = services.issue_decision(request=case.item, actor=zorgplein_reviewer, outcome="refused",
                                       reasons="Algemene voorziening volstaat.")
    verified_login(client, people[persona])
    for route, kind in EXPECTATIONS.items():
        if kind != "zorgplein":
            continue
        url = _url(route, case, decision=decision)
        response = client.post(url) if route.endswith("oppakken/") else client.get(url)
        expected = (302 if route.endswith("oppakken/") else 200) if persona == "zorgplein_reviewer" else 404
        assert response.status_code == expected, (url, persona)
