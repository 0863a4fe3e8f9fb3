"""Dossier sub-pages and their forms. Every page goes through the gate (access_case); every
write uses write=True, then form, then service, then a redirect with a success message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from core.dates import today
from core.errors import ApplicationError

from .. import forms, history, letters, services
from ..access import access_case, may_change_case, may_open_case
from ..models import Case, Document, IdentityCheck, MissingInformation
from ..rules import representation_on
from ..selectors import cases_for_user, newest_per_resident

NO_STORE = "no-store"


def _render(request, template, case, context, *, section, status=200):
    # UX 3.10: every page of a dossier opened outside the assignment shows the warning.
    context = {"case": case, "section": section, "may_change": may_change_case(request.user, case),
               "emergency": services.current_emergency_access(user=request.user, case=case), **context}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = NO_STORE
    return response


def _export(user, case, purpose, detail=""):
    """Every download or print is logged as an export (UX 3.16, L-LOG)."""
    log_access(actor=user, events=[AccessEvent(action=AccessLogEntry.Action.EXPORT, case_id=case.pk,
                                               resident_id=case.resident_id, purpose=purpose, detail=detail)])


def _apply(form, exc: ApplicationError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _form_page(request, pk, *, form_class, purpose, run, page, success, section, files=False, form_kwargs=None,
               case=None):
    """The shape of every write page: gate (write) -> form -> service -> redirect."""
    case = case or access_case(request.user, pk, purpose=purpose, write=True)
    kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES if files else None, **kwargs)
        if form.is_valid():
            try:
                run(case, form.cleaned_data)
            except ApplicationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, success)
                return redirect(reverse(f"cases:{section}", args=[case.pk]))
    else:
        form = form_class(**kwargs)
    return _render(request, "cases/form_page.html", case,
                   {"form": form, "page": page, "files": files,
                    "back": reverse(f"cases:{section}", args=[case.pk])}, section=section)


# --- overview and read pages ------------------------------------------------------------

@login_required
@require_safe
def overview(request, pk):
    case = access_case(request.user, pk, purpose="dossier_overzicht")
    facts = services.dossier_facts(case)
    return _render(request, "cases/detail.html", case, {
        "facts": facts,
        "notice": case.transparency_notices.select_related("recorded_by").first(),
        "identity": IdentityCheck.objects.filter(resident_id=case.resident_id).select_related("checked_by").first(),
    }, section="detail")


@login_required
@require_safe
def history_page(request, pk):
    """Tijdlijn: the change history of the dossier and what hangs on it, without content."""
    case = access_case(request.user, pk, purpose="dossier_tijdlijn")
    return _render(request, "cases/history.html", case, {"rows": history.timeline(case)}, section="history")


@login_required
@require_safe
def resident_page(request, pk):
    case = access_case(request.user, pk, purpose="inwoner_en_identiteit")
    checks = IdentityCheck.objects.filter(resident_id=case.resident_id).select_related("checked_by")
    return _render(request, "cases/resident.html", case, {"checks": checks}, section="resident")


@login_required
@require_safe
def household_page(request, pk):
    case = access_case(request.user, pk, purpose="huishouden")
    outcome = representation_on(case.resident.date_of_birth, today(), incapacitated=case.incapacitated,
                                custodial_parents_disagree=case.custodial_parents_disagree)
    representatives = case.resident.representations.select_related("verified_by")
    members, unseen = services.household_members(user=request.user, case=case)
    if members:
        log_access(actor=request.user, events=[AccessEvent(
            action=AccessLogEntry.Action.LIST, case_id=m.pk, resident_id=m.resident_id, purpose="huishouden")
            for m in members])
    return _render(request, "cases/household.html", case,
                   {"outcome": outcome, "representatives": representatives, "members": members,
                    "unseen_members": unseen}, section="household")


def _member_options(user, case):
    """The user's own open dossiers of other residents who are in no household yet."""
    candidates = (cases_for_user(user).filter(status=Case.Status.OPEN).exclude(resident_id=case.resident_id)
                  .exclude(resident__household_membership__isnull=False)
                  .select_related("resident").order_by("resident__id", "-opened_at"))
    options = [(c.pk, f"{c.resident.full_name} (dossier {c.number})") for c in newest_per_resident(candidates[:200])]
    return sorted(options, key=lambda option: option[1])


@login_required
@require_http_methods(["GET", "POST"])
def add_household_member(request, pk):
    case = access_case(request.user, pk, purpose="huishouden_wijzigen", write=True)
    options = _member_options(request.user, case)

    def run(case, data):
        member_case = cases_for_user(request.user).filter(pk=data["member_case"]).first()
        if member_case is None:
            raise ApplicationError("Kies een van de inwoners uit de lijst.", field="member_case")
        services.add_household_member(case=case, actor=request.user, member_case=member_case)
    return _form_page(request, pk, form_class=forms.HouseholdMemberForm, purpose="huishouden_wijzigen", run=run,
                      page={"title": "Lid van het huishouden toevoegen", "button": "Toevoegen aan het huishouden",
                            "intro": "" if options else
                            "Er zijn geen inwoners om te kiezen: je werkt in geen ander dossier van een inwoner "
                            "zonder huishouden."},
                      success="Lid van het huishouden toegevoegd.", section="household",
                      form_kwargs={"options": options}, case=case)


