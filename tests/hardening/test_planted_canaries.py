"""Planted canaries (P-2.2.5, L-LOG): a unique value in EVERY field marked personal or special
(core.personal: every encrypted field, plus PERSONAL_FIELDS) must never reach application
logs, the access log, the change history, Celery task payloads, error pages or URLs.

The world is built with the services where they exist and with a small generic builder for
the rest; then every personal field is written through the ORM with a canary (an update for
ordinary models, a new row for append-only ones), the main pages are walked, the periodic
tasks are published and run, and error pages are provoked. Then every sink is searched.
"""

import base64
import datetime as dt
import json
import logging
import uuid
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from celery.signals import before_task_publish
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts import roles
from audit.models import AccessLogEntry
from cases.rules import is_valid_bsn
from cases.services import (
    add_note,
    add_representative,
    record_missing_information,
    request_emergency_access,
)
from core.fields import EncryptedDateField
from core.personal import PERSONAL_FIELDS, personal_fields
from disclosures import services as disclosure_services
from disclosures.models import ClientInformedDecision, LegalGround, StatutoryRequest
from doetinchem_privacy.celery import app as celery_app
from meldcode.services import record_step
from plans import services as plan_services
from processors.models import DataCategory

from ..conftest import _persona, verified, verified_login
from ..factories import OrganisationFactory
from ..plans.helpers import forwarded_request
from ..signals.conftest import make_signal
from ..test_permission_matrix import EXPECTATIONS

pytestmark = [pytest.mark.django_db, pytest.mark.policy("L-LOG"), pytest.mark.policy("P-2.2.5")]
CANARY_DATE = dt.date(1911, 11, 11)
DATE_FORMS = ("1911-11-11", "11-11-1911", "11 november 1911", "11/11/1911", "11.11.1911")


def test_every_personal_field_stays_out_of_the_change_history_by_registration():
    """Structural half: a personal field of a model with change history is excluded from it."""
    for model, name in personal_fields():
        if model in auditlog._registry:
            assert name in auditlog._registry[model]["exclude_fields"], (model.__name__, name)
    known = {f"{m._meta.app_label}.{m.__name__}.{n}" for m, n in personal_fields()}
    assert known >= PERSONAL_FIELDS  # the registry names fields that exist


# --- the world ---------------------------------------------------------------------------

def _canary_bsn(seed: int) -> str:
    n = 611_000_000 + seed * 1_009
    while not is_valid_bsn(str(n)):
        n += 1
    return str(n)


def _simple_value(field, n):
    if isinstance(field, EncryptedDateField) or isinstance(field, models.DateField) and not isinstance(
            field, models.DateTimeField):
        return dt.date(2026, 1, 5)
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.IntegerField, models.BigIntegerField, models.PositiveIntegerField)):
        return n
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.JSONField):
        return []
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.FileField):
        return "documents/none.bin"
    if isinstance(field, (models.CharField, models.TextField)):
        return f"x{n}"[: getattr(field, "max_length", None) or 40]
    raise NotImplementedError(f"{field.model.__name__}.{field.name}: {type(field).__name__}")


def build(model, depth=0):
    """One row of `model` with every required field filled; related rows are reused or built."""
    assert depth < 6, model
    values, n = {}, uuid.uuid4().int % 10_000_000
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default() or getattr(field, "auto_now", False) \
                or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            related = field.related_model
            existing = None if field.one_to_one or field.unique else related.objects.order_by("pk").first()
            values[field.name] = existing or build(related, depth + 1)
        else:
            values[field.name] = _simple_value(field, n)
    instance = model(**values)
    instance.save()
    return instance


def _world(people):
    coach, reviewer, af, fg = people["coach"], people["reviewer"], people["af"], people["fg"]
    case, request, _ = forwarded_request(coach)
    decision = plan_services.issue_decision(request=request, actor=reviewer, outcome="refused",
                                            reasons="De traplift past niet in de woning.")
    veilig_thuis = OrganisationFactory(name="Veilig Thuis", kind="statutory_body")
    disclosure_services.record_disclosure(
        actor=coach, case=case, recipient=veilig_thuis, legal_ground=LegalGround.AVG_6_1_E, purpose=case.statute,
        categories=[DataCategory.ORDINARY], items=["resident.name"], decided_by=af,
        client_informed=ClientInformedDecision.INFORMED, informed_on=dt.date.today())
    consultation = disclosure_services.request_consultation(actor=coach, case=case, consultee=af,
                                                            question="Mag ik melden?")
    disclosure_services.register_objection(actor=coach, case=case, received_on=dt.date.today(), grounds="Bezwaar.")
    record_step(actor=coach, case=case, number=1, note="Signalen in kaart gebracht.")
    add_note(case=case, actor=coach, text="Notitie.", category="ordinary", is_working_note=False)
    add_representative(case=case, actor=coach, kind="mentor", name="Mentor", custody_verified=False)
    record_missing_information(case=case, actor=coach, description="Loonstrook", asked_on=dt.date(2026, 1, 5),
                               refused=False)
    access = request_emergency_access(actor=people["other"], case=case, reason="stand_in",
                                      explanation="Waarneming.")
    StatutoryRequest.objects.create(case=case, requester=veilig_thuis, received_on=dt.date(2026, 1, 5),
                                    question="Vraag.", registered_by=coach,
                                    memo_pdf=base64.b64encode(b"%PDF-1.7 memo").decode(), memo_size=13)
    signal = make_signal()
    return {"case": case, "request": request, "decision": decision, "consultation": consultation,
            "access": access, "signal": signal, "fg": fg}


