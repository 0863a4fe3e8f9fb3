"""The disclosure register (verstrekkingenregister) and what feeds it.

A Disclosure row is append-only: it is written once by services.record_disclosure and never
changed or deleted (model guard here, PostgreSQL trigger in migration 0002). Telling the client
afterwards is a separate ClientInformed row, so the disclosure row itself stays immutable.
Rows hold ids, codes and labels; free text is encrypted and kept out of the auditlog.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from accounts.models import Organisation
from cases.models import Case
from core.fields import EncryptedTextField
from processors.models import Purpose


class LegalGround(models.TextChoices):
    """The fixed list of grounds for a disclosure, with the article (P-2.1.4, P-2.3.1)."""

    WMO_5_2_6 = "wmo_5_2_6", "Wmo 2015 art. 5.2.6 (inlichtingen aan Veilig Thuis, zonder toestemming)"
    BW_1_240 = "bw_1_240", "BW art. 1:240 (inlichtingen aan de Raad voor de Kinderbescherming)"
    JW_7_3_11 = "jw_7_3_11", "Jeugdwet art. 7.3.11 lid 4 (inlichtingen aan de gecertificeerde instelling)"
    JW_7_4_4 = "jw_7_4_4", "Jeugdwet art. 7.4.4 (verwerking voor de Raad of gecertificeerde instelling)"
    AVG_6_1_C = "avg_6_1_c", "AVG art. 6 lid 1 c (wettelijke verplichting)"
    AVG_6_1_E = "avg_6_1_e", "AVG art. 6 lid 1 e (taak van algemeen belang)"
    WPG = "wpg", "Wet politiegegevens art. 16–20 (alleen voor gegevens ontvangen van de politie)"


# Grounds on which the law obliges or entitles the municipality to provide without consent to a
# body with its own statutory task (P-2.1.4). Only these pass while an objection is undecided.
STATUTORY_GROUNDS = frozenset({LegalGround.WMO_5_2_6, LegalGround.BW_1_240, LegalGround.JW_7_3_11,
                               LegalGround.JW_7_4_4})


class ClientInformedDecision(models.TextChoices):
    INFORMED = "informed", "Ja, de inwoner is geïnformeerd"
    WILL_INFORM = "will_inform", "Nog niet, informeren op een datum"
    NOT_INFORMED = "not_informed", "Nee, niet informeren (transparantie, tenzij)"


class Consultation(models.Model):
    """P-2.3.3: the caseworker asks the aandachtsfunctionaris or the team lead (failing that, a
    colleague, with the reason) before disclosing without telling the client. The consulted
    person records the advice themselves."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultations")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consultee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="consultations_received")
    question = EncryptedTextField("vraag")
    colleague_reason = EncryptedTextField("reden voor een andere collega", null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    advice = EncryptedTextField("advies", null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "consultatie"
        verbose_name_plural = "consultaties"
        ordering = ["-requested_at"]


class Disclosure(models.Model):
    """One transfer of personal data out of a dossier (a verstrekking). Append-only."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField("soort ontvanger", max_length=20, choices=Organisation.Kind.choices)
    legal_ground = models.CharField("grondslag", max_length=20, choices=LegalGround.choices)
    purpose = models.CharField("doel", max_length=20, choices=Purpose.choices)
    categories = models.JSONField("gegevenscategorieën", default=list)
    items = models.JSONField("verstrekte onderdelen", default=list)  # [{"id": ..., "label": ...}]
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="disclosures")
    client_informed = models.CharField("inwoner geïnformeerd", max_length=20,
                                       choices=ClientInformedDecision.choices)
    inform_on = models.DateField("inwoner informeren op", null=True, blank=True)
    # P-2.3.3: the three questions when the client is not told.
    safety_interest = EncryptedTextField("veiligheidsrisico of zwaarwegend belang", null=True, blank=True)
    weighing = EncryptedTextField("afweging spreken en zwijgen", null=True, blank=True)
    who_gets_what = EncryptedTextField("wie krijgt welke informatie", null=True, blank=True)
    # P-2.1.3: enforcement bodies.
    client_confronted_on = models.DateField("inwoner eerst geconfronteerd op", null=True, blank=True)
    safety_reason = EncryptedTextField("veiligheidsreden om niet te confronteren", null=True, blank=True)
    # P-2.1.7: compulsory framework.
    necessity = EncryptedTextField("noodzaak van deze uitwisseling", null=True, blank=True)
    flagged_for_privacy_officer = models.BooleanField("gemeld aan de FG", default=False)
    # UX 3.9: the check page's POST is idempotent; a resubmitted form carries the same key.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "verstrekking"
        verbose_name_plural = "verstrekkingen"
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["case", "recorded_at"]), models.Index(fields=["inform_on"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("a disclosure cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("a disclosure cannot be deleted")

    @property
    def statutory(self) -> bool:
        return self.legal_ground in STATUTORY_GROUNDS


class ClientInformed(models.Model):
    """The client was told about a disclosure (P-2.3.2): kept apart so the disclosure row
    never changes; one per disclosure."""

    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, related_name="informed")
    informed_on = models.DateField("geïnformeerd op")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "inwoner geïnformeerd"
        verbose_name_plural = "inwoners geïnformeerd"


class StatutoryRequest(models.Model):
    """P-2.1.4: a request by Veilig Thuis, the Raad or a certified institution, or the
    municipality's own report of a serious threat (own_initiative). Answered by one Disclosure,
    with the memo archived here (PDF, encrypted at rest)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statutory_requests")
    requester = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("ontvangen op")
    question = EncryptedTextField("wat wordt gevraagd")
    own_initiative = models.BooleanField("eigen melding van de gemeente", default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="statutory_request")
    memo_pdf = EncryptedTextField("memo (PDF, base64)", null=True, blank=True)
    memo_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "verzoek van een wettelijke instantie"
        verbose_name_plural = "verzoeken van wettelijke instanties"
        ordering = ["-registered_at"]


class Objection(models.Model):
    """P-2.3.4: an objection to processing (bezwaar tegen gegevensverwerking), weighed and
    decided with one of three outcomes."""

    class Outcome(models.TextChoices):
        STOPS = "stops", "De dienstverlening stopt"
        LIMITED = "limited", "De dienstverlening wordt beperkt tot wat de beschikbare gegevens toelaten"
        INVOLUNTARY = "involuntary", "Onvrijwillige hulpverlening: gezondheid of veiligheid staat op het spel"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField("ontvangen op")
    grounds = EncryptedTextField("waartegen maakt de inwoner bezwaar")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField("uitkomst", max_length=20, choices=Outcome.choices, blank=True)
    considerations = EncryptedTextField("afweging", null=True, blank=True)
    resident_told_importance = models.BooleanField("inwoner gewezen op het belang", default=False)
    consulted = EncryptedTextField("geraadpleegde collega of deskundige", null=True, blank=True)
    resident_informed_on = models.DateField("inwoner geïnformeerd over besluit en rechten", null=True,
                                            blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bezwaar tegen gegevensverwerking"
        verbose_name_plural = "bezwaren tegen gegevensverwerking"
        ordering = ["-registered_at"]

    @property
    def undecided(self) -> bool:
        return not self.outcome


class DisclosureReview(models.Model):
    """The privacy officer's review of a flagged disclosure (P-2.1.3, P-2.3.3; UX 'FG' review
    queues): accepted or escalated, with a comment. Written once by
    services.review_disclosure and never changed (model guard here, trigger in migration 0004);
    it goes only with its disclosure, when the retention destruction removes the dossier."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Akkoord"
        ESCALATED = "escalated", "Geëscaleerd"

    disclosure = models.OneToOneField(Disclosure, on_delete=models.CASCADE, related_name="review")
    decision = models.CharField("oordeel", max_length=10, choices=Decision.choices)
    comment = EncryptedTextField("toelichting")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "beoordeling van een verstrekking"
        verbose_name_plural = "beoordelingen van verstrekkingen"
        ordering = ["-reviewed_at"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("a review cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("a review cannot be deleted")


# Change history without a copy of free text or client data.
auditlog.register(Disclosure, exclude_fields=["items", "safety_interest", "weighing", "who_gets_what",
                                              "safety_reason", "necessity"])
auditlog.register(ClientInformed)
auditlog.register(Consultation, exclude_fields=["question", "colleague_reason", "advice"])
auditlog.register(StatutoryRequest, exclude_fields=["question", "memo_pdf"])
auditlog.register(Objection, exclude_fields=["grounds", "considerations", "consulted"])
