"""Gate -> form -> service -> redirect or render. Every dossier page goes through access_case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts import roles
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.access import access_case
from core.errors import ApplicationError

from . import forms, selectors, services
from .models import Consultation, Disclosure, Objection, StatutoryRequest


def _error(form, exc: ApplicationError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_list(request, pk):
    """The dossier's register: disclosures, statutory requests, marking the client as told."""
    write = request.method == "POST"
    case = access_case(request.user, pk, purpose="verstrekkingen", write=write)
    form = forms.InformedForm(request.POST or None)
    if write and form.is_valid():
        disclosure = Disclosure.objects.filter(case=case, pk=form.cleaned_data["disclosure"]).first()
        if disclosure is None:
            raise Http404
        try:
            services.mark_client_informed(actor=request.user, disclosure=disclosure,
                                          informed_on=form.cleaned_data["informed_on"])
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Vastgelegd dat de inwoner is geïnformeerd.")
            return redirect("disclosures:list", pk=case.pk)
    return render(request, "disclosures/list.html", {
        "case": case, "disclosures": selectors.disclosures_of(case), "form": form,
        "requests": selectors.statutory_requests_of(case), "section": "verstrekkingen"})


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_new(request, pk):
    """Record a disclosure: decision blocks, then a check-answers page (UX 3.4, 3.9)."""
    case = access_case(request.user, pk, purpose="verstrekking_vastleggen", write=True)
    consultations = selectors.answered_consultations(case)
    form = forms.DisclosureForm(request.POST or None, consultations=consultations)
    template = "disclosures/disclosure_form.html"
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        if "confirm" in request.POST:
            try:
                services.record_disclosure(actor=request.user, case=case, purpose=case.statute,
                                           decided_by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                _error(form, exc)
            else:
                messages.success(request, "Verstrekking vastgelegd.")
                return redirect("disclosures:list", pk=case.pk)
        else:
            template = "disclosures/disclosure_check.html"
    return render(request, template, {"case": case, "form": form, "section": "verstrekkingen",
                                      "has_consultations": consultations.exists()})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request, pk):
    case = access_case(request.user, pk, purpose="wettelijk_verzoek_registreren", write=True)
    form = forms.StatutoryRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.register_statutory_request(actor=request.user, case=case, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Verzoek geregistreerd. Kies nu welke gegevens je verstrekt.")
            return redirect("disclosures:request_answer", pk=case.pk, request_pk=req.pk)
    return render(request, "disclosures/request_form.html", {"case": case, "form": form,
                                                             "section": "verstrekkingen"})


def _request_of(case, request_pk) -> StatutoryRequest:
    req = StatutoryRequest.objects.select_related("requester").filter(case=case, pk=request_pk).first()
    if req is None:
        raise Http404
    return req


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request, pk, request_pk):
    """P-2.1.4: choose item by item (nothing pre-ticked), preview the memo, then record."""
    case = access_case(request.user, pk, purpose="wettelijk_verzoek_beantwoorden", write=True)
    req = _request_of(case, request_pk)
    if req.disclosure_id:
        return render(request, "disclosures/request_done.html", {"case": case, "req": req,
                                                                 "section": "verstrekkingen"})
    form = forms.AnswerRequestForm(request.POST or None)
    context = {"case": case, "req": req, "form": form, "section": "verstrekkingen"}
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST:
            try:
                services.answer_statutory_request(actor=request.user, statutory_request=req, **data)
            except ApplicationError as exc:
                _error(form, exc)
            else:
                messages.success(request, "Verstrekking vastgelegd. De memo is gearchiveerd in het dossier.")
                return redirect("disclosures:request_answer", pk=case.pk, request_pk=req.pk)
        else:
            preview = Disclosure(case=case, recipient=req.requester, legal_ground=data["legal_ground"],
                                 items=[{"id": i} for i in data["items"]], inform_on=data["inform_on"],
                                 decided_by=request.user, necessity=data["necessity"])
            context.update(preview=preview, provided=services.provided_items(disclosure=preview, case=case))
            return render(request, "disclosures/request_check.html", context)
    return render(request, "disclosures/request_answer.html", context)


