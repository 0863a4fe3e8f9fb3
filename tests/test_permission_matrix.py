"""Every URL × every persona × own / team / other team / unassigned dossier (P-2.1.2, P-1.1).

URLs are enumerated from the resolver: a new URL without an expectation here fails the test.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts import roles
from cases.services import record_missing_information

from .conftest import verified_login
from .factories import make_document

pytestmark = pytest.mark.django_db

# How each route is judged. "case": shows one dossier; "emergency": the reason page;
# "list": pages that list dossiers; "search": POST search; "public"/"login": no client data;
# "signals": intake-only pages, 404 for everyone else (tests/signals/test_quarantine.py);
# "api": partner feeds with a key, not a session (tests/signals/test_api.py);
# "fg": privacy-officer pages. "document"/"missing": a record
# inside one dossier (GET, nested pk); "missing_post": a POST-only write inside one dossier;
# "open": opening a dossier (caseworkers and team leads only).
# "plan_record": a plan section or maatwerk request inside one dossier; "zorgplein": the
# Zorgplein reviewer's pages, 404 for everyone else (both in tests/plans/test_routes.py).
# "archive": the archivist's destruction lists, 404 for everyone else; "jobs": retention job
# runs, archivist and privacy officer only (both in tests/retention/test_screens.py).
# "desk_record": one record on the privacy officer's desk, 404 for everyone else
# (tests/desk/test_breaches.py). "processing_register": FG and functional administrator only
# (tests/desk/test_register.py). "household_post": taking a member out of a household, POST
# only, with both dossiers checked (tests/test_household.py).
EXPECTATIONS = {
    "": "list",
    "dossiers/": "list",
    "dossiers/nieuw/": "open",
    "zoeken/": "search",
    "dossiers/<int:pk>/": "case",
    "dossiers/<int:pk>/inzage/": "case",
    "dossiers/<int:pk>/toegang-vragen/": "emergency",
    "dossiers/<int:pk>/verstrekkingen/": "case",
    "dossiers/<int:pk>/verstrekkingen/vastleggen/": "case",
    "dossiers/<int:pk>/verzoeken/registreren/": "case",
    "dossiers/<int:pk>/verzoeken/<int:request_pk>/": "case",
    "dossiers/<int:pk>/verzoeken/<int:request_pk>/memo.pdf": "case",
    "dossiers/<int:pk>/consultatie-vragen/": "case",
    "dossiers/<int:pk>/bezwaren/": "case",
    "dossiers/<int:pk>/bezwaren/<int:objection_pk>/besluiten/": "case",
    "consultaties/": "list",  # only consultations addressed to the user
    "consultaties/<int:pk>/": "consultation",  # only the consulted person
    "verwerkersovereenkomsten/": "agreements",  # privacy officer and functional administrator
    "fg/buiten-toewijzing/": "fg",
    "fg/verstrekkingen/": "fg",
    "fg/verstrekkingen/<int:pk>/": "desk_record",  # tests/desk/test_disclosure_review.py
    "fg/buiten-toewijzing/<int:pk>/": "fg",
    "dossiers/<int:pk>/tijdlijn/": "case",
    "dossiers/<int:pk>/inwoner/": "case",
    "dossiers/<int:pk>/inwoner/identiteit/": "case",
    "dossiers/<int:pk>/huishouden/": "case",
    "dossiers/<int:pk>/huishouden/vertegenwoordiger/": "case",
    "dossiers/<int:pk>/huishouden/lid-toevoegen/": "case",
    "dossiers/<int:pk>/huishouden/leden/<int:member_pk>/verwijderen/": "household_post",
    "dossiers/<int:pk>/huishouden/beoordeling/": "case",
    "dossiers/<int:pk>/notities/": "case",
    "dossiers/<int:pk>/notities/nieuw/": "case",
    "dossiers/<int:pk>/documenten/": "case",
    "dossiers/<int:pk>/documenten/nieuw/": "case",
    "dossiers/<int:pk>/documenten/<int:document_pk>/downloaden/": "document",
    "dossiers/<int:pk>/documenten/<int:document_pk>/reduceren/": "document",
    "dossiers/<int:pk>/informeren/": "case",
    "dossiers/<int:pk>/informeren/vastleggen/": "case",
    "dossiers/<int:pk>/ontbrekend/": "case",
    "dossiers/<int:pk>/ontbrekend/nieuw/": "case",
    "dossiers/<int:pk>/ontbrekend/<int:item_pk>/brief/": "missing",
    "dossiers/<int:pk>/ontbrekend/<int:item_pk>/ontvangen/": "missing_post",
    "dossiers/<int:pk>/toewijzen/": "case",
    "dossiers/<int:pk>/afsluiten/": "case",
    "dossiers/<int:pk>/meldcode/": "case",
    "dossiers/<int:pk>/meldcode/stap/<int:number>/": "case",
    "dossiers/<int:pk>/gezinsplan/": "case",
    "dossiers/<int:pk>/gezinsplan/leefgebied/": "case",
    "dossiers/<int:pk>/gezinsplan/leefgebied/<int:section_pk>/": "plan_record",
    "dossiers/<int:pk>/maatwerkverzoek/": "case",
    "dossiers/<int:pk>/maatwerkverzoek/<int:request_pk>/aanvullen/": "plan_record",
    "zorgplein/": "zorgplein",
    "zorgplein/verzoeken/<int:pk>/": "zorgplein",
    "zorgplein/verzoeken/<int:pk>/oppakken/": "zorgplein",
    "zorgplein/verzoeken/<int:pk>/documenten/<int:document_pk>/": "zorgplein",
    "zorgplein/besluiten/<int:pk>/": "zorgplein",
    "zorgplein/besluiten/<int:pk>/corrigeren/": "zorgplein",
    "zorgplein/besluiten/<int:pk>/brief/": "zorgplein",
    "dossiers/<int:pk>/opschonen/": "case",
    "archief/vernietigingslijsten/": "archive",
    "archief/vernietigingslijsten/<int:pk>/": "archive",
    "archief/vernietigingslijsten/<int:pk>/dossiers/<int:item_pk>/uitzonderen/": "archive",
    "archief/vernietigingslijsten/<int:pk>/controleren/": "archive",
    "archief/vernietigingslijsten/<int:pk>/verklaring/": "archive",
    "archief/taken/": "jobs",
    "fg/wissing/": "fg",
    "fg/": "fg",
    "fg/datalekken/": "fg",
    "fg/datalekken/nieuw/": "fg",
    "fg/datalekken/<int:pk>/": "desk_record",
    "verwerkingsregister/": "processing_register",
    "fg/toegangslogboek/": "fg",
    "fg/rechten/": "fg",
    "fg/rapporten/": "fg",
    "fg/beveiliging/": "fg",
    "fg/rechten/inzage/<int:pk>/overzicht/": "desk_record",
    "fg/rechten/rectificatie/<int:pk>/": "desk_record",
    "fg/rechten/inzage/<int:pk>/overzicht.pdf": "desk_record",
    "openbaar/privacy/": "public",
    "openbaar/toegankelijkheid/": "public",
    "openbaar/werkinstructie/": "public",
    "openbaar/model-verwerkersovereenkomst/": "public",
    "inloggen/": "login",
    "inloggen/tweede-stap/": "login",
    "inloggen/app-koppelen/": "login",
    "inloggen/geheimhouding/": "login",
    "uitloggen/": "login",
    "signalen/": "signals",
    "signalen/nieuw/": "signals",
    "signalen/bronnen/": "signals",
    "signalen/<int:pk>/": "signals",
    "signalen/<int:pk>/beoordelen/": "signals",
    "signalen/<int:pk>/vernietigen/": "signals",
    "signalen/<int:pk>/casusoverleg/": "signals",
    "signalen/<int:pk>/casusoverleg/<int:meeting_pk>/": "signals",
    "api/signalen/": "api",
    "api/schema/": "api",
    "beheer/": "admin",  # the whole admin: configuration only, see test_admin_*
}
PERSONAS = ["caseworker", "teammate", "other_caseworker", "team_lead", "coach_with_agreement",
            "coach_without_agreement", "zorgplein_reviewer", "archivist", "privacy_officer",
            "administrator", "outsider"]
CASES = ["own_case", "team_case", "other_team_case", "unassigned_case"]
# Who may see which dossier: assignment to the user, or to the user's team.
ALLOWED = {
    "own_case": {"caseworker"},
    "team_case": {"caseworker", "teammate", "team_lead"},
    "other_team_case": {"other_caseworker"},
    "unassigned_case": set(),
}
EMERGENCY_PERSONAS = {"caseworker", "teammate", "other_caseworker", "team_lead"}
OPEN_PERSONAS = {"caseworker", "teammate", "other_caseworker", "team_lead"}
NESTED = ("case", "document", "missing", "missing_post")


def _routes(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route == "beheer/":
                yield route
            else:
                yield from _routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def test_every_url_has_an_expectation():
    assert sorted(set(_routes()) - set(EXPECTATIONS)) == []


@pytest.fixture
def world(request, caseworker, teammate, other_caseworker, team_lead, coach_with_agreement,
          coach_without_agreement, zorgplein_reviewer, archivist, privacy_officer, administrator,
          outsider, own_case, team_case, other_team_case, unassigned_case):
    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    cases = {name: request.getfixturevalue(name) for name in CASES}
    for case in cases.values():  # one record of each nested kind inside every dossier
        actor = case.caseworker or own_case.caseworker
        case.document = make_document(case, actor)
        case.missing_item = record_missing_information(case=case, actor=actor, description="Inkomensgegevens",
                                                       asked_on=dt.date(2026, 1, 5), refused=False)
    return people, cases


def _url(route, case):
    url = "/" + _fill(route, case)
    url = url.replace("<int:document_pk>", str(case.document.pk))
    url = url.replace("<int:number>", "1")
    return url.replace("<int:item_pk>", str(case.missing_item.pk))


@pytest.mark.policy("P-2.1.2")
@pytest.mark.policy("P-1.1")
@pytest.mark.parametrize("persona", PERSONAS)
def test_case_pages_follow_the_assignment(client, world, persona):
    people, cases = world
    verified_login(client, people[persona])
    for route, kind in EXPECTATIONS.items():
        if kind not in (*NESTED, "emergency"):
            continue
        for case_name, case in cases.items():
            url = _url(route, case)
            if kind == "missing_post":
                status = client.post(url).status_code
                assert (302 if persona in ALLOWED[case_name] else 404) == status, (url, persona, case_name)
                continue
            status = client.get(url).status_code
            if kind in NESTED:
                allowed = persona in ALLOWED[case_name]
                assert (200 if allowed else 404) == status, (url, persona, case_name)
            else:
                if persona in ALLOWED[case_name]:
                    assert status in (200, 302), (url, persona)
                else:
                    assert status == (200 if persona in EMERGENCY_PERSONAS else 404), (url, persona)


def _fill(route, case):
    """The dossier's pk, and for routes below a dossier an object of that same dossier."""
    import base64

    from accounts.models import Organisation, User
    from disclosures.models import Objection, StatutoryRequest

    from .factories import OrganisationFactory

    if "<int:request_pk>" in route:
        body = OrganisationFactory(name="Veilig Thuis", kind=Organisation.Kind.STATUTORY_BODY)
        req, _ = StatutoryRequest.objects.get_or_create(case=case, defaults={
            "requester": body, "received_on": case.opened_at.date(), "question": "Gegevens over het gezin.",
            "registered_by": User.objects.order_by("pk").first(),
            "memo_pdf": base64.b64encode(b"%PDF-1.7 test").decode(), "memo_size": 13})
        route = route.replace("<int:request_pk>", str(req.pk))
    if "<int:objection_pk>" in route:
        objection, _ = Objection.objects.get_or_create(case=case, defaults={
            "received_on": case.opened_at.date(), "grounds": "Geen gegevens delen.",
            "registered_by": User.objects.order_by("pk").first()})
        route = route.replace("<int:objection_pk>", str(objection.pk))
    return route.replace("<int:pk>", str(case.pk))


