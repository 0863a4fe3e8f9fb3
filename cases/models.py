from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from accounts.models import Team
from core.fields import EncryptedDateField, EncryptedTextField
from processors.models import DataCategory, Purpose


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


class CaseResult(models.TextChoices):
    """How a dossier ends. The full retention schedule (Selectielijst) comes with issue 8."""

    GRANTED = "granted", "Toegekend"
    PARTLY_GRANTED = "partly_granted", "Gedeeltelijk toegekend"
    REFUSED = "refused", "Afgewezen"
    NOT_PROCESSED = "not_processed", "Buiten behandeling gesteld (informatie ontbreekt)"
    WITHDRAWN = "withdrawn", "Ingetrokken door de inwoner"


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
    # P-2.2.4: set by the retention app (cleaning before archiving, then the nightly archive job).
    cleaned_at = models.DateTimeField("opgeschoond op", null=True, blank=True)
    archived_at = models.DateTimeField("gearchiveerd op", null=True, blank=True)
    result = models.CharField("resultaat", max_length=20, blank=True, choices=CaseResult.choices)
    # P-2.1.6: facts that decide who acts for the resident (see rules.representation_on).
    incapacitated = models.BooleanField("kan belangen niet overzien", default=False)
    custodial_parents_disagree = models.BooleanField("gezaghebbende ouders oneens", default=False)
    client_support_offered_on = models.DateField("cliëntondersteuning aangeboden op", null=True, blank=True)

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
        indexes = [
            models.Index(fields=["status", "opened_at"]),
            # The dossier list's default order (issue 10): the newest page is read from this index
            # instead of sorting every visible dossier.
            models.Index(fields=["-opened_at", "id"], name="case_list_order_idx"),
            # Visibility is "id IN (the user's grants)": with what the list filters and sorts on
            # included, its count and its page of ids are index-only scans (issue 10).
            models.Index(fields=["id"], include=["status", "caseworker", "opened_at", "statute", "number"],
                         name="case_visible_cover_idx"),
        ]

    def __str__(self):
        return self.number


class GrantListFacts(models.Model):
    """The dossier facts a list filters and sorts on, copied onto each grant (issue 10).

    A dossier list asks "of the dossiers I hold a grant on, which are not destroyed, not someone
    else's archive, newest first, how many". With these copies that is answered from the grants'
    own index (`case_ugrant_list_idx`, `case_ggrant_list_idx`) instead of one lookup per granted
    dossier. Database triggers keep them (cases/migrations/0007): a new or moved grant copies
    them from its dossier, and a change of a dossier's facts is copied onto its grants in the
    same statement. The application never writes them. The rows a list shows are loaded
    through the same rule on the dossiers' own columns (cases.selectors.visible_case_page), so a
    stale copy can never show a dossier; decision 0012.
    """

    case_status = models.CharField(max_length=10, default="", editable=False)
    case_caseworker_id = models.BigIntegerField(null=True, editable=False)
    case_opened_at = models.DateTimeField(null=True, editable=False)
    case_statute = models.CharField(max_length=20, default="", editable=False)
    case_number = models.CharField(max_length=20, default="", editable=False)

    FACT_FIELDS = ("case_status", "case_caseworker_id", "case_opened_at", "case_statute", "case_number")
    LIST_FACTS = ("content_object", *FACT_FIELDS)  # what the grants' list indexes include

    class Meta:
        abstract = True


class CaseUserObjectPermission(UserObjectPermissionBase, GrantListFacts):
    """Per-user grant on one dossier (django-guardian direct foreign key)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission"], include=GrantListFacts.LIST_FACTS,
                                name="case_ugrant_list_idx")]


class CaseGroupObjectPermission(GroupObjectPermissionBase, GrantListFacts):
    """Per-team grant on one dossier (through the team's group)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["group", "permission"], include=GrantListFacts.LIST_FACTS,
                                name="case_ggrant_list_idx")]


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



class ArchiveReadConsent(models.Model):
    """P-2.2.4: a third party may read an archived dossier only with the resident's recorded
    consent. The gate (access.py) checks this row; it holds no content beyond a reference."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="archive_consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consent_reference = models.CharField("kenmerk toestemming", max_length=50)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "toestemming inzage archief"
        verbose_name_plural = "toestemmingen inzage archief"
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_archive_consent_per_user")]


class IdentityCheck(models.Model):
    """P-2.1.5: identity was established from an ID document before the request is handled.
    Only the document type is kept, never a copy or a number (data minimisation)."""

    class DocumentType(models.TextChoices):
        PASSPORT = "passport", "Paspoort"
        ID_CARD = "id_card", "Identiteitskaart"
        DRIVING_LICENCE = "driving_licence", "Rijbewijs"
        RESIDENCE_DOCUMENT = "residence_document", "Verblijfsdocument"

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="identity_checks")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="identity_checks")
    document_type = models.CharField("soort document", max_length=20, choices=DocumentType.choices)
    checked_on = models.DateField("datum controle")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "identiteitscontrole"
        verbose_name_plural = "identiteitscontroles"
        ordering = ["-checked_on", "-recorded_at"]


class Household(models.Model):
    """A household ("huishouden"): residents who live together. Holds no personal data."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="household_membership")

    class Meta:
        verbose_name = "lid van een huishouden"
        verbose_name_plural = "leden van een huishouden"


