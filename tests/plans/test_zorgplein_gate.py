"""The Zorgplein gate (P-2.2.2): the reviewer sees forwarded requests and their extracts, and
nothing else; nobody else reaches the reviewer's pages."""

import pytest

from audit.models import AccessLogEntry
from plans.models import MaatwerkRequest

from ..conftest import verified_login
from ..factories import make_case
from .helpers import forwarded_request

pytestmark = pytest.mark.django_db

REVIEWER_PAGES = ["/zorgplein/verzoeken/{pk}/", "/zorgplein/verzoeken/{pk}/documenten/{doc}/"]
OTHERS = ["caseworker", "teammate", "team_lead", "coach_with_agreement", "coach_without_agreement", "archivist",
          "privacy_officer", "administrator", "outsider"]


@pytest.fixture
def forwarded(coach_with_agreement):
    from ..conftest import verified
    return forwarded_request(verified(coach_with_agreement))


@pytest.mark.policy("P-2.2.2")
def test_reviewer_gets_404_on_the_dossier_the_resident_and_the_plan(client, zorgplein_reviewer, forwarded):
    case, _, records = forwarded
    verified_login(client, zorgplein_reviewer)
    for url in (f"/dossiers/{case.pk}/", f"/dossiers/{case.pk}/inwoner/", f"/dossiers/{case.pk}/gezinsplan/",
                f"/dossiers/{case.pk}/documenten/", f"/dossiers/{case.pk}/maatwerkverzoek/",
                f"/dossiers/{case.pk}/gezinsplan/leefgebied/{records['housing'].pk}/",
                f"/dossiers/{case.pk}/documenten/{records['document'].pk}/downloaden/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.policy("P-2.2.2")
def test_reviewer_sees_exactly_the_forwarded_extract(client, zorgplein_reviewer, forwarded):
    case, request, _ = forwarded
    verified_login(client, zorgplein_reviewer)
    response = client.get(f"/zorgplein/verzoeken/{request.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je ziet alleen wat de buurtcoach heeft doorgestuurd." in html
    assert "Traplift aanvragen." in html and case.resident.surname in html and "Advies ergotherapeut" in html
    assert "GEHEIM-FINANCIEN-DOEL" not in html and "GEHEIME-HULPVRAAG-TEKST" not in html
    assert "Niet doorgestuurd document" not in html
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(user=zorgplein_reviewer, case_id=case.pk, result="allowed",
                                         purpose="maatwerkverzoek_beoordelen").exists()


@pytest.mark.policy("P-2.2.2")
def test_reviewer_downloads_only_forwarded_documents(client, zorgplein_reviewer, forwarded):
    case, request, records = forwarded
    other = case.documents.exclude(pk=records["document"].pk).get()
    verified_login(client, zorgplein_reviewer)
    ok = client.get(f"/zorgplein/verzoeken/{request.pk}/documenten/{records['document'].pk}/")
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")
    assert client.get(f"/zorgplein/verzoeken/{request.pk}/documenten/{other.pk}/").status_code == 404
    assert AccessLogEntry.objects.filter(user=zorgplein_reviewer, action="export",
                                         purpose="doorgestuurd_document").count() == 1


@pytest.mark.policy("P-2.2.2")
def test_a_request_that_was_not_forwarded_is_404(client, zorgplein_reviewer, coach_with_agreement):
    case = make_case(coach_with_agreement)
    draft = MaatwerkRequest.objects.create(reference="MV-2026-9999", case=case, statute="wmo", question="Concept.",
                                           extract='{"parts": []}', created_by=coach_with_agreement)
    verified_login(client, zorgplein_reviewer)
    assert client.get(f"/zorgplein/verzoeken/{draft.pk}/").status_code == 404
    assert client.get("/zorgplein/verzoeken/999999/").status_code == 404
    assert "MV-2026-9999" not in client.get("/zorgplein/").content.decode()
    assert AccessLogEntry.objects.filter(user=zorgplein_reviewer, result="refused").count() == 2


@pytest.mark.policy("P-2.2.2")
@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_reaches_the_reviewer_pages(request, client, persona, forwarded):
    case, item, records = forwarded
    verified_login(client, request.getfixturevalue(persona))
    for page in REVIEWER_PAGES:
        url = page.format(pk=item.pk, doc=records["document"].pk)
        assert client.get(url).status_code == 404, (persona, url)
    assert client.post(f"/zorgplein/verzoeken/{item.pk}/oppakken/").status_code == 404
    assert client.post(f"/zorgplein/verzoeken/{item.pk}/", {"step": "confirm", "outcome": "refused",
                                                            "reasons": "Nee."}).status_code == 404
    assert not item.decisions.exists()
    assert item.reference not in client.get("/zorgplein/").content.decode()


@pytest.mark.policy("P-2.2.2")
def test_reviewer_without_second_factor_gets_nothing(client, zorgplein_reviewer, forwarded):
    _, item, _ = forwarded
    client.force_login(zorgplein_reviewer)
    response = client.get(f"/zorgplein/verzoeken/{item.pk}/")
    assert response.status_code in (302, 404)


@pytest.mark.policy("P-2.2.2")
def test_the_queue_is_sorted_by_the_statutory_deadline(client, zorgplein_reviewer, coach_with_agreement):
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    from core.dates import today

    from ..conftest import verified
    from .helpers import forward
    # A Wednesday, so that "tomorrow" is a working day a term can end on (Algemene termijnenwet).
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        coach = verified(coach_with_agreement)
        late = forward(make_case(coach), coach, parts=["request"], statute="jeugdwet",
                       applied_on=today() - dt.timedelta(days=1))  # due in 8 weeks
        before = today() - dt.timedelta(days=20)
        soon = forward(make_case(coach), coach, parts=["request"], notified_on=before,
                       applied_on=today() - dt.timedelta(days=13))
        overdue = forward(make_case(coach), coach, parts=["request"], notified_on=before,
                          applied_on=today() - dt.timedelta(days=15))
        verified_login(client, zorgplein_reviewer)
        html = client.get("/").content.decode()  # the reviewer's home page is the queue
    assert "Beoordelingswachtrij" in html
    positions = [html.index(r.reference) for r in (overdue, soon, late)]
    assert positions == sorted(positions)
    assert "Te laat" in html and "Morgen" in html
    assert AccessLogEntry.objects.filter(user=zorgplein_reviewer, action="list").count() == 3