@pytest.mark.policy("P-2.1.3")
@pytest.mark.policy("P-2.3.3")
@pytest.mark.parametrize("persona", PERSONAS)
def test_consultation_is_seen_by_the_consulted_person_only(client, world, persona):
    from disclosures.models import Consultation

    people, cases = world
    consultation = Consultation.objects.create(
        case=cases["team_case"], requested_by=people["teammate"], consultee=people["team_lead"],
        question="Mag ik verstrekken zonder te informeren?")
    verified_login(client, people[persona])
    for route, kind in EXPECTATIONS.items():
        if kind != "consultation":
            continue
        url = "/" + route.replace("<int:pk>", str(consultation.pk))
        assert client.get(url).status_code == (200 if persona == "team_lead" else 404), (url, persona)
    inbox = client.get("/consultaties/").content.decode()
    assert (cases["team_case"].number in inbox) == (persona == "team_lead")


@pytest.mark.policy("P-3")
@pytest.mark.parametrize("persona", PERSONAS)
def test_agreement_register_is_for_privacy_officer_and_administrator(client, world, persona):
    people, _ = world
    verified_login(client, people[persona])
    for route, kind in EXPECTATIONS.items():
        if kind == "agreements":
            expected = 200 if persona in ("privacy_officer", "administrator") else 404
            assert client.get("/" + route).status_code == expected, (route, persona)


