from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts import roles
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from core.errors import ApplicationError

from .. import selectors, services
from ..access import access_case, may_change_case, may_open_case, may_request_emergency_access
from ..forms import CaseFilterForm, EmergencyAccessForm, EmergencyReviewForm, SearchForm
from ..models import Case, EmergencyAccess
from ..rules import looks_like_case_number, normalise_bsn

PAGE_SIZE = 25


def _log_shown(user, cases, *, action, purpose, detail=""):
    """One access-log entry per resident shown (L-LOG), written in the request's one insert."""
    events = [AccessEvent(action=action, case_id=c.pk, resident_id=c.resident_id,
                          purpose=purpose, detail=detail) for c in cases]
    if events:
        log_access(actor=user, events=events)


@login_required
def my_work(request):
    """UX 'Mijn werk': requests the Zorgplein sent back first, then signals taken up into the
    user's dossiers, then the household plans, then the open dossiers."""
    from plans.selectors import plans_for_user, requests_needing_information
    from signals.selectors import taken_up_for_user

    user = request.user
    # the open dossiers, oldest first: the dossier list's own page (from the grants, issue 10)
    open_page = selectors.visible_case_page(user, number=1, per_page=PAGE_SIZE, order="opened_at",
                                            status=Case.Status.OPEN)
    cases = list(open_page.object_list)
    more_info = list(requests_needing_information(user)[:PAGE_SIZE])
    signals = list(taken_up_for_user(user)[:PAGE_SIZE])
    plans = list(plans_for_user(user)[:PAGE_SIZE])
    shown = {c.pk: c for c in [*cases, *(r.case for r in more_info), *(s.case for s in signals),
                               *(p.case for p in plans)]}
    _log_shown(user, shown.values(), action=AccessLogEntry.Action.LIST, purpose="mijn_werk")
    return render(request, "cases/my_work.html", {
        "cases": cases, "total": open_page.paginator.count, "may_open": may_open_case(user), "more_info": more_info,
        "signals": signals, "plans": plans, "is_coach": user.has_role(roles.COACH)})


@login_required
@require_safe
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = selectors.visible_case_page(request.user, number=request.GET.get("pagina"), per_page=PAGE_SIZE,
                                       order=data.get("sort") or "-opened_at", statute=data.get("statute", ""),
                                       status=data.get("status", ""))
    _log_shown(request.user, page.object_list, action=AccessLogEntry.Action.LIST, purpose="dossierlijst")
    return render(request, "cases/list.html", {"form": form, "page": page, "may_open": may_open_case(request.user)})


@login_required
@require_safe
def case_access_log(request, pk):
    """UX 3.12: who else opened this dossier outside the assignment, and its exports."""
    case = access_case(request.user, pk, purpose="inzage_overzicht")
    rows = (AccessLogEntry.objects.filter(case_id=case.pk, action__in=[
        AccessLogEntry.Action.EMERGENCY, AccessLogEntry.Action.EXPORT],
        result=AccessLogEntry.Result.ALLOWED).select_related("user").order_by("-seq")[:100])
    return render(request, "cases/access_log.html", {
        "case": case, "rows": rows, "section": "access_log", "may_change": may_change_case(request.user, case),
        "emergency": services.current_emergency_access(user=request.user, case=case)})


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    """Search by exact BSN or dossier number, or by name within one's own dossiers (UX 2).

    POST only for the search itself: a BSN or name never appears in a URL (UX 3.13).
    """
    form = SearchForm(request.POST or None)
    context = {"form": form, "searched": False}
    if request.method == "POST" and form.is_valid():
        context.update(_run_search(request.user, form.cleaned_data["query"]))
        # UX 3.14: never echo a BSN or a name back, not even in the search box.
        context.update(searched=True, form=SearchForm())
    return render(request, "cases/search.html", context)


def _run_search(user, query):
    kind, visible, foreign = _search_kind(query), [], []
    base = selectors.cases_for_user(user).select_related("resident").only(*selectors.LIST_COLUMNS)  # what a row shows
    if kind == "bsn":
        resident = selectors.resident_by_bsn(query)
        if resident is not None:
            visible = list(base.filter(resident=resident))
            if not visible and may_request_emergency_access(user):
                foreign = list(Case.objects.filter(resident=resident, status=Case.Status.OPEN))
    elif kind == "dossiernummer":
        visible = list(base.filter(number=query.upper()))
        if not visible and may_request_emergency_access(user):
            found = selectors.case_by_number(query)
            foreign = [found] if found and found.status == Case.Status.OPEN else []
    else:
        needle = query.casefold()
        visible = [c for c in base.filter(status=Case.Status.OPEN)
                   if needle in c.resident.full_name.casefold()]
    _log_search(user, kind, visible, foreign)
    return {"results": visible, "foreign": foreign}


def _search_kind(query: str) -> str:
    if looks_like_case_number(query):
        return "dossiernummer"
    return "bsn" if normalise_bsn(query).isdigit() else "naam"  # the form refused invalid BSNs


def _log_search(user, kind, visible, foreign):
    events = [AccessEvent(action=AccessLogEntry.Action.SEARCH, case_id=c.pk,
                          resident_id=c.resident_id, purpose="zoeken", detail=kind)
              for c in visible]
    events += [AccessEvent(action=AccessLogEntry.Action.SEARCH, case_id=c.pk,
                           resident_id=c.resident_id, purpose="zoeken",
                           detail=f"{kind}_buiten_toewijzing") for c in foreign]
    if not events:
        events = [AccessEvent(action=AccessLogEntry.Action.SEARCH, purpose="zoeken",
                              detail=f"{kind}_geen_resultaat")]
    log_access(actor=user, events=events)


@login_required
@require_http_methods(["GET", "POST"])
def emergency_access(request, pk):
    """UX 3.10: a full interruption page; the reason is recorded before the dossier opens."""
    case = Case.objects.exclude(status=Case.Status.DESTROYED).filter(pk=pk).first()
    if case is None or not may_request_emergency_access(request.user):
        raise Http404
    if services.current_emergency_access(user=request.user, case=case):
        return redirect("cases:detail", pk=case.pk)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_emergency_access(actor=request.user, case=case, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/emergency.html", {"case_pk": case.pk, "form": form,
                                                    "reasons": EmergencyAccess.Reason})




@login_required
@require_http_methods(["GET", "POST"])
def emergency_review(request, pk=None):
    """The privacy officer's queue of accesses outside the assignment (UX 3.10, 2 'FG')."""
    if not request.user.has_role(roles.PRIVACY_OFFICER):
        raise Http404
    pending = (EmergencyAccess.objects.filter(review=EmergencyAccess.Review.PENDING)
               .select_related("user", "case").order_by("granted_at"))
    current = pending.filter(pk=pk).first() if pk else None
    if pk and current is None:
        raise Http404
    form = EmergencyReviewForm(request.POST or None)
    if current and request.method == "POST" and form.is_valid():
        try:
            services.review_emergency_access(actor=request.user, access=current, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Beoordeling vastgelegd.")
            return redirect("cases:emergency_review")
    return render(request, "cases/emergency_review.html",
                  {"pending": pending, "current": current, "form": form})
