from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from accounts.models import Team
from core.fields import EncryptedDateField, EncryptedTextField
from processors.models import Purpose


class Resident(models.Model):
    """An inwoner, identified by a BSN (P-2.1.5). Identifying fields are encrypted at rest;
    the BSN has a keyed hash beside it for exact lookup (core.crypto.keyed_hash)."""

    bsn = EncryptedTextField("BSN")
    bsn_hash = models.CharField(max_length=64, unique=True, editable=False)
    first_names = EncryptedTextField("voornamen")
    surname = EncryptedTextField("achternaam")
    date_of_birth = EncryptedDateField("geboortedatum")
    address = EncryptedTextField("adres", null=True, blank=True)
    phone = EncryptedTextField("telefoonnummer", null=True, blank=True)
    email = EncryptedTextField("e-mailadres", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "inwoner"
        verbose_name_plural = "inwoners"

    def __str__(self):
        return f"Inwoner {self.pk}"  # never a name: __str__ ends up in logs and history

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.surname}"


class LegalBasis(models.TextChoices):
    """P-2.3.1: a legal obligation or a public task, with the article. Never consent."""

    WMO_TASK = "wmo_art_2_3_2", "Wettelijke taak (AVG art. 6 lid 1 e), Wmo 2015 art. 2.3.2 en 5.1.1"
    JW_TASK = "jw_art_2_3", "Wettelijke taak (AVG art. 6 lid 1 e), Jeugdwet art. 2.3 en 7.4.0"
    PW_OBLIGATION = "pw_art_7", "Wettelijke verplichting (AVG art. 6 lid 1 c), Participatiewet art. 7 en 64"
    WGS_TASK = "wgs_art_2", "Wettelijke taak (AVG art. 6 lid 1 e), Wgs art. 2 en 5"


class Case(models.Model):
    """A dossier: one stated request for help under one statute (P-2.1.1)."""

    class Status(models.TextChoices):
        OPEN = "open", "In behandeling"
        CLOSED = "closed", "Gesloten"
        ARCHIVED = "archived", "Gearchiveerd"
        DESTROYED = "destroyed", "Vernietigd"

    number = models.CharField("dossiernummer", max_length=20, unique=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="cases")
    statute = models.CharField("wet", max_length=20, choices=Purpose.choices)
    legal_basis = models.CharField("grondslag", max_length=20, choices=LegalBasis.choices)
    request = EncryptedTextField("hulpvraag")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="assigned_cases", verbose_name="consulent")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="cases", verbose_name="team")
    compulsory_framework = models.BooleanField("gedwongen kader", default=False)
    court_order_reference = models.CharField("kenmerk uitspraak", max_length=50, blank=True)
    opened_at = models.DateTimeField("geopend op", auto_now_add=True)
    closed_at = models.DateTimeField("gesloten op", null=True, blank=True)

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(compulsory_framework=True, court_order_reference=""),
                name="compulsory_framework_has_court_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "opened_at"])]

    def __str__(self):
        return self.number


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Per-user grant on one dossier (django-guardian direct foreign key)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """Per-team grant on one dossier (through the team's group)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class EmergencyAccess(models.Model):
    """Access outside one's assignment with a stated reason: read-only, time-limited, and
    reviewed by the privacy officer (UX 3.10, P-2.1.2)."""

    class Reason(models.TextChoices):
        STAND_IN = "stand_in", "Waarneming voor afwezige collega"
        DANGER = "danger", "Direct gevaar voor inwoner of anderen"
        RESIDENT_ASKS = "resident_asks", "Inwoner vraagt nu om hulp"
        OTHER = "other", "Iets anders"

    class Review(models.TextChoices):
        PENDING = "pending", "Te beoordelen"
        ACCEPTED = "accepted", "Akkoord"
        ESCALATED = "escalated", "Geëscaleerd"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_accesses")
    reason = models.CharField("reden", max_length=20, choices=Reason.choices)
    explanation = EncryptedTextField("toelichting")
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = EncryptedTextField("toelichting beoordeling", null=True, blank=True)

    class Meta:
        verbose_name = "toegang buiten toewijzing"
        verbose_name_plural = "toegang buiten toewijzing"
        indexes = [models.Index(fields=["user", "case", "expires_at"])]


# Change history without a second copy of client data: every encrypted field is excluded.
auditlog.register(Resident, exclude_fields=["bsn", "bsn_hash", "first_names", "surname",
                                            "date_of_birth", "address", "phone", "email"])
auditlog.register(Case, exclude_fields=["request"])
auditlog.register(EmergencyAccess, exclude_fields=["explanation", "review_comment"])