@pytest.mark.policy("P-2.1.2")
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_caseworkers_and_team_leads_open_dossiers(client, world, persona):
    people, _ = world
    verified_login(client, people[persona])
    for route in (r for r, k in EXPECTATIONS.items() if k == "open"):
        assert client.get("/" + route).status_code == (200 if persona in OPEN_PERSONAS else 403), persona
        assert client.post("/" + route, {}).status_code in ((200,) if persona in OPEN_PERSONAS else (403,))


@pytest.mark.policy("P-2.1.2")
def test_a_record_of_another_dossier_is_not_reachable_through_ones_own(client, world):
    people, cases = world
    verified_login(client, people["caseworker"])
    own, other = cases["own_case"], cases["other_team_case"]
    for route, kind in EXPECTATIONS.items():
        if kind in ("document", "missing", "missing_post"):
            url = "/" + route.replace("<int:pk>", str(own.pk)).replace(
                "<int:document_pk>", str(other.document.pk)).replace("<int:item_pk>", str(other.missing_item.pk))
            status = (client.post if kind == "missing_post" else client.get)(url).status_code
            assert status == 404, url


@pytest.mark.policy("P-2.1.2")
@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_and_searches_show_no_foreign_dossier(client, world, persona):
    people, cases = world
    verified_login(client, people[persona])
    foreign = {n: c for n, c in cases.items() if persona not in ALLOWED[n]}
    pages = [client.get("/" + r).content.decode() for r, k in EXPECTATIONS.items() if k == "list"]
    for case in cases.values():
        for query in (case.number, case.resident.bsn, case.resident.surname):
            pages.append(client.post("/zoeken/", {"query": query}).content.decode())
    for case in foreign.values():
        for html in pages:
            assert case.resident.surname not in html, (persona, case.number)
            assert f'href="/dossiers/{case.pk}/"' not in html, (persona, case.number)
    for name, case in cases.items():
        if name not in foreign:
            assert any(case.resident.surname in html for html in pages), (persona, name)


