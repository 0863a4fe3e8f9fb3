"""Access outside one's assignment: reason first, read-only, time-limited, reviewed (UX 3.10)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from audit.models import AccessLogEntry
from cases.access import access_case
from cases.models import EmergencyAccess
from cases.services import request_emergency_access
from core.errors import ApplicationError

from .conftest import verified, verified_login

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.1.2"), pytest.mark.policy("L-LOG")]


def test_exact_search_outside_the_assignment_offers_access_with_a_reason(client, caseworker,
                                                                         other_team_case):
    verified_login(client, caseworker)
    html = client.post("/zoeken/", {"query": other_team_case.number}).content.decode()
    assert "Niet aan jou toegewezen" in html
    assert f"/dossiers/{other_team_case.pk}/toegang-vragen/" in html
    assert other_team_case.resident.surname not in html


def test_partial_name_search_never_offers_foreign_dossiers(client, caseworker, other_team_case):
    verified_login(client, caseworker)
    html = client.post("/zoeken/", {"query": other_team_case.resident.surname[:8]}).content.decode()
    assert "Niet aan jou toegewezen" not in html and other_team_case.number not in html


def test_roles_without_the_route_see_not_found(client, zorgplein_reviewer, other_team_case):
    verified_login(client, zorgplein_reviewer)
    html = client.post("/zoeken/", {"query": other_team_case.number}).content.decode()
    assert "Geen dossier gevonden dat aan jou is toegewezen." in html
    assert client.get(f"/dossiers/{other_team_case.pk}/toegang-vragen/").status_code == 404


def test_the_reason_is_required_and_the_access_is_logged_and_queued(client, caseworker,
                                                                    other_team_case):
    verified_login(client, caseworker)
    url = f"/dossiers/{other_team_case.pk}/toegang-vragen/"
    response = client.post(url, {"reason": "", "explanation": ""})
    assert response.status_code == 200 and "Kies een reden." in response.content.decode()
    assert not EmergencyAccess.objects.exists()
    response = client.post(url, {"reason": "stand_in", "explanation": "Waarneming voor Bram, die ziek is."})
    assert response.url == f"/dossiers/{other_team_case.pk}/"
    page = client.get(response.url).content.decode()
    assert "Je hebt dit dossier geopend buiten je toewijzing" in page
    access = EmergencyAccess.objects.get()
    assert access.review == EmergencyAccess.Review.PENDING
    actions = set(AccessLogEntry.objects.filter(case_id=other_team_case.pk, user=caseworker)
                  .values_list("action", "detail"))
    assert ("emergency", "stand_in") in actions and ("emergency", "buiten_toewijzing") in actions


def test_emergency_access_is_read_only_and_ends_after_its_hours(caseworker, other_team_case, settings):
    user = verified(caseworker)
    request_emergency_access(actor=user, case=other_team_case, reason="danger",
                             explanation="Melding van direct gevaar bij de woning.")
    assert access_case(user, other_team_case.pk) == other_team_case
    with pytest.raises(PermissionDenied):
        access_case(user, other_team_case.pk, write=True)
    later = timezone.now() + dt.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS, minutes=1)
    with time_machine.travel(later), pytest.raises(Http404):
        access_case(user, other_team_case.pk)


def test_a_short_explanation_is_refused_by_the_service(caseworker, other_team_case):
    with pytest.raises(ApplicationError, match="Licht"):
        request_emergency_access(actor=caseworker, case=other_team_case, reason="other", explanation="nodig")


def test_external_coach_cannot_break_the_glass(coach_with_agreement, other_team_case):
    with pytest.raises(ApplicationError):
        request_emergency_access(actor=coach_with_agreement, case=other_team_case, reason="danger",
                                 explanation="Ik wil even kijken hoe het gaat.")


def test_the_privacy_officer_reviews_each_access_once_with_a_comment(client, caseworker, privacy_officer,
                                                                    other_team_case):
    access = request_emergency_access(actor=caseworker, case=other_team_case, reason="resident_asks",
                                      explanation="Inwoner staat aan de balie en vraagt om hulp.")
    verified_login(client, privacy_officer)
    queue = client.get("/fg/buiten-toewijzing/").content.decode()
    assert other_team_case.number in queue and "Te beoordelen" in queue
    url = f"/fg/buiten-toewijzing/{access.pk}/"
    refused = client.post(url, {"decision": "accepted", "comment": ""})
    assert "Schrijf kort op waarom" in refused.content.decode()
    assert client.post(url, {"decision": "accepted", "comment": "Past bij de balie-dienst."}).status_code == 302
    access.refresh_from_db()
    assert (access.review, access.reviewed_by) == (EmergencyAccess.Review.ACCEPTED, privacy_officer)
    assert client.get(url).status_code == 404  # no longer pending
    with pytest.raises(ApplicationError, match="al beoordeeld"):
        from cases.services import review_emergency_access

        review_emergency_access(actor=privacy_officer, access=access, decision="escalated", comment="x")


def test_only_the_privacy_officer_may_review(caseworker, team_lead, other_team_case):
    from cases.services import review_emergency_access

    access = request_emergency_access(actor=caseworker, case=other_team_case, reason="danger",
                                      explanation="Direct gevaar gemeld door de politie.")
    with pytest.raises(ApplicationError, match="functionaris"):
        review_emergency_access(actor=team_lead, access=access, decision="accepted", comment="Prima")
