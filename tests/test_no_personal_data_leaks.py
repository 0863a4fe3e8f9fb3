"""Planted personal values never appear in the access log, the change history, application
logs or URLs (L-LOG, P-2.2.5)."""

import logging

import pytest
from auditlog.models import LogEntry
from django.db import connection

from audit.models import AccessLogEntry

from .conftest import verified_login
from .factories import make_case, make_resident

pytestmark = [pytest.mark.django_db, pytest.mark.policy("L-LOG")]
PLANTED_BSN = "736160218"
PLANTED_NAME = "Zwanenburg-Plantwaarde"
PLANTED_REQUEST = "Planted-hulpvraag-Xq7"


def _dump(model):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table name from model metadata
        return repr(cursor.fetchall())


def test_planted_values_stay_out_of_logs_and_history(client, caseworker, other_caseworker, caplog):
    caplog.set_level(logging.DEBUG)
    resident = make_resident(caseworker, bsn=PLANTED_BSN, surname=PLANTED_NAME)
    case = make_case(caseworker, resident=resident, request=PLANTED_REQUEST)
    case.resident.address = "Planted-adres 1"
    case.resident.save()
    verified_login(client, caseworker)
    visited = [f"/dossiers/{case.pk}/", "/dossiers/", "/", f"/dossiers/{case.pk}/inzage/"]
    for url in visited:
        assert client.get(url).status_code == 200
    for query in (PLANTED_BSN, PLANTED_NAME, "736 160 218"):
        response = client.post("/zoeken/", {"query": query})
        assert response.status_code == 200
        assert PLANTED_NAME in response.content.decode()  # found, in the page body only
    verified_login(client, other_caseworker)
    client.get(f"/dossiers/{case.pk}/")
    client.post("/zoeken/", {"query": PLANTED_BSN})

    assert AccessLogEntry.objects.count() >= 8
    history = _dump(LogEntry) + repr(list(LogEntry.objects.values()))
    logs = caplog.text + _dump(AccessLogEntry)
    for value in (PLANTED_BSN, PLANTED_NAME, PLANTED_REQUEST, "Planted-adres"):
        assert value not in history
        assert value not in logs
        assert all(value not in url for url in visited)
    assert LogEntry.objects.filter(object_pk=str(resident.pk)).exists()  # history was written
