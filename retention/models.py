"""The retention schedule, cleaning and archiving, destruction batches and their records,
erasure requests and job runs (P-2.2.3, P-2.2.4, L-17).

Nothing here holds personal content: dossiers are referred to by id and number, residents by
id only, and every record that outlives a destruction is content-free by construction.
"""

import datetime as dt

from django.conf import settings
from django.db import models

from cases.models import CaseResult
from processors.models import Purpose


class _Labels:
    """Dutch labels for the copied codes (the dossier itself may be gone)."""

    @property
    def result_label(self) -> str:
        return dict(CaseResult.choices).get(self.case_result, self.case_result)

    @property
    def statute_label(self) -> str:
        return dict(Purpose.choices).get(self.statute, self.statute)


class RetentionRule(models.Model):
    """One row per (list version, statute, dossier result): which Selectielijst result applies,
    the list's term, and the term that is applied. Where the policy or a statute demands longer
    (Wmo 2015 art. 5.3.4: every Wmo request 15 years), the longer term wins and
    `longer_because` says why (P-2.2.4, DOMAIN_RULES R1.1-R1.4)."""

    version = models.CharField("versie Selectielijst", max_length=20)
    valid_from = models.DateField("geldt voor dossiers geopend vanaf")
    statute = models.CharField("wet", max_length=20)
    case_result = models.CharField("resultaat dossier", max_length=20)
    list_result = models.CharField("resultaat Selectielijst", max_length=20)
    list_result_name = models.CharField("naam resultaat", max_length=200)
    waardering = models.CharField("waardering", max_length=20)
    procestermijn = models.CharField("procestermijn", max_length=40, blank=True)
    list_term = models.CharField("bewaartermijn Selectielijst", max_length=10)
    term = models.CharField("toegepaste bewaartermijn", max_length=10)
    longer_because = models.CharField("langer bewaard omdat", max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bewaarregel"
        verbose_name_plural = "bewaarregels"
        ordering = ["-valid_from", "statute", "case_result"]
        constraints = [models.UniqueConstraint(fields=["version", "statute", "case_result"],
                                               name="one_rule_per_version_statute_result")]

    def __str__(self):
        return f"{self.version} {self.statute}/{self.case_result}: {self.list_result} {self.term}"


class CleanupRecord(models.Model):
    """What cleaning removed from a closed dossier: counts only, never content (P-2.2.4)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    working_notes_removed = models.PositiveIntegerField(default=0)
    copies_removed = models.PositiveIntegerField(default=0)
    cleaned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cleaned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "opschoonverslag"
        verbose_name_plural = "opschoonverslagen"


class CleanupReminder(models.Model):
    """A closed dossier still waits to be cleaned: first the caseworker, after a further term
    the team lead is reminded (shown on their home page)."""

    class Level(models.TextChoices):
        CASEWORKER = "caseworker", "Consulent"
        TEAM_LEAD = "team_lead", "Teamleider"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12, choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "herinnering opschonen"
        verbose_name_plural = "herinneringen opschonen"
        constraints = [models.UniqueConstraint(fields=["case", "recipient", "level"],
                                               name="one_cleanup_reminder_per_level")]


class DestructionList(models.Model):
    """A batch of archived dossiers past their term, proposed by the nightly job and reviewed
    by the archivist before anything is destroyed (P-2.2.4, DOMAIN_RULES R1.11)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Te beoordelen"
        APPROVED = "approved", "Goedgekeurd, wordt uitgevoerd"
        EXECUTED = "executed", "Uitgevoerd"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_on = models.DateField("voorgesteld op")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    # The verklaring van vernietiging, kept permanently (Selectielijst 19.1.18 blijvend bewaren).
    statement_pdf = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "vernietigingslijst"
        verbose_name_plural = "vernietigingslijsten"
        ordering = ["-proposed_on", "-pk"]

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"VL-{self.proposed_on.year}-{self.pk:04d}"


class DestructionListItem(_Labels, models.Model):
    """One dossier on a list. The facts are copied when proposed, so the list still reads the
    same after the dossier is gone. Excluding needs a reason (e.g. a legal hold)."""

    destruction_list = models.ForeignKey(DestructionList, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case_ref = models.BigIntegerField("dossier-id")
    case_number = models.CharField("dossiernummer", max_length=20)
    statute = models.CharField("wet", max_length=20)
    case_result = models.CharField("resultaat", max_length=20)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("einde bewaartermijn")
    excluded = models.BooleanField("uitgezonderd", default=False)
    exclusion_reason = models.CharField("reden uitzondering", max_length=300, blank=True)
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        verbose_name = "dossier op vernietigingslijst"
        verbose_name_plural = "dossiers op vernietigingslijst"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["destruction_list", "case_ref"], name="case_once_per_list"),
            models.CheckConstraint(condition=models.Q(excluded=False) | ~models.Q(exclusion_reason=""),
                                   name="exclusion_has_reason"),
        ]

    @property
    def term_end(self) -> dt.date:
        """The last day of the term (archiefactiedatum); destruction is due the day after."""
        return self.due_on - dt.timedelta(days=1)


class DestructionRecord(_Labels, models.Model):
    """The content-free trace of one destroyed dossier (P-2.2.4; Signalen's DeletedSignal).
    The unique case_ref makes a second destruction of the same dossier impossible to record."""

    case_ref = models.BigIntegerField("dossier-id", unique=True)
    case_number = models.CharField("dossiernummer", max_length=20)
    statute = models.CharField("wet", max_length=20)
    case_result = models.CharField("resultaat", max_length=20)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    closed_on = models.DateField("gesloten op")
    archived_on = models.DateField("gearchiveerd op", null=True, blank=True)
    destroyed_at = models.DateTimeField("vernietigd op")
    destruction_list = models.ForeignKey(DestructionList, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="records")
    erasure_request = models.ForeignKey("ErasureRequest", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="records")

    class Meta:
        verbose_name = "vernietigingsverslag"
        verbose_name_plural = "vernietigingsverslagen"
        ordering = ["case_number"]


class ErasureRequest(models.Model):
    """L-17: a resident asks for erasure. Refused with the reason while a retention duty applies;
    otherwise carried out by the destruction service. The resident link goes with the resident."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Ontvangen"
        REFUSED = "refused", "Geweigerd"
        CARRIED_OUT = "carried_out", "Uitgevoerd"

    resident = models.ForeignKey("cases.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    received_on = models.DateField("ontvangen op")
    answer_due_on = models.DateField("antwoord uiterlijk")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    refusal_reason = models.CharField("reden weigering", max_length=300, blank=True)
    dossiers_destroyed = models.PositiveIntegerField(default=0)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "verzoek tot wissing"
        verbose_name_plural = "verzoeken tot wissing"
        constraints = [models.CheckConstraint(condition=~models.Q(status="refused", refusal_reason=""),
                                              name="erasure_refusal_has_reason")]


class JobRun(models.Model):
    """Every run of a retention job: started, finished, counts, and an error without personal
    data (the exception's class name only)."""

    class Status(models.TextChoices):
        RUNNING = "running", "Bezig of afgebroken"
        DONE = "done", "Klaar"
        SKIPPED = "skipped", "Overgeslagen (een andere run was bezig)"
        FAILED = "failed", "Mislukt"

    job = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "taakuitvoering"
        verbose_name_plural = "taakuitvoeringen"
        ordering = ["-started_at", "-pk"]