def _canary_value(model, field, tag):
    key = f"{model._meta.app_label}.{model.__name__}.{field.name}"
    text = f"Kanarie{tag}{model.__name__}{field.name.replace('_', '')}Q"
    if isinstance(field, EncryptedDateField):
        return CANARY_DATE, DATE_FORMS
    if key == "cases.Resident.bsn":
        bsn = _canary_bsn(tag)
        return bsn, (bsn, f"{bsn[:4]} {bsn[4:6]} {bsn[6:]}", f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}")
    if key == "signals.Signal.subject_bsn":
        bsn = _canary_bsn(tag + 7)
        return bsn, (bsn,)
    if key == "plans.MaatwerkRequest.extract":
        return None, (text,)  # filled in from the existing extract below
    if key == "disclosures.StatutoryRequest.memo_pdf":
        raw = base64.b64encode(f"%PDF-1.7 {text}".encode()).decode()
        return raw, (raw, text)
    if key == "disclosures.Disclosure.items":
        return [{"id": "resident.name", "label": text}], (text,)
    max_length = getattr(field, "max_length", None)
    return text[:max_length] if max_length else text, (text[:max_length] if max_length else text,)


def _plant(tag) -> dict[str, tuple]:
    """Write a canary into every personal field; return {field key: forms to search for}."""
    planted = {}
    by_model = {}
    for model, name in personal_fields():
        by_model.setdefault(model, []).append(model._meta.get_field(name))
    for model, fields in by_model.items():
        instance = model.objects.order_by("pk").first() or build(model)
        values = {}
        for field in fields:
            value, forms = _canary_value(model, field, tag)
            if value is None:  # the extract stays valid JSON with the canary inside
                data = json.loads(instance.extract)
                data["kanarie"] = forms[0]
                value = json.dumps(data)
            values[field.name] = value
            planted[f"{model._meta.app_label}.{model.__name__}.{field.name}"] = forms
        if model.__name__ == "Resident":
            from core.crypto import keyed_hash

            values["bsn_hash"] = keyed_hash(values["bsn"], purpose="bsn")
        try:
            with transaction.atomic():
                for name, value in values.items():
                    setattr(instance, name, value)
                instance.save()  # an ordinary model: an update through the ORM (change history)
        except Exception as error:  # noqa: BLE001 - append-only: a new row instead
            refused = error
            copy = model.objects.get(pk=instance.pk)
            copy.pk = copy.id = None
            copy._state.adding = True
            for field in model._meta.concrete_fields:
                if field.unique and not field.primary_key:
                    if field.is_relation and not field.null:  # one-to-one: a fresh row to hang it on
                        setattr(copy, field.name, build(field.related_model))
                    elif field.null:
                        setattr(copy, field.attname, None)
                    elif isinstance(field, models.CharField):
                        setattr(copy, field.attname, f"U{uuid.uuid4().hex}"[: field.max_length])
            for name, value in values.items():
                setattr(copy, name, value)
            try:
                with transaction.atomic():
                    copy.save()
            except Exception as second:  # noqa: BLE001
                raise AssertionError(f"{model.__name__}: neither update ({refused}) nor insert ({second})") from second
    return planted


# --- the sinks ---------------------------------------------------------------------------

