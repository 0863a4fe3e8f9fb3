"""Archive screens (UX 'Archiefmedewerker', 3.9): destruction lists, their review and approval,
the statement; job runs; cleaning a closed dossier; erasure requests (L-17).

No access at all: 404. Dossier numbers are shown, never names: the lists hold no personal data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts import roles
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.access import CHANGE, access_case, grant_exists, may_reach_client_data
from cases.models import Case
from cases.selectors import resident_by_bsn
from core.errors import ApplicationError

from . import selectors, services
from .forms import ApprovalForm, ErasureRequestForm, ExclusionForm
from .models import CleanupRecord, DestructionList, DestructionListItem, ErasureRequest


def _archivist(request):
    user = request.user
    if not (may_reach_client_data(user) and not user.is_external and user.has_role(roles.ARCHIVIST)):
        raise Http404


def _form_error(form, exc: ApplicationError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _log_items(user, items, purpose):
    events = [AccessEvent(action=AccessLogEntry.Action.LIST, case_id=i.case_id, purpose=purpose)
              for i in items if i.case_id]
    if events:
        log_access(actor=user, events=events)


@login_required
@require_safe
def destruction_lists(request):
    _archivist(request)
    lists = DestructionList.objects.annotate(
        total=Count("items"), excluded_count=Count("items", filter=Q(items__excluded=True)))
    return render(request, "retention/lists.html", {"lists": lists[:50]})


@login_required
@require_safe
def destruction_list(request, pk):
    _archivist(request)
    batch = get_object_or_404(DestructionList, pk=pk)
    items = list(batch.items.select_related("rule"))
    _log_items(request.user, items, "vernietigingslijst")
    return render(request, "retention/review.html", {
        "batch": batch, "items": items, "to_destroy": sum(not i.excluded for i in items)})


@login_required
@require_http_methods(["GET", "POST"])
def exclude(request, pk, item_pk):
    _archivist(request)
    item = get_object_or_404(DestructionListItem, pk=item_pk, destruction_list_id=pk)
    form = ExclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exclude_item(item=item, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Dossier {item.case_number} is uitgezonderd.")
            return redirect("retention:list", pk=pk)
    return render(request, "retention/exclude.html", {"item": item, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk):
    """UX 3.9: check answers, the consequence above the button, and an idempotent POST."""
    _archivist(request)
    batch = get_object_or_404(DestructionList, pk=pk)
    items = list(batch.items.select_related("rule"))
    count = sum(not i.excluded for i in items)
    form = ApprovalForm(request.POST or None, initial={"count": count})
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_list(destruction_list=batch, actor=request.user, count=form.cleaned_data["count"])
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Goedgekeurd: {count} dossiers worden vernietigd. De verklaring van "
                                      "vernietiging verschijnt op deze pagina zodra alles vernietigd is.")
            return redirect("retention:list", pk=pk)
    return render(request, "retention/approve.html", {"batch": batch, "items": items, "count": count, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_safe
def statement(request, pk):
    _archivist(request)
    batch = get_object_or_404(DestructionList, pk=pk, statement_pdf__isnull=False)
    response = HttpResponse(bytes(batch.statement_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verklaring-van-vernietiging-{batch.code}.pdf"'
    return response


@login_required
@require_safe
def job_runs(request):
    """Every retention job run, for the archivist and the privacy officer."""
    user = request.user
    if not (may_reach_client_data(user) and (user.has_role(roles.ARCHIVIST) or user.has_role(roles.PRIVACY_OFFICER))):
        raise Http404
    return render(request, "retention/job_runs.html", {"runs": selectors.latest_runs()})


@login_required
@require_http_methods(["GET", "POST"])
def clean(request, pk):
    """P-2.2.4: the caseworker cleans a closed dossier before it moves into the archive."""
    case = access_case(request.user, pk, purpose="opschonen")
    may_clean = (case.status == Case.Status.CLOSED and case.cleaned_at is None
                 and Case.objects.filter(pk=case.pk).filter(grant_exists(request.user, CHANGE)).exists())
    error = ""
    if request.method == "POST":
        if not may_clean:
            raise PermissionDenied("Je kunt dit dossier niet opschonen.")
        try:
            record = services.clean_case(case=case, actor=request.user)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, f"Opgeschoond: {record.working_notes_removed} werkaantekeningen en "
                                      f"{record.copies_removed} dubbele documenten verwijderd.")
            return redirect("retention:clean", pk=case.pk)
    return render(request, "retention/clean.html", {
        "case": case, "may_clean": may_clean, "error": error,
        "working_notes": case.notes.filter(is_working_note=True).count(),
        "records": CleanupRecord.objects.filter(case=case)}, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def erasure_requests(request):
    """L-17: the privacy officer registers an erasure request; the decision follows at once."""
    if not (may_reach_client_data(request.user) and request.user.has_role(roles.PRIVACY_OFFICER)):
        raise Http404
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = resident_by_bsn(form.cleaned_data["bsn"])
        if resident is None:
            form.add_error("bsn", "Er is geen inwoner met dit BSN.")
        else:
            result = services.handle_erasure_request(resident=resident, actor=request.user,
                                                     received_on=form.cleaned_data["received_on"])
            messages.success(request, f"Verzoek {result.pk}: {result.get_status_display().lower()}.")
            return redirect("retention:erasure")
    recent = ErasureRequest.objects.order_by("-pk")[:50]
    return render(request, "retention/erasure.html", {"form": form, "requests": recent},
                  status=400 if form.errors else 200)
