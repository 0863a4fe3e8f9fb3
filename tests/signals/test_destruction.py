"""An evidently wrong signal leaves no trace of its content anywhere (P-2.2.3)."""

import uuid

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from psycopg import sql

from signals.models import DestroyedSignal, Signal

from ..conftest import verified_login
from .conftest import make_signal

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.3")]

TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


def columns_containing(needle: str) -> set[str]:
    """Every text, varchar and json column of every table in the database that holds needle."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s)", [list(TEXT_TYPES)])
        columns = cursor.fetchall()
        found = set()
        for table, column in columns:
            query = sql.SQL("SELECT 1 FROM {} WHERE {}::text LIKE %s LIMIT 1").format(
                sql.Identifier(table), sql.Identifier(column))
            cursor.execute(query.as_string(connection.connection), [f"%{needle}%"])
            if cursor.fetchone():
                found.add(f"{table}.{column}")
    return found


def raw_column(pk, column):
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT {} FROM signals_signal WHERE id = %s").format(
            sql.Identifier(column)).as_string(connection.connection), [pk])
        return cursor.fetchone()[0]


def test_destroyed_signal_leaves_only_a_content_free_trace(client, intake_user, housing_corporation):
    marker = f"Onjuist-{uuid.uuid4().hex}"
    name_marker = f"Naam-{uuid.uuid4().hex[:12]}"
    signal = make_signal(content=f"Melding {marker}", subject_name=name_marker, subject_bsn="111222333",
                         partner=housing_corporation)
    signal.category = "other"
    signal.save()  # a change-history row with a diff, to prove the history goes too
    ciphertext, name_ciphertext = raw_column(signal.pk, "content"), raw_column(signal.pk, "subject_name")
    history = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Signal),
                                      object_pk=str(signal.pk))
    # Controls: the scanner finds the stored (encrypted) value, and plaintext is never stored.
    assert columns_containing(ciphertext[-24:]) == {"signals_signal.content"}
    assert columns_containing(marker) == set()
    assert history.count() == 2

    verified_login(client, intake_user)
    assert marker in client.get(f"/signalen/{signal.pk}/").content.decode()
    response = client.post(f"/signalen/{signal.pk}/beoordelen/", {"decision": "evidently_wrong"})
    assert response.status_code == 302 and response.url == f"/signalen/{signal.pk}/vernietigen/"
    check = client.get(response.url).content.decode()
    assert "Dit kan niet ongedaan worden gemaakt" in check and f"Vernietig signaal {signal.pk} definitief" in check
    response = client.post(f"/signalen/{signal.pk}/vernietigen/", follow=True)
    assert "Signaal vernietigd. Bewaard zijn alleen datum, bron en beoordelaar." in response.content.decode()

    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert history.count() == 0
    for needle in (marker, name_marker, "111222333", ciphertext[-24:], name_ciphertext[-24:]):
        assert columns_containing(needle) == set(), needle
    assert not LogEntry.objects.filter(changes_text__contains=marker).exists()
    trace = DestroyedSignal.objects.get(signal_ref=signal.pk)
    assert (trace.source_kind, trace.partner, trace.assessor, trace.reason) == (
        "professional", housing_corporation, intake_user, DestroyedSignal.Reason.EVIDENTLY_WRONG)
    assert trace.received_on and trace.assessed_on


def test_destroy_post_is_idempotent(client, intake_user, signal):
    verified_login(client, intake_user)
    client.post(f"/signalen/{signal.pk}/vernietigen/")
    again = client.post(f"/signalen/{signal.pk}/vernietigen/", follow=True)
    assert again.status_code == 200
    assert "Dit signaal is al vernietigd op" in again.content.decode()
    assert DestroyedSignal.objects.filter(signal_ref=signal.pk).count() == 1


def test_assessed_signal_cannot_be_destroyed_as_evidently_wrong(intake_user, signal):
    import datetime as dt

    from core.dates import today
    from core.errors import ApplicationError
    from signals import services

    services.assess_no_action(signal=signal, actor=intake_user, severity="laag",
                              retain_until=today() + dt.timedelta(days=30))
    with pytest.raises(ApplicationError):
        services.destroy_signal(signal=signal, actor=intake_user)
    assert Signal.objects.filter(pk=signal.pk).exists()