def _dump(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table names from model metadata
        return repr(cursor.fetchall())


def test_planted_canaries_never_reach_logs_history_tasks_error_pages_or_urls(client, caplog, statement,
                                                                            coach_with_agreement, zorgplein_reviewer,
                                                                            privacy_officer, other_caseworker,
                                                                            archivist, settings, tmp_path):
    settings.AUDIT_CHAIN_HEAD_EXPORT = str(tmp_path / "heads.jsonl")
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    af = _persona("af", roles.AF, statement=statement)
    intake = _persona("intake", roles.INTAKE, statement=statement)
    people = {"coach": verified(coach_with_agreement), "reviewer": verified(zorgplein_reviewer), "af": verified(af),
              "fg": privacy_officer, "other": verified(other_caseworker)}
    world = _world(people)
    planted = _plant(tag=1)
    case = world["case"]

    # every personal field carries its canary (the meta-test: a new personal field is covered here)
    for key in {f"{m._meta.app_label}.{m.__name__}.{n}" for m, n in personal_fields()}:
        app_model, name = key.rsplit(".", 1)
        assert key in planted, key
    stored = {}
    for model, name in personal_fields():
        values = [getattr(o, name) for o in model.objects.all()]
        stored[(model, name)] = values
        key = f"{model._meta.app_label}.{model.__name__}.{name}"
        forms = planted[key]
        assert any(v == CANARY_DATE or (isinstance(v, str) and any(f in v for f in forms))
                   or (isinstance(v, list) and forms[0] in json.dumps(v)) for v in values), key

    # Celery: capture every published task (arguments, headers) and run the periodic ones
    published = []

    def _capture(body=None, headers=None, **kwargs):
        published.append(repr(body) + repr(headers))

    before_task_publish.connect(_capture, weak=False)
    queue = f"canary-{uuid.uuid4().hex[:8]}"
    results = []
    try:
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            task = import_string(entry["task"])
            if settings.CELERY_BROKER_URL.startswith("redis://"):
                task.apply_async(queue=queue)
            results.append(repr(task.apply().result))
    finally:
        before_task_publish.disconnect(_capture)
        if settings.CELERY_BROKER_URL.startswith("redis://"):
            with celery_app.connection_for_write() as conn:
                conn.default_channel.queue_delete(queue)
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        assert len(published) == len(settings.CELERY_BEAT_SCHEDULE)

    # the pages: every route as the person who may see it, plus searches for the canaries
    asker = {"fg": "fg", "desk_record": "fg", "agreements": "fg", "processing_register": "fg",
             "zorgplein": "reviewer", "consultation": "af", "signals": "intake", "archive": "archivist",
             "jobs": "archivist"}
    people.update(intake=intake, archivist=archivist)
    fill = {"zorgplein/verzoeken/<int:pk>/": world["request"].pk, "zorgplein/besluiten/<int:pk>/":
            world["decision"].pk, "consultaties/<int:pk>/": world["consultation"].pk,
            "fg/buiten-toewijzing/<int:pk>/": world["access"].pk, "signalen/<int:pk>/": world["signal"].pk}
    document = case.documents.first()
    missing = case.missing.first() if hasattr(case, "missing") else None
    from cases.models import MissingInformation

    missing = missing or MissingInformation.objects.filter(case=case).first()
    statutory = StatutoryRequest.objects.filter(case=case).first()
    urls, ok = [], 0
    client.raise_request_exception = False
    for route, kind in EXPECTATIONS.items():
        if route.startswith("beheer/") or kind in ("api", "login", "missing_post"):
            continue
        pk = next((v for prefix, v in fill.items() if route.startswith(prefix)), case.pk)
        url = "/" + route.replace("<int:pk>", str(pk)).replace("<int:document_pk>", str(document.pk)).replace(
            "<int:item_pk>", str(missing.pk)).replace("<int:request_pk>", str(statutory.pk)).replace(
            "<int:number>", "1").replace("<int:section_pk>", "1").replace("<int:objection_pk>", "1").replace(
            "<int:meeting_pk>", "1")
        verified_login(client, people[asker.get(kind, "coach")])
        response = client.get(url)
        assert response.status_code != 500, url
        urls.append(url)
        if response.status_code in (301, 302):
            urls.append(response["Location"])
        ok += response.status_code == 200
    assert ok >= 40
    verified_login(client, people["coach"])
    for forms in (planted["cases.Resident.bsn"], planted["cases.Resident.surname"]):
        response = client.post("/zoeken/", {"query": forms[0]})
        assert response.status_code == 200  # the search terms themselves are canaries too
    # error pages: 404, 403, 400 (a foreign host), each with the canaries around
    verified_login(client, people["coach"])
    errors = [client.get("/dossiers/999999999/"), client.get(f"/dossiers/{case.pk}/verstrekkingen/999999/"),
              client.post("/zoeken/", {"query": planted["cases.Resident.surname"][0]}, HTTP_HOST="evil.example")]
    verified_login(client, archivist)
    errors.append(client.get("/dossiers/nieuw/"))
    assert sorted(r.status_code for r in errors) == [400, 403, 404, 404]

    sinks = {
        "application logs": caplog.text,
        "access log": _dump(AccessLogEntry._meta.db_table),
        "change history": _dump(LogEntry._meta.db_table) + repr(list(LogEntry.objects.values())),
        "task payloads": "".join(published) + "".join(results),
        "error pages": "".join(r.content.decode(errors="replace") for r in errors),
        "urls": " ".join(urls),
        "other audit tables": _dump("audit_securityevent") + _dump("audit_chainverification"),
    }
    assert AccessLogEntry.objects.count() > 20 and LogEntry.objects.count() > 10
    assert "Kanarie" not in "".join(urls)
    leaks = [(sink, key, form) for key, forms in planted.items() for form in forms
             for sink, text in sinks.items() if form in text]
    assert leaks == []