@login_required
@require_POST
def remove_household_member(request, pk, member_pk):
    case = access_case(request.user, pk, purpose="huishouden_wijzigen", write=True)
    member_case = cases_for_user(request.user).filter(pk=member_pk).first()
    if member_case is None:
        raise Http404
    try:
        services.remove_household_member(case=case, actor=request.user, member_case=member_case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "De inwoner hoort niet meer bij dit huishouden.")
    return redirect(reverse("cases:household", args=[case.pk]))


@login_required
@require_safe
def notes_page(request, pk):
    case = access_case(request.user, pk, purpose="notities")
    return _render(request, "cases/notes.html", case, {"notes": case.notes.select_related("author")},
                   section="notes")


@login_required
@require_safe
def documents_page(request, pk):
    case = access_case(request.user, pk, purpose="documenten")
    return _render(request, "cases/documents.html", case, {
        "documents": case.documents.select_related("uploaded_by"),
        "reductions": case.reductions.select_related("reduced_by"),
    }, section="documents")


@login_required
@require_safe
def transparency_page(request, pk):
    case = access_case(request.user, pk, purpose="informeren")
    return _render(request, "cases/transparency.html", case,
                   {"notices": case.transparency_notices.select_related("recorded_by")}, section="transparency")


@login_required
@require_safe
def missing_page(request, pk):
    case = access_case(request.user, pk, purpose="ontbrekende_informatie")
    return _render(request, "cases/missing.html", case,
                   {"items": case.missing_information.select_related("recorded_by")}, section="missing")


# --- write pages ------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def identity_check(request, pk):
    def run(case, data):
        services.record_identity_check(case=case, actor=request.user, **data)
    return _form_page(request, pk, form_class=forms.IdentityCheckForm, purpose="identiteit_vastleggen", run=run,
                      page={"title": "Identiteitscontrole vastleggen", "button": "Identiteitscontrole vastleggen"},
                      success="Identiteitscontrole vastgelegd.", section="resident")


@login_required
@require_http_methods(["GET", "POST"])
def add_representative(request, pk):
    def run(case, data):
        services.add_representative(case=case, actor=request.user, **data)
    return _form_page(request, pk, form_class=forms.RepresentativeForm, purpose="vertegenwoordiger_vastleggen",
                      run=run, page={"title": "Vertegenwoordiger toevoegen", "button": "Vertegenwoordiger toevoegen"},
                      success="Vertegenwoordiger toegevoegd.", section="household")


@login_required
@require_http_methods(["GET", "POST"])
def representation_facts(request, pk):
    def run(case, data):
        services.record_representation_facts(case=case, actor=request.user, **data)
    return _form_page(request, pk, form_class=forms.RepresentationFactsForm, purpose="vertegenwoordiging_beoordelen",
                      run=run, page={"title": "Wie beslist voor de inwoner?", "button": "Opslaan",
                                     "intro": "Deze antwoorden bepalen wie namens de inwoner beslist."},
                      success="Beoordeling vertegenwoordiging opgeslagen.", section="household")


@login_required
@require_http_methods(["GET", "POST"])
def add_note(request, pk):
    def run(case, data):
        services.add_note(case=case, actor=request.user, **data)
    return _form_page(request, pk, form_class=forms.NoteForm, purpose="notitie_toevoegen", run=run,
                      page={"title": "Notitie toevoegen", "button": "Notitie toevoegen"},
                      success="Notitie toegevoegd.", section="notes")


@login_required
@require_http_methods(["GET", "POST"])
def add_document(request, pk):
    def run(case, data):
        services.add_document(case=case, actor=request.user, upload=data["file"], name=data["name"],
                              category=data["category"], justification=data["justification"])
    return _form_page(request, pk, form_class=forms.DocumentForm, purpose="document_toevoegen", run=run,
                      page={"title": "Document toevoegen", "button": "Document toevoegen"},
                      success="Document toegevoegd.", section="documents", files=True)


def _document(case, document_pk) -> Document:
    document = case.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    return document


