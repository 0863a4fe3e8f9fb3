"""Signals about residents, their feeds, and case meetings (P-2.2.2, P-2.2.3).

A signal is quarantined until an intake user assesses it. Its content is personal data: it
is encrypted at rest and excluded from the change history. An evidently wrong signal is
deleted outright; only a content-free DestroyedSignal remains.
"""

import hashlib

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from accounts.models import Organisation
from core.fields import EncryptedTextField


class SourceKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    NETWORK = "network", "Netwerk van de inwoner"
    VIR = "vir", "Verwijsindex risicojongeren (VIR)"
    AUTOMATED_FEED = "automated_feed", "Geautomatiseerde bron"
    FILE_COMPARISON = "file_comparison", "Vergelijking van bestanden"


class Category(models.TextChoices):
    RENT_ARREARS = "rent_arrears", "Huurachterstand"
    DISCONNECTION = "disconnection", "Afsluiting energie of water"
    POLICE_CARE_REPORT = "police_care_report", "Zorgmelding politie"
    SCHOOL_WORRY = "school_worry", "Zorg vanuit school"
    NETWORK_WORRY = "network_worry", "Zorg van buren of netwerk"
    OTHER = "other", "Anders"


class Severity(models.TextChoices):
    """P-1.2 wording: the less severe, the less data (P-2.2.2)."""

    LOW = "laag", "Laag"
    MEDIUM = "middel", "Middel"
    HIGH = "hoog", "Hoog"


class SignalFeed(models.Model):
    """An automated feed from a chain partner, registered with its agreement and reviewed for
    proportionality (P-2.2.3)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signal_feeds",
                                     verbose_name="ketenpartner")
    name = models.CharField("naam", max_length=100)
    category = models.CharField("soort signalen", max_length=30, choices=Category.choices)
    agreement_reference = models.CharField("convenant of overeenkomst", max_length=100)
    review_date = models.DateField("proportionaliteit opnieuw toetsen op")
    active = models.BooleanField("actief", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "signaalbron"
        verbose_name_plural = "signaalbronnen"
        ordering = ["review_date", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_feed_per_partner")]

    def __str__(self):
        return f"{self.organisation} – {self.name}"


class PartnerToken(models.Model):
    """An API key of one feed of a chain partner. Only a SHA-256 hash is stored: the key has
    256 random bits, so a slow hash adds nothing (docs/decisions/0005-signals.md)."""

    feed = models.ForeignKey(SignalFeed, on_delete=models.PROTECT, related_name="tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("begin van de sleutel", max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API-sleutel ketenpartner"
        verbose_name_plural = "API-sleutels ketenpartners"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class Signal(models.Model):
    """A signal about a resident. Quarantined (status NEW) until assessed."""

    class Status(models.TextChoices):
        NEW = "new", "Te beoordelen"
        NO_ACTION = "no_action", "Geen actie"
        TAKEN_UP = "taken_up", "Opgepakt"

    source_kind = models.CharField("bron", max_length=20, choices=SourceKind.choices)
    category = models.CharField("soort", max_length=30, choices=Category.choices)
    feed = models.ForeignKey(SignalFeed, on_delete=models.PROTECT, null=True, blank=True, related_name="signals")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="signals", verbose_name="ketenpartner")
    received_at = models.DateTimeField("ontvangen op")
    assessment_deadline = models.DateField("beoordelen uiterlijk")
    content = EncryptedTextField("inhoud")
    subject_name = EncryptedTextField("naam inwoner", null=True, blank=True)
    subject_bsn = EncryptedTextField("BSN inwoner", null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.NEW)
    severity = models.CharField("ernst", max_length=6, choices=Severity.choices, blank=True)
    assessed_at = models.DateTimeField("beoordeeld op", null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name="beoordelaar")
    retain_until = models.DateField("bewaren tot", null=True, blank=True)
    resident = models.ForeignKey("cases.Resident", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            # The purge (services.purge_expired_signals) walks the due signals in this order; without
            # it PostgreSQL walks the primary key past every signal kept or already purged (issue 10).
            models.Index(fields=["retain_until", "id"], condition=models.Q(case__isnull=True),
                         name="signal_purge_due_idx"),
        ]
        constraints = [
            # P-2.2.3: none is kept without a retention decision, also not through the admin or SQL.
            models.CheckConstraint(condition=~models.Q(status="no_action", retain_until__isnull=True),
                                   name="signal_no_action_has_retention_date"),
            models.CheckConstraint(condition=~models.Q(status="taken_up", resident__isnull=True),
                                   name="signal_taken_up_has_resident"),
            models.CheckConstraint(condition=~models.Q(status="taken_up", case__isnull=True, retain_until__isnull=True),
                                   name="signal_taken_up_without_case_has_retention_date"),
        ]

    def __str__(self):
        return f"Signaal {self.pk}"  # never content: __str__ ends up in logs and history


class DestroyedSignal(models.Model):
    """The content-free trace of a destroyed signal (P-2.2.3; Signalen's DeletedSignal)."""

    class Reason(models.TextChoices):
        EVIDENTLY_WRONG = "evidently_wrong", "Kennelijk onjuist"
        RETENTION_ENDED = "retention_ended", "Bewaartermijn verstreken"

    signal_ref = models.BigIntegerField("signaalnummer", unique=True)
    source_kind = models.CharField("bron", max_length=20, choices=SourceKind.choices)
    # A trace is history: it names who sent and who assessed without a database constraint or
    # index on either, so that writing a batch of traces costs no per-row checks at commit
    # (issue 10). PROTECT still keeps the organisation or user from being deleted in Django.
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                db_constraint=False, db_index=False)
    received_on = models.DateField("ontvangen op")
    assessed_on = models.DateField("beoordeeld op")
    reason = models.CharField("besluit", max_length=20, choices=Reason.choices)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name="beoordelaar",
                                 db_constraint=False, db_index=False)
    destroyed_at = models.DateTimeField("vernietigd op", auto_now_add=True)

    class Meta:
        verbose_name = "vernietigd signaal"
        verbose_name_plural = "vernietigde signalen"
        ordering = ["-destroyed_at"]