class Representation(models.Model):
    """P-2.1.6: who represents a resident (parent with custody, guardian, curator, mentor).
    Custody is verified and recorded with who and when."""

    class Kind(models.TextChoices):
        PARENT_WITH_CUSTODY = "parent_custody", "Ouder met gezag"
        GUARDIAN = "guardian", "Voogd"
        CURATOR = "curator", "Curator"
        MENTOR = "mentor", "Mentor"

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="representations")
    kind = models.CharField("soort vertegenwoordiger", max_length=20, choices=Kind.choices)
    name = EncryptedTextField("naam vertegenwoordiger")
    custody_verified = models.BooleanField("gezag of benoeming gecontroleerd", default=False)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vertegenwoordiging"
        verbose_name_plural = "vertegenwoordigingen"
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(custody_verified=False) | models.Q(verified_by__isnull=False,
                                                                      verified_at__isnull=False),
                name="verified_custody_names_who_and_when",
            ),
        ]


class Note(models.Model):
    """A note with its data category (P-2.2.1). Working notes are removed when the dossier is
    cleaned before archiving (P-2.2.4, issue 8)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField("tekst")
    category = models.CharField("soort gegevens", max_length=20, choices=DataCategory.choices,
                                default=DataCategory.ORDINARY)
    justification = EncryptedTextField("waarom nodig", null=True, blank=True)
    is_working_note = models.BooleanField("werkaantekening", default=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "notitie"
        verbose_name_plural = "notities"
        ordering = ["-created_at"]


class Document(models.Model):
    """An uploaded document: PDF, PNG or JPEG only, encrypted on disk outside the web root,
    served only through the gate (P-2.2.1)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    name = EncryptedTextField("naam")
    file = models.FileField(upload_to="documents/%Y/", max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField("grootte in bytes")
    category = models.CharField("soort gegevens", max_length=20, choices=DataCategory.choices,
                                default=DataCategory.ORDINARY)
    justification = EncryptedTextField("waarom nodig", null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-uploaded_at"]


class ReductionRecord(models.Model):
    """P-2.2.1: a full medical file was reduced to what the case needs; the surplus is
    destroyed. The record keeps no content: who, when, what kind, how much was removed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reductions")
    kind = models.CharField("soort dossier", max_length=100)
    pages_removed = models.PositiveIntegerField("pagina's verwijderd", default=0)
    bytes_removed = models.PositiveIntegerField("bytes verwijderd", default=0)
    kept = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reduced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reduced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "reductieverslag"
        verbose_name_plural = "reductieverslagen"


class TransparencyNotice(models.Model):
    """P-2.3.2: when and how the resident was told the purpose and necessity; or P-2.3.3,
    "transparency, unless", with its reason and the three required answers."""

    class Kind(models.TextChoices):
        INFORMED = "informed", "Inwoner is geïnformeerd"
        UNLESS = "unless", "Niet informeren (transparantie, tenzij)"

    class Method(models.TextChoices):
        LETTER = "letter", "Per brief"
        IN_PERSON = "in_person", "In een gesprek"
        PHONE = "phone", "Telefonisch"

    class UnlessReason(models.TextChoices):
        CHILD_ABUSE = "child_abuse", "Vermoeden van kindermishandeling"
        DOMESTIC_VIOLENCE = "domestic_violence", "Huiselijk geweld"
        COMPULSORY = "compulsory", "Gedwongen kader"
        CRISIS = "crisis", "Crisis die direct handelen vraagt"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transparency_notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    informed_on = models.DateField("geïnformeerd op", null=True, blank=True)
    method = models.CharField("hoe", max_length=10, choices=Method.choices, blank=True)
    unless_reason = models.CharField("reden", max_length=20, choices=UnlessReason.choices, blank=True)
    risk = EncryptedTextField("welk veiligheidsrisico of zwaarwegend belang", null=True, blank=True)
    weighing = EncryptedTextField("afweging spreken en zwijgen", null=True, blank=True)
    sharing = EncryptedTextField("wie krijgt welke informatie", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "informeren van de inwoner"
        verbose_name_plural = "informeren van de inwoner"
        ordering = ["-recorded_at"]


class MissingInformation(models.Model):
    """P-2.4: information essential for the decision that the resident has not given."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="missing_information")
    description = EncryptedTextField("wat ontbreekt")
    asked_on = models.DateField("gevraagd op")
    refused = models.BooleanField("inwoner weigert", default=False)
    resolved_at = models.DateTimeField("ontvangen op", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ontbrekende informatie"
        verbose_name_plural = "ontbrekende informatie"
        ordering = ["recorded_at"]


# Change history without a second copy of client data: every encrypted field is excluded.
auditlog.register(Resident, exclude_fields=["bsn", "bsn_hash", "first_names", "surname",
                                            "date_of_birth", "address", "phone", "email"])
auditlog.register(Case, exclude_fields=["request"])
auditlog.register(EmergencyAccess, exclude_fields=["explanation", "review_comment"])
auditlog.register(IdentityCheck)
auditlog.register(Household)
auditlog.register(HouseholdMember)
auditlog.register(Representation, exclude_fields=["name"])
auditlog.register(Note, exclude_fields=["text", "justification"])
auditlog.register(Document, exclude_fields=["name", "file", "justification"])
auditlog.register(ReductionRecord)
auditlog.register(ArchiveReadConsent)
auditlog.register(TransparencyNotice, exclude_fields=["risk", "weighing", "sharing"])
auditlog.register(MissingInformation, exclude_fields=["description"])
