"""Household plans (gezinsplan) and maatwerk requests to the Zorgplein (P-2.2.2).

The plan belongs to one dossier; a section may be about one household member and is then
visible only to those working on that member's dossier. A maatwerk request carries an
encrypted snapshot of exactly what the coach forwarded; the Zorgplein reviewer sees that
and nothing else (plans/access.py). A decision is immutable once issued (P-2.2.2, Awb).
"""

import json

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from cases.models import Case, Representation
from core.errors import ApplicationError
from core.fields import EncryptedTextField


class LifeDomain(models.TextChoices):
    """Leefgebieden (R7.4). Domains start closed; each one is opened with a reason (R7.5)."""

    WORK_INCOME = "work_income", "Werk en inkomen"
    HOUSING = "housing", "Wonen"
    CARE_HEALTH = "care_health", "Zorg en gezondheid"
    PARENTING = "parenting", "Opvoeding"
    LIVING_TOGETHER = "living_together", "Samenleven"
    FINANCES = "finances", "Financiën"
    EDUCATION = "education", "Onderwijs en dagbesteding"


class Plan(models.Model):
    """The gezinsplan of one dossier. Holds no content itself; `version` counts every change."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "gezinsplan"
        verbose_name_plural = "gezinsplannen"

    def __str__(self):
        return f"Gezinsplan {self.pk}"


class PlanSection(models.Model):
    """One opened life domain, for the whole household or for one member (`member_case`)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    domain = models.CharField("leefgebied", max_length=20, choices=LifeDomain.choices)
    member_case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                    verbose_name="over het dossier van")
    reason = EncryptedTextField("waarom dit leefgebied nodig is")
    going_well = EncryptedTextField("wat goed gaat", null=True, blank=True)
    goals = EncryptedTextField("doelen", null=True, blank=True)
    actions = EncryptedTextField("acties", null=True, blank=True)
    who_does_what = EncryptedTextField("wie doet wat", null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "leefgebied in het gezinsplan"
        verbose_name_plural = "leefgebieden in het gezinsplan"
        ordering = ["opened_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "domain", "member_case"], nulls_distinct=False,
                                               name="one_section_per_domain_and_member")]


class PlanVersion(models.Model):
    """Who changed what when. The summary names fields and domains only, never content."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versie")
    section = models.ForeignKey(PlanSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    summary = models.CharField("wat is gewijzigd", max_length=200)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "versie van het gezinsplan"
        verbose_name_plural = "versies van het gezinsplan"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]


class Statute(models.TextChoices):
    WMO = "wmo", "Wet maatschappelijke ondersteuning (Wmo 2015)"
    JEUGDWET = "jeugdwet", "Jeugdwet"


class MaatwerkRequest(models.Model):
    """The coach's request to the Zorgplein (maatwerkverzoek) with the forwarded extract."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Concept"
        FORWARDED = "forwarded", "Te beoordelen"
        MORE_INFO = "more_info", "Meer informatie nodig"
        DECIDED = "decided", "Besluit genomen"

    reference = models.CharField("kenmerk", max_length=20, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="maatwerk_requests")
    statute = models.CharField("wet", max_length=20, choices=Statute.choices)
    question = EncryptedTextField("vraag aan het Zorgplein")
    notified_on = models.DateField("datum melding", null=True, blank=True)
    applied_on = models.DateField("datum aanvraag", null=True, blank=True)
    # From rules.statutory_deadline, kept for sorting the queue.
    deadline = models.DateField("wettelijke termijn", null=True, blank=True)
    extract = EncryptedTextField("doorgestuurd uittreksel (JSON)")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    more_info_question = EncryptedTextField("gevraagde informatie", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="behandelaar")

    class Meta:
        verbose_name = "maatwerkverzoek"
        verbose_name_plural = "maatwerkverzoeken"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(status="draft") | models.Q(forwarded_at__isnull=False, deadline__isnull=False),
            name="forwarded_request_has_moment_and_deadline")]

    def __str__(self):
        return self.reference

    @property
    def extract_data(self) -> dict:
        return json.loads(self.extract)


