"""L-15: everything the municipality holds about one resident, as JSON and as PDF (the PDF is
rendered from the same dict, so both hold the same content).

The export is driven by INCLUDED: each (model, foreign key) that points at the resident or at
one of their dossiers. Every model with a foreign key to `cases.Resident` or `cases.Case` must
be in INCLUDED or in EXCLUDED with a reason; tests/desk/test_rights.py walks all models and
fails on one that is in neither, so a new table cannot silently fall out of the export.
"""

import datetime as dt
import decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Min, Q

from audit.models import AccessLogEntry
from cases.models import Case, Resident

# "app.Model": the foreign keys by which its rows belong to the resident.
INCLUDED = {
    "cases.Case": ["resident"],
    "cases.EmergencyAccess": ["case"],
    "cases.ArchiveReadConsent": ["case"],
    "cases.IdentityCheck": ["resident", "case"],
    "cases.HouseholdMember": ["resident"],
    "cases.Representation": ["resident"],
    "cases.Note": ["case"],
    "cases.Document": ["case"],
    "cases.ReductionRecord": ["case"],
    "cases.TransparencyNotice": ["case"],
    "cases.MissingInformation": ["case"],
    "disclosures.Consultation": ["case"],
    "disclosures.Disclosure": ["case"],
    "disclosures.StatutoryRequest": ["case"],
    "disclosures.Objection": ["case"],
    "meldcode.MeldcodeTrack": ["case"],
    "plans.Plan": ["case"],
    "plans.PlanSection": ["member_case"],
    "plans.MaatwerkRequest": ["case"],
    "signals.Signal": ["resident", "case"],
    "retention.ErasureRequest": ["resident"],
    "retention.CleanupRecord": ["case"],
    "desk.AccessRequest": ["resident"],
    "desk.RectificationRequest": ["resident"],
}
EXCLUDED = {
    "cases.CaseUserObjectPermission": "Toegangsrechten van medewerkers op een dossier; geen gegevens over de "
                                      "inwoner. Wie werkelijk keek staat in het overzicht uit het toegangslogboek.",
    "cases.CaseGroupObjectPermission": "Toegangsrechten van teams op een dossier; idem.",
    "retention.CleanupReminder": "Interne herinnering aan de consulent om een dossier op te schonen; bevat alleen "
                                 "het dossier en een datum, die al in het dossier staan.",
    "retention.DestructionListItem": "Regel op een vernietigingslijst in voorbereiding; het dossier zelf staat "
                                     "in het overzicht zolang het bestaat.",
}
_SKIP = {"bsn_hash", "prev_hash", "hash"}


def _value(obj, field):
    if isinstance(field, models.FileField):
        return "bestand aanwezig" if getattr(obj, field.name) else ""
    if field.many_to_one or field.one_to_one:
        if field.related_model._meta.label == settings.AUTH_USER_MODEL:
            return None  # staff are named by role in the access summary, not one by one here
        related = getattr(obj, field.name)
        if related is None:
            return None
        if field.related_model in (Case, Resident):
            return related.pk
        return str(related)
    value = getattr(obj, field.attname)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    return value


def serialise(obj) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIP or field.name.endswith("_hash"):
            continue
        value = _value(obj, field)
        if value is not None or not (field.many_to_one or field.one_to_one):
            out[field.name] = value
    return out


def _rows(label, fks, resident, case_ids):
    model = apps.get_model(label)
    query = Q()
    for fk in fks:
        target = model._meta.get_field(fk).related_model
        query |= Q(**{fk: resident}) if target is Resident else Q(**{f"{fk}__in": case_ids})
    return [serialise(o) for o in model.objects.filter(query).distinct().order_by("pk")]


def access_summary(resident, case_ids) -> list[dict]:
    """Who looked, from the access log: by role and kind of look, with first and last moment."""
    rows = (AccessLogEntry.objects.filter(Q(resident_id=resident.pk) | Q(case_id__in=case_ids))
            .filter(result=AccessLogEntry.Result.ALLOWED).order_by()
            .values("role", "action").annotate(n=Count("pk"), first=Min("at"), last=Max("at"))
            .order_by("role", "action"))
    labels = dict(AccessLogEntry.Action.choices)
    return [{"rol": r["role"] or "systeem", "handeling": labels.get(r["action"], r["action"]), "aantal": r["n"],
             "eerste": r["first"].isoformat(), "laatste": r["last"].isoformat()} for r in rows]


def export_resident(resident: Resident) -> dict:
    case_ids = list(Case.objects.filter(resident=resident).values_list("pk", flat=True))
    data = {"inwoner": serialise(resident)}
    for label, fks in INCLUDED.items():
        data[label] = _rows(label, fks, resident, case_ids)
    data["wie_keek"] = access_summary(resident, case_ids)
    return data


def _label(label: str, name: str) -> str:
    try:
        return str(apps.get_model(label)._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a key that is no model field keeps its own name
        return name


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def sections(data: dict) -> list[dict]:
    """The export dict as titled sections of (label, value) rows, for the PDF."""
    out = [{"title": "Inwoner", "rows": [[(_label("cases.Resident", k), _shown(v))
                                          for k, v in data["inwoner"].items()]]}]
    for label in INCLUDED:
        model = apps.get_model(label)
        out.append({"title": str(model._meta.verbose_name_plural).capitalize(),
                    "rows": [[(_label(label, k), _shown(v)) for k, v in row.items()] for row in data[label]]})
    return out


def recipients(data: dict) -> list[dict]:
    """Who received the resident's data: from the disclosure register (L-15)."""
    return [{"ontvanger": d.get("recipient"), "soort": d.get("recipient_kind"), "grondslag": d.get("legal_ground"),
             "op": d.get("recorded_at"), "gegevens": _shown(d.get("categories"))}
            for d in data["disclosures.Disclosure"]]


def export_pdf(data: dict, *, request_pk: int) -> bytes:
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML  # imported late: loading WeasyPrint is slow

    html = render_to_string("desk/access_export_pdf.html", {
        "sections": sections(data), "recipients": recipients(data), "looked": data["wie_keek"],
        "request_pk": request_pk, "now": timezone.localtime()})
    return HTML(string=html).write_pdf(pdf_tags=True)
