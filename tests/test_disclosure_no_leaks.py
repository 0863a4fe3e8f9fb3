"""Planted personal values go into the memo only: never into the disclosure register's plain
columns, the change history, the access log, application logs or URLs (L-LOG, P-2.1.4)."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection

from accounts.models import Organisation
from audit.models import AccessLogEntry
from disclosures.models import ClientInformed, Consultation, Disclosure, Objection, StatutoryRequest

from .factories import OrganisationFactory, make_case, make_resident

pytestmark = pytest.mark.django_db
PLANTED = ("Zwanenburg-Plantwaarde", "736160218", "Planted-adres 7", "Planted-hulpvraag-Xq7",
           "Planted-vraag-VT", "Planted-bezwaar")


def _dump(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608 - name from model metadata
        return repr(cursor.fetchall())


@pytest.mark.policy("P-2.1.4")
def test_planted_values_stay_out_of_register_history_logs_and_urls(client, login, caseworker, caplog):
    caplog.set_level(logging.DEBUG)
    body = OrganisationFactory(name="Raad voor de Kinderbescherming", kind=Organisation.Kind.STATUTORY_BODY)
    resident = make_resident(caseworker, bsn=PLANTED[1], surname=PLANTED[0], address=PLANTED[2])
    case = make_case(caseworker, resident=resident, request=PLANTED[3])
    login(caseworker)
    urls = []
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        response = client.post(f"/dossiers/{case.pk}/verzoeken/registreren/", {
            "requester": body.pk, "received_on": "10-03-2026", "question": PLANTED[4]})
        urls.append(response.url)
        answer = {"items": ["resident.name", "resident.bsn", "resident.address", "case.request"],
                  "legal_ground": "bw_1_240", "inform_on": "20-03-2026", "confirm": "1"}
        response = client.post(response.url, answer)
        urls.append(response.url)
        request = StatutoryRequest.objects.get()
        memo = client.get(f"/dossiers/{case.pk}/verzoeken/{request.pk}/memo.pdf")
        assert memo.status_code == 200
        response = client.post(f"/dossiers/{case.pk}/bezwaren/", {"received_on": "10-03-2026",
                                                                  "grounds": PLANTED[5]})
        urls.append(response.url)
    assert Disclosure.objects.count() == 1 and Objection.objects.count() == 1
    assert LogEntry.objects.get_for_model(Disclosure).exists()  # history is kept, without the values
    stored = "".join(_dump(m) for m in (Disclosure, StatutoryRequest, ClientInformed, Consultation, Objection,
                                        LogEntry, AccessLogEntry))
    logs = caplog.text
    for value in PLANTED:
        assert value not in stored, value
        assert value not in logs, value
        assert all(value not in url for url in urls), value
