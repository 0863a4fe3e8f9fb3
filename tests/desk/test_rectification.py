"""L-16: a rectification request is closed only with an outcome and a date, a (partial)
refusal only with a reason, once; the one-month deadline can be extended once by two months
with a recorded reason, within the first month (AVG art. 12(3))."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.errors import ApplicationError
from desk import rules, services
from desk.models import RectificationRequest

from ..conftest import verified_login
from ..factories import make_resident


@pytest.fixture
def request_(caseworker, privacy_officer):
    resident = make_resident(caseworker)
    return RectificationRequest.objects.create(resident=resident, received_on=dt.date(2026, 1, 31),
                                               registered_by=privacy_officer)


@pytest.mark.policy("L-16")
@pytest.mark.parametrize(("received", "extended", "due"), [
    (dt.date(2026, 1, 31), False, dt.date(2026, 2, 28)),
    (dt.date(2026, 1, 31), True, dt.date(2026, 4, 28)),   # from the first deadline, never later
    (dt.date(2026, 3, 15), True, dt.date(2026, 6, 15)),
    (dt.date(2026, 11, 30), True, dt.date(2027, 2, 28)),
])
def test_the_deadline_is_one_month_and_an_extension_adds_two(received, extended, due):
    assert rules.answer_due_on(received, extended=extended) == due
    item = RectificationRequest(received_on=received, extended_on=received if extended else None)
    assert item.answer_due_on == due


@pytest.mark.django_db
@pytest.mark.policy("L-16")
def test_closing_needs_an_outcome_a_date_and_for_a_refusal_a_reason(request_, privacy_officer):
    with pytest.raises(ApplicationError, match="Kies de uitkomst"):
        services.decide_rectification(actor=privacy_officer, item=request_, outcome="open",
                                      answered_on=dt.date(2026, 2, 10))
    for outcome in ("afgewezen", "deels"):
        with pytest.raises(ApplicationError, match="reden") as exc:
            services.decide_rectification(actor=privacy_officer, item=request_, outcome=outcome,
                                          answered_on=dt.date(2026, 2, 10), note="  ")
        assert exc.value.field == "note"
    with pytest.raises(ApplicationError, match="vóór de ontvangst"):
        services.decide_rectification(actor=privacy_officer, item=request_, outcome="gecorrigeerd",
                                      answered_on=dt.date(2026, 1, 30))
    with pytest.raises(ApplicationError, match="toekomst"):
        services.decide_rectification(actor=privacy_officer, item=request_, outcome="gecorrigeerd",
                                      answered_on=dt.date.today() + dt.timedelta(days=2))
    request_.refresh_from_db()
    assert request_.is_open and request_.answered_on is None

    done = services.decide_rectification(actor=privacy_officer, item=request_, outcome="afgewezen",
                                         answered_on=dt.date(2026, 2, 10), note="Gegevens waren juist.")
    done.refresh_from_db()
    assert (done.outcome, done.answered_on, done.decided_by) == ("afgewezen", dt.date(2026, 2, 10),
                                                                 privacy_officer)
    assert done.outcome_note == "Gegevens waren juist."
    with pytest.raises(ApplicationError, match="al afgehandeld op 10-02-2026"):
        services.decide_rectification(actor=privacy_officer, item=request_, outcome="gecorrigeerd",
                                      answered_on=dt.date(2026, 2, 11))
    with pytest.raises(ApplicationError, match="al afgehandeld"):
        services.extend_rectification(actor=privacy_officer, item=request_, reason="Later",
                                      on=dt.date(2026, 2, 12))


@pytest.mark.django_db
@pytest.mark.policy("L-16")
def test_a_full_correction_needs_no_reason_and_only_the_privacy_officer_decides(request_, privacy_officer,
                                                                             caseworker):
    with pytest.raises(ApplicationError, match="functionaris"):
        services.decide_rectification(actor=caseworker, item=request_, outcome="gecorrigeerd",
                                      answered_on=dt.date(2026, 2, 3))
    services.decide_rectification(actor=privacy_officer, item=request_, outcome="gecorrigeerd",
                                  answered_on=dt.date(2026, 2, 3))
    assert RectificationRequest.objects.get().outcome == "gecorrigeerd"


@pytest.mark.django_db
@pytest.mark.policy("L-16")
def test_the_database_refuses_a_closed_request_without_date_or_decider(request_):
    with transaction.atomic(), pytest.raises(IntegrityError):
        RectificationRequest.objects.filter(pk=request_.pk).update(outcome="gecorrigeerd")


@pytest.mark.django_db
@pytest.mark.policy("L-16")
def test_an_extension_is_once_with_a_reason_and_within_the_first_month(request_, privacy_officer):
    with pytest.raises(ApplicationError, match="waarom meer tijd"):
        services.extend_rectification(actor=privacy_officer, item=request_, reason=" ", on=dt.date(2026, 2, 1))
    with pytest.raises(ApplicationError, match="eerste termijn is al verstreken"):
        services.extend_rectification(actor=privacy_officer, item=request_, reason="Complex",
                                      on=dt.date(2026, 3, 1))
    item = services.extend_rectification(actor=privacy_officer, item=request_, reason="Drie bronnen nagaan",
                                         on=dt.date(2026, 2, 28))  # the last day of the first month
    item.refresh_from_db()
    assert item.extended_on == dt.date(2026, 2, 28) and item.extension_reason == "Drie bronnen nagaan"
    assert item.answer_due_on == dt.date(2026, 4, 28)
    with pytest.raises(ApplicationError, match="al verlengd"):
        services.extend_rectification(actor=privacy_officer, item=request_, reason="Nog eens",
                                      on=dt.date(2026, 2, 28))


@pytest.mark.django_db
@pytest.mark.policy("L-16")
def test_the_screen_records_extension_and_outcome_with_clear_messages(client, request_, privacy_officer):
    verified_login(client, privacy_officer)
    url = f"/fg/rechten/rectificatie/{request_.pk}/"
    html = client.get(url).content.decode()
    assert "28 februari 2026" in html and "Uitkomst vastleggen" in html
    assert request_.resident.surname not in html and request_.resident.bsn not in html

    response = client.post(url, {"actie": "afhandelen", "uitkomst-outcome": "afgewezen",
                                 "uitkomst-answered_on": "2026-02-10", "uitkomst-note": ""})
    body = response.content.decode()
    assert response.status_code == 400 and "De inwoner krijgt deze reden te horen." in body
    assert 'href="#id_uitkomst-note"' in body  # the error summary links to the field
    response = client.post(url, {"actie": "afhandelen", "uitkomst-answered_on": "gisteren"})
    assert response.status_code == 400 and "Kies de uitkomst van het verzoek." in response.content.decode()
    assert "Vul een geldige datum in" in response.content.decode()

    response = client.post(url, {"actie": "verlengen", "verlengen-reason": ""})
    assert response.status_code == 400 and "Schrijf op waarom meer tijd nodig is." in response.content.decode()
    response = client.post(url, {"actie": "afhandelen", "uitkomst-outcome": "deels",
                                 "uitkomst-answered_on": "2026-02-20", "uitkomst-note": "Adres aangepast, "
                                 "beroep niet."})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Gedeeltelijk gecorrigeerd" in html and "Adres aangepast, beroep niet." in html
    assert "Uitkomst vastleggen" not in html and "verlengen" not in html
    # a resubmitted form does not change the outcome
    response = client.post(url, {"actie": "afhandelen", "uitkomst-outcome": "gecorrigeerd",
                                 "uitkomst-answered_on": "2026-02-21"}, follow=True)
    assert "Dit verzoek is al afgehandeld op 20-02-2026." in response.content.decode()
    assert RectificationRequest.objects.get().outcome == "deels"
