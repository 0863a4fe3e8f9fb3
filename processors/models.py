from auditlog.registry import auditlog
from django.db import models

from accounts.models import Organisation


class DataCategory(models.TextChoices):
    ORDINARY = "ordinary", "Gewone persoonsgegevens"
    HEALTH = "health", "Gezondheid"
    CRIMINAL = "criminal", "Strafrechtelijk"
    OTHER_SPECIAL = "other_special", "Andere bijzondere persoonsgegevens"


class Purpose(models.TextChoices):
    """Purposes are the statutes under which dossiers are opened (P-2.1.1)."""

    WMO = "wmo", "Wet maatschappelijke ondersteuning 2015"
    JEUGDWET = "jeugdwet", "Jeugdwet"
    PARTICIPATIEWET = "participatiewet", "Participatiewet"
    WGS = "wgs", "Wet gemeentelijke schuldhulpverlening"


class ProcessorAgreement(models.Model):
    """A processor agreement (GDPR art. 28, P-3) with an external organisation: which data
    categories, for which purposes (statutes), the security measures, start and end, the
    signed document and whether it follows the model agreement of the municipal executive.

    Only for organisations that process on the municipality's behalf. Veilig Thuis, the Raad
    and certified institutions are independent controllers (Organisation.Kind.STATUTORY_BODY):
    transfers to them go on a legal ground, not under an agreement (P-2.1.4).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField("kenmerk", max_length=50, unique=True)
    purposes = models.JSONField("doelen", default=list)
    data_categories = models.JSONField("gegevenscategorieën", default=list)
    security_measures = models.TextField("beveiligingsmaatregelen")
    starts_on = models.DateField("ingangsdatum")
    ends_on = models.DateField("einddatum")
    based_on_model = models.BooleanField("volgens het model van het college", default=True)
    signed_document_name = models.CharField("getekend document", max_length=200, blank=True,
                                            help_text="Naam of zaaknummer van het getekende document.")

    class Meta:
        verbose_name = "verwerkersovereenkomst"
        verbose_name_plural = "verwerkersovereenkomsten"
        ordering = ["organisation__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="agreement_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.reference} ({self.organisation})"


auditlog.register(ProcessorAgreement)