def test_admin_shows_no_client_content():
    from django.contrib import admin

    from audit.models import AccessLogEntry
    from cases import models
    from disclosures.models import ClientInformed, Consultation, Disclosure, Objection, StatutoryRequest
    from plans import models as plan_models

    registered = set(admin.site._registry)
    client_models = {models.Case, models.Resident, models.EmergencyAccess, AccessLogEntry, models.IdentityCheck,
                     models.Representation, models.Note, models.Document, models.TransparencyNotice,
                     models.MissingInformation, models.ReductionRecord, models.Household, Disclosure,
                     ClientInformed, Consultation, Objection, StatutoryRequest,
                     plan_models.Plan, plan_models.PlanSection, plan_models.PlanVersion, plan_models.MaatwerkRequest,
                     plan_models.RequestConsent, plan_models.ForwardingRecord, plan_models.Decision}
    assert registered.isdisjoint(client_models)


@pytest.mark.policy("P-2.2.5")
def test_admin_requires_staff_and_both_factors(client, administrator, caseworker):
    assert client.get("/beheer/").status_code == 302  # anonymous: to the login
    client.force_login(administrator)  # password only, no second factor
    response = client.get("/beheer/")
    assert response.status_code == 302 and response.url == "/inloggen/tweede-stap/"
    verified_login(client, administrator)
    assert client.get("/beheer/").status_code == 200
    verified_login(client, caseworker)  # not staff
    assert client.get("/beheer/").status_code == 302


def test_roles_in_the_matrix_cover_every_role():
    covered = {roles.CASEWORKER, roles.TEAM_LEAD, roles.COACH, roles.REVIEWER, roles.ARCHIVIST,
               roles.PRIVACY_OFFICER, roles.ADMINISTRATOR}
    assert set(roles.ALL) - covered == {roles.AF, roles.INTAKE}  # no dossier access at all


@pytest.mark.policy("P-2.1.2")
@pytest.mark.parametrize("persona", PERSONAS)
def test_privacy_officer_pages_are_for_the_privacy_officer_only(client, world, persona):
    from cases.services import request_emergency_access

    people, cases = world
    access = request_emergency_access(actor=people["caseworker"], case=cases["other_team_case"],
                                      reason="stand_in", explanation="Waarneming voor een collega.")
    verified_login(client, people[persona])
    for route, kind in EXPECTATIONS.items():
        if kind != "fg":
            continue
        url = "/" + route.replace("<int:pk>", str(access.pk))
        expected = 200 if persona == "privacy_officer" else 404
        assert client.get(url).status_code == expected, (url, persona)
