"""The dossier's change history (tijdlijn) from django-auditlog: who changed what, when.

Content never shows: encrypted and personal fields are excluded from the history at
registration (cases/models.py), and this page lists field names only, never values.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import Case, Document, IdentityCheck, MissingInformation, Note, TransparencyNotice

LINKED = (Note, Document, IdentityCheck, TransparencyNotice, MissingInformation)
ACTIONS = {LogEntry.Action.CREATE: "aangemaakt", LogEntry.Action.UPDATE: "gewijzigd",
           LogEntry.Action.DELETE: "verwijderd", LogEntry.Action.ACCESS: "ingezien"}


def timeline(case: Case, *, limit: int = 200) -> list[dict]:
    condition = Q(content_type=ContentType.objects.get_for_model(Case), object_pk=str(case.pk))
    for model in LINKED:
        pks = [str(pk) for pk in model.objects.filter(case=case).values_list("pk", flat=True)]
        if pks:
            condition |= Q(content_type=ContentType.objects.get_for_model(model), object_pk__in=pks)
    entries = LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp")
    return [{"at": e.timestamp, "actor": e.actor, "action": ACTIONS.get(e.action, ""),
             "what": e.content_type.model_class()._meta.verbose_name if e.content_type.model_class() else "",
             "fields": sorted((e.changes_dict or {}).keys()) if e.action == LogEntry.Action.UPDATE else []}
            for e in entries[:limit]]