@login_required
@require_safe
def download_document(request, pk, document_pk):
    """Only through the gate, logged as an export, always as an attachment (P-2.2.1)."""
    case = access_case(request.user, pk, purpose="document_downloaden")
    document = _document(case, document_pk)
    data = services.read_document(document=document)
    _export(request.user, case, "document_downloaden", detail=f"document {document.pk}")
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[document.content_type]
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{case.number}-document-{document.pk}.{extension}"'
    response["Cache-Control"] = NO_STORE
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reduce_document(request, pk, document_pk):
    """P-2.2.1: reduce a full medical file to what the case needs; the surplus is destroyed."""
    case = access_case(request.user, pk, purpose="medisch_dossier_reduceren", write=True)
    document = _document(case, document_pk)

    def run(case, data):
        services.reduce_medical_file(case=case, actor=request.user, document=document,
                                     kept_upload=data["kept_file"], kind=data["kind"],
                                     pages_removed=data["pages_removed"])
    return _form_page(request, pk, form_class=forms.ReductionForm, purpose="medisch_dossier_reduceren", run=run,
                      page={"title": "Medisch dossier reduceren", "button": "Reduceren en de rest vernietigen",
                            "intro": "Bewaar alleen het deel dat nodig is voor de hulpvraag. Het volledige "
                                     "bestand wordt vernietigd. Dit kun je niet ongedaan maken."},
                      success="Dossier gereduceerd. Het volledige bestand is vernietigd.", section="documents",
                      files=True, case=case)


@login_required
@require_http_methods(["GET", "POST"])
def record_transparency(request, pk):
    def run(case, data):
        services.record_transparency(case=case, actor=request.user, **data)
    return _form_page(request, pk, form_class=forms.TransparencyForm, purpose="informeren_vastleggen", run=run,
                      page={"title": "Informeren vastleggen", "button": "Vastleggen",
                            "intro": "Leg vast wanneer en hoe de inwoner hoorde waarom we gegevens verwerken. "
                                     "Informeer je niet vooraf? Beantwoord dan de drie vragen."},
                      success="Vastgelegd hoe de inwoner is geïnformeerd.", section="transparency")


@login_required
@require_http_methods(["GET", "POST"])
def add_missing(request, pk):
    def run(case, data):
        services.record_missing_information(case=case, actor=request.user, **data)
    return _form_page(request, pk, form_class=forms.MissingInformationForm, purpose="ontbrekend_vastleggen",
                      run=run, page={"title": "Ontbrekende informatie vastleggen", "button": "Vastleggen"},
                      success="Ontbrekende informatie vastgelegd. Je kunt nu de brief downloaden.",
                      section="missing")


def _missing_item(case, item_pk) -> MissingInformation:
    item = case.missing_information.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


@login_required
@require_safe
def missing_letter(request, pk, item_pk):
    """P-2.4: the letter that the request cannot be decided without the information (PDF)."""
    case = access_case(request.user, pk, purpose="brief_ontbrekende_informatie")
    item = _missing_item(case, item_pk)
    pdf = letters.missing_information_letter(case=case, items=[item])
    _export(request.user, case, "brief_ontbrekende_informatie", detail=f"ontbrekend {item.pk}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.number}-brief-ontbrekende-informatie.pdf"'
    response["Cache-Control"] = NO_STORE
    return response


@login_required
@require_POST
def resolve_missing(request, pk, item_pk):
    case = access_case(request.user, pk, purpose="ontbrekend_ontvangen", write=True)
    item = _missing_item(case, item_pk)
    services.resolve_missing_information(case=case, actor=request.user, item=item)
    messages.success(request, "Informatie ontvangen vastgelegd.")
    return redirect("cases:missing", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk):
    def run(case, data):
        services.assign_case(case=case, actor=request.user, caseworker=data["caseworker"], team=data["team"])
    return _form_page(request, pk, form_class=forms.AssignForm, purpose="toewijzen", run=run,
                      page={"title": "Dossier toewijzen", "button": "Toewijzen",
                            "intro": "Kies een consulent of team uit je eigen teams."},
                      success="Dossier toegewezen.", section="detail", form_kwargs={"user": request.user})


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk):
    def run(case, data):
        services.close_case(case=case, actor=request.user, result=data["result"])
    return _form_page(request, pk, form_class=forms.CloseCaseForm, purpose="afsluiten", run=run,
                      page={"title": "Dossier afsluiten", "button": "Dossier afsluiten",
                            "intro": "Na het afsluiten kun je het dossier alleen nog inzien."},
                      success="Dossier afgesloten.", section="detail")


# --- opening a dossier ------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def open_dossier(request):
    """Open a dossier; the BSN is POSTed and never appears in a URL (UX 3.13)."""
    if not may_open_case(request.user):
        raise PermissionDenied("Alleen consulenten en teamleiders openen dossiers.")
    form = forms.OpenCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_dossier(
                actor=request.user, bsn=data["bsn"], first_names=data["first_names"], surname=data["surname"],
                date_of_birth=data["date_of_birth"], statute=data["statute"], legal_basis=data["legal_basis"],
                request=data["request_text"], team=data["team"])
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"Dossier geopend. Dossiernummer {case.number}.")
            return redirect("cases:detail", pk=case.pk)
    response = render(request, "cases/open.html", {"form": form})
    response["Cache-Control"] = NO_STORE
    return response

