"""The privacy officer's review queue of flagged disclosures (P-2.1.3, P-2.3.3): accepted or
escalated with a comment, recorded once and append-only (model guard and database trigger);
it goes only with its disclosure in the retention destruction."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import Organisation
from audit.models import AccessLogEntry
from core.errors import ApplicationError
from disclosures import selectors, services
from disclosures.models import Disclosure, DisclosureReview

from ..conftest import verified_login
from ..factories import make_case
from ..test_permission_matrix import PERSONAS

URL = "/fg/verstrekkingen/"


def _disclosure(case, user, *, flagged=True, name="Sociale recherche", informed="informed"):
    org = Organisation.objects.create(name=name, kind=Organisation.Kind.ENFORCEMENT if flagged
                                      else Organisation.Kind.CHAIN_PARTNER)
    return Disclosure.objects.create(case=case, recipient=org, recipient_kind=org.kind, legal_ground="avg_6_1_c",
                                     purpose="wmo", decided_by=user, recorded_by=user, client_informed=informed,
                                     weighing="Afweging GEHEIM-WEGING", flagged_for_privacy_officer=flagged)


@pytest.mark.django_db
@pytest.mark.policy("P-2.1.3")
@pytest.mark.policy("P-2.3.3")
def test_a_review_is_recorded_once_with_decision_and_comment(caseworker, privacy_officer):
    case = make_case(caseworker)
    flagged, plain = _disclosure(case, caseworker), _disclosure(case, caseworker, flagged=False, name="Huisarts")
    assert list(selectors.flagged_to_review()) == [flagged]
    with pytest.raises(ApplicationError, match="functionaris"):
        services.review_disclosure(actor=caseworker, disclosure=flagged, decision="accepted", comment="Goed")
    with pytest.raises(ApplicationError, match="niet gemeld"):
        services.review_disclosure(actor=privacy_officer, disclosure=plain, decision="accepted", comment="Goed")
    with pytest.raises(ApplicationError, match="Kies akkoord of escaleren"):
        services.review_disclosure(actor=privacy_officer, disclosure=flagged, decision="pending", comment="Goed")
    with pytest.raises(ApplicationError, match="waarom") as exc:
        services.review_disclosure(actor=privacy_officer, disclosure=flagged, decision="escalated", comment=" ")
    assert exc.value.field == "comment"
    review = services.review_disclosure(actor=privacy_officer, disclosure=flagged, decision="escalated",
                                        comment="Confrontatie ontbreekt")
    assert (review.decision, review.reviewed_by, review.comment) == ("escalated", privacy_officer,
                                                                    "Confrontatie ontbreekt")
    assert review.reviewed_at is not None and not selectors.flagged_to_review().exists()
    with pytest.raises(ApplicationError, match="al beoordeeld"):
        services.review_disclosure(actor=privacy_officer, disclosure=flagged, decision="accepted", comment="Toch")


@pytest.mark.django_db
@pytest.mark.policy("P-2.1.3")
def test_a_review_cannot_be_changed_or_deleted_except_with_its_destroyed_dossier(caseworker, privacy_officer):
    case = make_case(caseworker)
    disclosure = _disclosure(case, caseworker)
    review = services.review_disclosure(actor=privacy_officer, disclosure=disclosure, decision="accepted",
                                        comment="In orde")
    with pytest.raises(PermissionError):
        review.save()
    with pytest.raises(PermissionError):
        review.delete()
    for statement in (DisclosureReview.objects.filter(pk=review.pk).update, ):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement(decision="escalated")
    with pytest.raises(DatabaseError), transaction.atomic():
        DisclosureReview.objects.filter(pk=review.pk).delete()
    assert DisclosureReview.objects.get(pk=review.pk).decision == "accepted"
    # the retention destruction (retention/services.py _destruction_flag) removes the
    # disclosure, and the review goes with it
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL doetinchem.destruction = 'on'")
        Disclosure.objects.filter(pk=disclosure.pk).delete()
    assert not DisclosureReview.objects.exists()


@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.mark.django_db
@pytest.mark.policy("P-2.1.3")
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_review_page_is_for_the_privacy_officer_only(client, people, persona):
    disclosure = _disclosure(make_case(people["caseworker"]), people["caseworker"])
    verified_login(client, people[persona])
    response = client.get(f"{URL}{disclosure.pk}/")
    assert response.status_code == (200 if persona == "privacy_officer" else 404)


@pytest.mark.django_db
@pytest.mark.policy("P-2.3.3")
def test_the_queue_screen_reviews_with_clear_messages_and_logs_the_read(client, caseworker, privacy_officer):
    case = make_case(caseworker)
    disclosure = _disclosure(case, caseworker, informed="not_informed")
    verified_login(client, privacy_officer)
    html = client.get(URL).content.decode()
    assert f'href="{URL}{disclosure.pk}/"' in html and "GEHEIM-WEGING" not in html
    item = client.get(f"{URL}{disclosure.pk}/")
    assert "GEHEIM-WEGING" in item.content.decode()  # the weighing is what the FG judges
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="read", case_id=case.pk,
                                         purpose="fg_verstrekkingen", detail=f"verstrekking:{disclosure.pk}").exists()
    response = client.post(f"{URL}{disclosure.pk}/", {"decision": "escalated"})
    body = response.content.decode()
    assert response.status_code == 400 and "Schrijf kort op waarom je tot dit oordeel komt." in body
    assert 'href="#id_comment"' in body
    response = client.post(f"{URL}{disclosure.pk}/", {"decision": "escalated", "comment": "Bespreken"})
    assert response.status_code == 302 and response.url == URL
    html = client.get(URL).content.decode()
    assert "Geëscaleerd" in html and "Bespreken" in html and "Er zijn geen verstrekkingen te beoordelen." in html
    # reviewed: no longer in the queue, a second review is not possible
    assert client.get(f"{URL}{disclosure.pk}/").status_code == 404
    assert DisclosureReview.objects.get().reviewed_by == privacy_officer
