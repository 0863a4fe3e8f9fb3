from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from cases.models import Case
from core.fields import EncryptedTextField


class Outcome(models.TextChoices):
    """Step 5 of the Meldcode: the decision (DOMAIN_RULES R3.1, R3.2)."""

    CLOSE = "close", "Afsluiten: geen vermoeden (meer), vastgelegd in het dossier"
    HELP = "help", "Hulp bieden of organiseren, met afspraken over vervolg"
    REPORT = "report", "Melden bij Veilig Thuis"
    REPORT_AND_HELP = "report_and_help", "Melden bij Veilig Thuis en hulp bieden"


class MeldcodeTrack(models.Model):
    """One run of the Meldcode for a dossier: five steps in order, and the kindcheck."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meldcode_tracks")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    cares_for_minors = models.BooleanField("zorgt de inwoner voor minderjarigen (kindcheck)?", null=True)
    outcome = models.CharField("besluit", max_length=20, choices=Outcome.choices, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "meldcodetraject"
        verbose_name_plural = "meldcodetrajecten"
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(outcome=""),
                                    name="one_open_meldcode_track_per_case"),
        ]

    @property
    def is_open(self) -> bool:
        return not self.outcome


class MeldcodeStep(models.Model):
    """A completed step: a timestamped note, who recorded it, and what the step needs."""

    track = models.ForeignKey(MeldcodeTrack, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField("stap")
    note = EncryptedTextField("aantekening")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    consultee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="geraadpleegd")
    consultee_external = models.CharField("geraadpleegd buiten de gemeente", max_length=200, blank=True)
    answers = models.JSONField("afwegingskader", default=dict, blank=True)

    class Meta:
        verbose_name = "meldcodestap"
        verbose_name_plural = "meldcodestappen"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["track", "number"], name="one_record_per_meldcode_step"),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=5), name="meldcode_step_1_to_5"),
        ]


auditlog.register(MeldcodeTrack)
auditlog.register(MeldcodeStep, exclude_fields=["note", "consultee_external"])