@login_required
@require_safe
def memo_download(request, pk, request_pk):
    """UX 3.16: the archived memo; the download is logged as an export."""
    case = access_case(request.user, pk, purpose="memo_openen")
    req = _request_of(case, request_pk)
    try:
        pdf = services.export_memo(actor=request.user, statutory_request=req)
    except ApplicationError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="memo-{case.number}-{req.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def objection_list(request, pk):
    """P-2.3.4: objections to processing (bezwaar tegen gegevensverwerking) and registering one."""
    write = request.method == "POST"
    case = access_case(request.user, pk, purpose="bezwaren_gegevensverwerking", write=write)
    form = forms.ObjectionForm(request.POST or None)
    if write and form.is_valid():
        try:
            services.register_objection(actor=request.user, case=case, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Bezwaar tegen gegevensverwerking geregistreerd. Tot het besluit gaan alleen "
                                      "verstrekkingen op een wettelijke grondslag door.")
            return redirect("disclosures:objections", pk=case.pk)
    return render(request, "disclosures/objections.html", {
        "case": case, "form": form, "objections": selectors.objections_of(case), "section": "bezwaren"})


@login_required
@require_http_methods(["GET", "POST"])
def objection_decide(request, pk, objection_pk):
    case = access_case(request.user, pk, purpose="bezwaar_besluiten", write=True)
    objection = Objection.objects.filter(case=case, pk=objection_pk).first()
    if objection is None:
        raise Http404
    form = forms.ObjectionDecisionForm(request.POST or None)
    if objection.undecided and request.method == "POST" and form.is_valid():
        try:
            services.decide_objection(actor=request.user, objection=objection, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Besluit over het bezwaar tegen gegevensverwerking vastgelegd.")
            return redirect("disclosures:objections", pk=case.pk)
    return render(request, "disclosures/objection_decide.html", {
        "case": case, "objection": objection, "form": form, "section": "bezwaren"})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_request(request, pk):
    """P-2.3.3: ask the aandachtsfunctionaris or team lead before not informing the client."""
    case = access_case(request.user, pk, purpose="consultatie_vragen", write=True)
    form = forms.ConsultationRequestForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_consultation(actor=request.user, case=case, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Consultatie gevraagd. De collega legt het advies zelf vast.")
            return redirect("disclosures:list", pk=case.pk)
    return render(request, "disclosures/consultation_request.html", {"case": case, "form": form,
                                                                     "section": "verstrekkingen"})


@login_required
@require_safe
def consultation_inbox(request):
    return render(request, "disclosures/consultation_inbox.html",
                  {"consultations": selectors.consultations_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_answer(request, pk):
    """Only the consulted person sees the question and records the advice; others get 404."""
    consultation = Consultation.objects.select_related("case", "requested_by").filter(
        pk=pk, consultee=request.user).first()
    if consultation is None:
        raise Http404
    form = forms.AdviceForm(request.POST or None)
    if consultation.answered_at is None and request.method == "POST" and form.is_valid():
        try:
            services.answer_consultation(actor=request.user, consultation=consultation, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Advies vastgelegd.")
            return redirect("disclosures:consultations")
    return render(request, "disclosures/consultation_answer.html", {"consultation": consultation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def flagged_register(request, pk=None):
    """The privacy officer's review queue of flagged disclosures (P-2.1.3, P-2.3.3): ids and
    grounds, no client names; one at a time with the caseworker's weighing, accepted or
    escalated with a comment (append-only). Each dossier shown is logged (L-LOG)."""
    if not request.user.has_role(roles.PRIVACY_OFFICER):
        raise Http404
    pending = list(selectors.flagged_to_review()[:100])
    current = None
    if pk is not None:
        current = selectors.flagged_to_review().filter(pk=pk).first()
        if current is None:
            raise Http404
    form = forms.DisclosureReviewForm(request.POST if current and request.method == "POST" else None)
    if current and request.method == "POST" and form.is_valid():
        try:
            services.review_disclosure(actor=request.user, disclosure=current, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Beoordeling vastgelegd.")
            return redirect("disclosures:flagged")
    reviewed = list(selectors.flagged_for_privacy_officer().filter(review__isnull=False)
                    .select_related("review", "review__reviewed_by")[:50])
    events = [AccessEvent(action=AccessLogEntry.Action.LIST, case_id=d.case_id, resident_id=d.case.resident_id,
                          purpose="fg_verstrekkingen") for d in [*pending, *reviewed]]
    if current:
        events.append(AccessEvent(action=AccessLogEntry.Action.READ, case_id=current.case_id,
                                  resident_id=current.case.resident_id, purpose="fg_verstrekkingen",
                                  detail=f"verstrekking:{current.pk}"))
    if events:
        log_access(actor=request.user, events=events)
    return render(request, "disclosures/flagged_register.html",
                  {"rows": pending, "pending": pending, "reviewed": reviewed, "current": current, "form": form},
                  status=400 if form.errors else 200)
