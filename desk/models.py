"""The privacy officer's desk: the breach register (L-33) with harm levels (P-1.2)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from core.fields import EncryptedTextField
from core.harm import HarmLevel

from . import rules


class Breach(models.Model):
    """A personal-data breach. The description is encrypted: it may name what leaked."""

    discovered_at = models.DateTimeField("ontdekt op")
    description = EncryptedTextField("omschrijving")
    harm_level = models.CharField("ernst van de schade", max_length=10, choices=HarmLevel.choices)
    no_risk_reason = models.CharField(
        "reden waarom melden niet nodig is", max_length=500, blank=True,
        help_text="Alleen bij lage ernst: waarom het lek waarschijnlijk geen risico oplevert.")
    compromised_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="misbruikt account")
    window_start = models.DateTimeField("venster vanaf", null=True, blank=True)
    window_end = models.DateTimeField("venster tot", null=True, blank=True)
    reported_at = models.DateTimeField("gemeld bij de AP op", null=True, blank=True)
    residents_informed_at = models.DateTimeField("inwoners geïnformeerd op", null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    # UX 3.9: the check page's POST is idempotent; a resubmitted form carries the same key.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "datalek"
        verbose_name_plural = "datalekken"
        ordering = ["discovered_at"]

    def __str__(self):
        return f"Datalek {self.pk}"

    @property
    def must_report(self) -> bool:
        return rules.must_report_to_authority(self.harm_level, self.no_risk_reason)

    @property
    def must_inform_residents(self) -> bool:
        return rules.must_inform_residents(self.harm_level)

    @property
    def report_deadline(self):
        return rules.report_deadline(self.discovered_at)


auditlog.register(Breach, exclude_fields=["description"])


class ProcessingActivity(models.Model):
    """One row of the register of processing activities (GDPR art. 30, L-30).

    Seeded by a data migration with one activity per statute and purpose; `desk.register`
    ties the dossiers' statutes and the access log's purpose codes to these rows.
    """

    code = models.SlugField("code", unique=True)
    name = models.CharField("naam", max_length=200)
    purpose = models.TextField("doel")
    legal_basis = models.TextField("grondslag")
    data_categories = models.TextField("categorieën van gegevens")
    resident_categories = models.TextField("categorieën van betrokkenen")
    recipients = models.TextField("ontvangers")
    retention = models.TextField("bewaartermijn")
    security_measures = models.TextField("beveiligingsmaatregelen")

    class Meta:
        verbose_name = "verwerkingsactiviteit"
        verbose_name_plural = "verwerkingsactiviteiten"
        ordering = ["name"]

    def __str__(self):
        return self.name


auditlog.register(ProcessingActivity)


class RightsRequest(models.Model):
    resident = models.ForeignKey("cases.Resident", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("ontvangen op")
    answered_on = models.DateField("beantwoord op", null=True, blank=True)
    # Free text may quote the resident: encrypted, and kept out of the change history.
    outcome_note = EncryptedTextField("toelichting op de uitkomst", blank=True, default="")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["received_on"]

    @property
    def answer_due_on(self):
        return rules.answer_due_on(self.received_on)


class AccessRequest(RightsRequest):
    """L-15: a resident asks to see what the municipality holds about them."""

    class Outcome(models.TextChoices):
        OPEN = "open", "In behandeling"
        PROVIDED = "verstrekt", "Overzicht verstrekt"
        REFUSED = "geweigerd", "Geweigerd"

    outcome = models.CharField("uitkomst", max_length=12, choices=Outcome.choices, default=Outcome.OPEN)

    class Meta(RightsRequest.Meta):
        verbose_name = "inzageverzoek"
        verbose_name_plural = "inzageverzoeken"


class RectificationRequest(RightsRequest):
    """L-16: a resident asks to correct data. Decided once by the privacy officer through
    `desk.services.decide_rectification` (an outcome, a date, and a reason unless fully
    granted); the deadline can be extended once by two months with a recorded reason
    (AVG art. 12(3), `desk.services.extend_rectification`)."""

    class Outcome(models.TextChoices):
        OPEN = "open", "In behandeling"
        CORRECTED = "gecorrigeerd", "Gecorrigeerd"
        PARTLY = "deels", "Gedeeltelijk gecorrigeerd"
        REFUSED = "afgewezen", "Afgewezen"

    outcome = models.CharField("uitkomst", max_length=12, choices=Outcome.choices, default=Outcome.OPEN)
    # The reason for an extension may quote the request: encrypted, kept out of the history.
    extension_reason = EncryptedTextField("reden voor verlenging", blank=True, default="")
    extended_on = models.DateField("termijn verlengd op", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta(RightsRequest.Meta):
        verbose_name = "verzoek tot rectificatie"
        verbose_name_plural = "verzoeken tot rectificatie"
        constraints = [
            # Closed means an outcome with a date and who decided; open means none of these.
            models.CheckConstraint(
                condition=(models.Q(outcome="open", answered_on__isnull=True, decided_by__isnull=True)
                           | (~models.Q(outcome="open") & models.Q(answered_on__isnull=False,
                                                                    decided_by__isnull=False))),
                name="rectification_closed_with_outcome"),
        ]

    @property
    def answer_due_on(self):
        return rules.answer_due_on(self.received_on, extended=self.extended_on is not None)

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


auditlog.register(AccessRequest, exclude_fields=["outcome_note"])
auditlog.register(RectificationRequest, exclude_fields=["outcome_note", "extension_reason"])