class RequestConsent(models.Model):
    """P-2.1.6: who agreed with the request, as the representation rules require on that day.
    `representation` empty means the resident (the child from 12) agreed."""

    request = models.ForeignKey(MaatwerkRequest, on_delete=models.CASCADE, related_name="consents")
    representation = models.ForeignKey(Representation, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    given_on = models.DateField("datum instemming")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "instemming"
        verbose_name_plural = "instemmingen"


class ForwardingRecord(models.Model):
    """The forwarding as a disclosure to the Zorgplein: recipient, legal ground, categories.
    Moves to the disclosure register (issue 7) on merge; see docs/decisions/0006-plans.md."""

    request = models.ForeignKey(MaatwerkRequest, on_delete=models.PROTECT, related_name="forwardings")
    recipient = models.CharField("ontvanger", max_length=100)
    legal_ground = models.CharField("grondslag", max_length=200)
    categories = models.JSONField("soorten gegevens", default=list)
    parts = models.JSONField("onderdelen (sleutels, geen inhoud)", default=list)
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "doorzending naar het Zorgplein"
        verbose_name_plural = "doorzendingen naar het Zorgplein"
        ordering = ["-forwarded_at"]


class ProvisionKind(models.TextChoices):
    HOUSEHOLD_HELP = "household_help", "Hulp bij het huishouden"
    GUIDANCE = "guidance", "Begeleiding"
    DAY_ACTIVITY = "day_activity", "Dagbesteding"
    SHORT_STAY = "short_stay", "Kortdurend verblijf"
    HOUSING_ADAPTATION = "housing_adaptation", "Woningaanpassing"
    MOBILITY = "mobility", "Vervoersvoorziening of rolstoel"
    YOUTH_HELP = "youth_help", "Jeugdhulp (ambulant)"
    YOUTH_RESIDENTIAL = "youth_residential", "Jeugdhulp met verblijf"
    OTHER = "other", "Andere voorziening"


class DecisionImmutable(ApplicationError):
    def __init__(self):
        super().__init__("Een besluit kan niet worden gewijzigd. Leg een nieuw besluit vast dat het corrigeert.")


class Decision(models.Model):
    """The Zorgplein's besluit. Immutable once issued: refused by the service, by save() and
    delete(), and by a PostgreSQL trigger (migration 0002). A correction is a new decision
    that refers to the one it corrects."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", "Toekennen"
        PARTLY_GRANTED = "partly_granted", "Gedeeltelijk toekennen"
        REFUSED = "refused", "Afwijzen"

    reference = models.CharField("kenmerk", max_length=30, unique=True)
    request = models.ForeignKey(MaatwerkRequest, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField("besluit", max_length=20, choices=Outcome.choices)
    reasons = EncryptedTextField("motivering")
    provision_kind = models.CharField("soort voorziening", max_length=30, choices=ProvisionKind.choices,
                                      blank=True)
    scope = EncryptedTextField("omvang", null=True, blank=True)
    period_start = models.DateField("ingangsdatum", null=True, blank=True)
    period_end = models.DateField("einddatum", null=True, blank=True)
    provider = models.CharField("aanbieder", max_length=200, blank=True)
    corrects = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="corrected_by", verbose_name="corrigeert")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        ordering = ["decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="refused") | (
                    ~models.Q(provision_kind="") & models.Q(period_start__isnull=False)),
                name="granted_decision_names_provision_and_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True) | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="decision_period_ends_after_start"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DecisionImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DecisionImmutable()

    @property
    def granted(self) -> bool:
        return self.outcome != self.Outcome.REFUSED

    @property
    def outcome_done(self) -> str:
        """The outcome as a fact ("Toegekend"), for summaries after the decision."""
        return {"granted": "Toegekend", "partly_granted": "Gedeeltelijk toegekend",
                "refused": "Afgewezen"}.get(self.outcome, "")


auditlog.register(Plan)
auditlog.register(PlanSection, exclude_fields=["reason", "going_well", "goals", "actions", "who_does_what"])
auditlog.register(MaatwerkRequest, exclude_fields=["question", "extract", "more_info_question"])
auditlog.register(RequestConsent)
auditlog.register(ForwardingRecord)
auditlog.register(Decision, exclude_fields=["reasons", "scope"])
