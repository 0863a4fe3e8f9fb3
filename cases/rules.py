"""Pure policy decisions about residents and dossiers."""

import datetime as dt
import re
from dataclasses import dataclass

from core.dates import age_on

_SEPARATORS = re.compile(r"[\s.\-]")


def normalise_bsn(raw: str) -> str:
    """Accept a BSN with spaces, dots or dashes (UX 3.2); keep leading zeros."""
    return _SEPARATORS.sub("", raw or "")


def is_valid_bsn(bsn: str) -> bool:
    """P-2.1.5: nine digits that pass the eleven-test (weights 9..2 and -1), not all zeros."""
    if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit() or bsn == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True))
    total -= int(bsn[8])
    return total % 11 == 0


def looks_like_case_number(text: str) -> bool:
    return bool(re.fullmatch(r"D-\d{4}-\d{4,6}", text.strip().upper()))


# --- P-2.1.6: who acts for the resident -------------------------------------------------

@dataclass(frozen=True)
class Representation:
    """Who acts for a resident on a given day, and what else must be done and recorded."""

    age: int
    representative_acts: bool  # the custodial parents or the legal representative act
    resident_acts: bool  # the resident acts (alone, or together with the representative)
    child_informed: bool  # under 12: inform the child in a way that suits its age
    child_wishes_recorded: bool  # 12-15: record the child's own wishes; both consent
    both_parents_consent: bool  # custodial parents disagree: treatment needs both
    client_support_offered: bool  # incapacitated adult: offer and record client support
    summary: str


def representation_on(birth_date: dt.date, on: dt.date, *, incapacitated: bool = False,
                      custodial_parents_disagree: bool = False) -> Representation:
    """P-2.1.6. Under 12: the custodial parents or the legal representative act and the child
    is informed. 12 to 15: the representative acts and the child's wishes are recorded (both
    consent). From 16: the person acts alone. Custodial parents who disagree: treatment
    needs both. Incapacitated (12 and older): the legal representative acts; for an adult,
    client support ("cliëntondersteuning") is offered and recorded. A child born on 29
    February turns a year older on 1 March in common years (core.dates.age_on)."""
    age = age_on(birth_date, on)
    minor = age < 18
    disagree = custodial_parents_disagree and minor
    if age < 12:
        return Representation(age, True, False, True, False, disagree, False,
                              "De ouders met gezag of de wettelijk vertegenwoordiger beslissen. "
                              "Informeer het kind op een manier die past bij zijn leeftijd.")
    if incapacitated:
        adult = not minor
        return Representation(age, True, False, False, False, disagree, adult,
                              "De inwoner kan zijn belangen niet overzien. De wettelijk "
                              "vertegenwoordiger (curator of mentor, of de ouders met gezag) beslist."
                              + (" Bied cliëntondersteuning aan en leg dat vast." if adult else ""))
    if age < 16:
        return Representation(age, True, True, False, True, disagree, False,
                              "De ouders met gezag of de voogd beslissen samen met het kind. "
                              "Leg ook de wensen van het kind vast.")
    return Representation(age, False, True, False, False, False, False, "De inwoner beslist zelf.")


# --- P-2.1.5, P-2.3.2, P-2.4: may this request be handled? ------------------------------

@dataclass(frozen=True)
class DossierFacts:
    identity_checked: bool
    resident_told: bool  # a transparency notice: informed, or "transparency, unless"
    open_missing_information: int


def reasons_not_to_close(facts: DossierFacts, *, decision: bool) -> list[str]:
    """Why a dossier may not be decided or closed yet; empty when it may.

    P-2.1.5: identity is recorded before the request is handled. P-2.3.2: the resident was
    told (or "transparency, unless" was recorded). P-2.4 / P-2.2.1: no decision while
    essential information is missing (it can be closed as not processed instead)."""
    reasons = []
    if not facts.identity_checked:
        reasons.append("Leg eerst de identiteitscontrole vast.")
    if not facts.resident_told:
        reasons.append("Leg eerst vast hoe de inwoner is geïnformeerd over doel en noodzaak.")
    if decision and facts.open_missing_information:
        reasons.append("Er ontbreekt nog informatie die nodig is voor het besluit. "
                       "Je kunt het dossier alleen buiten behandeling stellen.")
    return reasons


# --- P-2.2.1: documents -----------------------------------------------------------------

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def document_type_by_content(head: bytes) -> str | None:
    """The content type judged by the first bytes, never by the name: PDF, PNG or JPEG."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


# Names in a PDF that run code or carry other files (P-2.2.5: no active content). A PDF may
# spell a name with #xx escapes (/J#61vaScript), so names are unescaped before the check.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)(?![A-Za-z0-9])")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def has_active_content(data: bytes, content_type: str) -> bool:
    """True for a PDF with scripts, launch actions, embedded files or forms that submit.

    Defence in depth: documents are always served as attachments with nosniff, so nothing
    runs in the application's origin; this keeps such files out of the dossier altogether."""
    if content_type != "application/pdf":
        return False
    plain = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    return _PDF_ACTIVE.search(plain) is not None


def needs_justification(category: str) -> bool:
    """P-2.2.1: special categories (health, criminal, other special) are kept only with a reason."""
    return category != "ordinary"