class CaseMeeting(models.Model):
    """A casusoverleg about a signal that was taken up (P-2.2.3, DOMAIN_RULES R8.1)."""

    class Presence(models.TextChoices):
        PRESENT = "present", "Ja, de inwoner is aanwezig"
        ABSENT = "absent", "Nee"

    class AbsenceReason(models.TextChoices):
        SAFETY = "safety", "Veiligheid"
        OTHER = "other", "Een andere reden"

    class Status(models.TextChoices):
        OPEN = "open", "Gepland"
        CLOSED = "closed", "Afgesloten"

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("datum overleg")
    organisations = models.ManyToManyField(Organisation, related_name="+", verbose_name="deelnemende organisaties")
    presence = models.CharField("inwoner aanwezig", max_length=10, choices=Presence.choices, blank=True)
    absence_reason = models.CharField("reden afwezig", max_length=10, choices=AbsenceReason.choices, blank=True)
    absence_explanation = EncryptedTextField("toelichting afwezigheid", null=True, blank=True)
    informed_on = models.DateField("inwoner geïnformeerd op", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        verbose_name = "casusoverleg"
        verbose_name_plural = "casusoverleggen"
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | models.Q(presence="present")
                | (models.Q(presence="absent", informed_on__isnull=False) & ~models.Q(absence_reason="")),
                name="closed_meeting_has_presence_or_informed",
            ),
        ]


# Change history without a second copy of signal content: encrypted fields are excluded, and
# destroying a signal deletes its history rows too (signals/services.py destroy_signal).
auditlog.register(Signal, exclude_fields=["content", "subject_name", "subject_bsn"])
auditlog.register(SignalFeed)
auditlog.register(PartnerToken, exclude_fields=["key_hash", "prefix", "last_used_at"])
auditlog.register(CaseMeeting, exclude_fields=["absence_explanation"], m2m_fields={"organisations"})
