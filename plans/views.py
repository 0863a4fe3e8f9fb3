"""Screens for the household plan (coach, through the dossier gate) and the Zorgplein
(reviewer, through plans.access). Gate -> form -> service -> redirect or render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.access import access_case, may_change_case
from cases.services import current_emergency_access, read_document
from core.dates import today
from core.errors import ApplicationError
from processors.models import DataCategory

from . import forms, letters, rules, services
from .access import access_decision, access_request, is_reviewer, log_export, requests_for_reviewer
from .models import Decision, MaatwerkRequest, Plan, Statute

NO_STORE = "no-store"
PAGE_SIZE = 25


def _no_store(response):
    response["Cache-Control"] = NO_STORE
    return response


def _dossier(request, template, case, context, *, status=200):
    context = {"case": case, "section": "plan", "may_change": may_change_case(request.user, case),
               "emergency": current_emergency_access(user=request.user, case=case), **context}
    return _no_store(render(request, template, context, status=status))


def _hidden(post) -> list[tuple[str, str]]:
    """The answers carried from the form to the check page (no session state, no URL)."""
    return [(k, v) for k in post if k not in ("csrfmiddlewaretoken", "step") for v in post.getlist(k)]


def _apply(form, exc: ApplicationError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- the household plan (dossier sub-page "Gezinsplan") -----------------------------------

@login_required
@require_safe
def plan_page(request, pk):
    case = access_case(request.user, pk, purpose="gezinsplan")
    plan = Plan.objects.filter(case=case).first()
    sections = list(services.visible_sections(user=request.user, plan=plan)) if plan else []
    requests = list(case.maatwerk_requests.exclude(status=MaatwerkRequest.Status.DRAFT).order_by("-forwarded_at"))
    return _dossier(request, "plans/plan.html", case, {
        "plan": plan, "sections": sections, "requests": requests,
        "versions": plan.versions.select_related("changed_by")[:10] if plan else [],
        "may_forward": case.statute in Statute.values,
    })


@login_required
@require_http_methods(["GET", "POST"])
def open_domain(request, pk):
    case = access_case(request.user, pk, purpose="leefgebied_openen", write=True)
    members = list(services.member_cases(user=request.user, case=case))
    form = forms.OpenDomainForm(request.POST or None, case=case, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = next((c for c in [case, *members] if str(c.pk) == data["member_case"]), None)
        try:
            services.open_domain(case=case, actor=request.user, domain=data["domain"], reason=data["reason"],
                                 member_case=member)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Leefgebied geopend in het gezinsplan.")
            return redirect("plans:plan", pk=case.pk)
    return _dossier(request, "cases/form_page.html", case, {
        "form": form, "back": reverse("plans:plan", args=[case.pk]),
        "page": {"title": "Leefgebied openen", "button": "Leefgebied openen",
                 "intro": "Open alleen een leefgebied dat de hulpvraag nodig heeft. Alle leefgebieden vastleggen "
                          "voor iedereen is te veel (Autoriteit Persoonsgegevens)."}})


@login_required
@require_http_methods(["GET", "POST"])
def edit_section(request, pk, section_pk):
    case = access_case(request.user, pk, purpose="gezinsplan_wijzigen", write=True)
    plan = Plan.objects.filter(case=case).first()
    section = services.visible_sections(user=request.user, plan=plan).filter(pk=section_pk).first() if plan else None
    if section is None:
        raise Http404
    initial = {f: getattr(section, f) or "" for f, _ in services.SECTION_FIELDS}
    form = forms.SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(section=section, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Gezinsplan opgeslagen.")
            return redirect("plans:plan", pk=case.pk)
    return _dossier(request, "cases/form_page.html", case, {
        "form": form, "back": reverse("plans:plan", args=[case.pk]),
        "page": {"title": f"Leefgebied {section.get_domain_display()}", "button": "Opslaan",
                 "intro": f"Waarom dit leefgebied: {section.reason}"}})


# --- forwarding a maatwerk request (Maatwerkverzoek doorsturen) -------------------------

def _options(case, user):
    options = services.extract_options(case=case, user=user)
    for option in options:
        option["category_label"] = "" if option["category"] == DataCategory.ORDINARY else \
            DataCategory(option["category"]).label
    return options


@login_required
@require_http_methods(["GET", "POST"])
def forward(request, pk):
    """Form, then a check page that shows exactly what the Zorgplein will see, then forward."""
    case = access_case(request.user, pk, purpose="maatwerkverzoek_doorsturen", write=True)
    if case.statute not in Statute.values:
        raise Http404
    outcome, representatives = services.consent_options(case=case, on=today())
    form = forms.ForwardForm(request.POST or None, options=_options(case, request.user),
                             representatives=representatives, outcome=outcome)
    step = request.POST.get("step", "")
    if request.method == "POST" and step != "edit" and form.is_valid():
        data = form.cleaned_data
        kwargs = {"statute": data["statute"], "question": data["question"], "notified_on": data["notified_on"],
                  "applied_on": data["applied_on"], "parts": data["parts"],
                  "resident_agreed": "resident" in data["consents"],
                  "representatives_agreed": [c.split(":")[1] for c in data["consents"] if c.startswith("rep:")],
                  "consent_on": data["consent_on"]}
        try:
            if step == "confirm":
                made = services.forward_request(case=case, actor=request.user, **kwargs)
                messages.success(request, f"Maatwerkverzoek doorgestuurd naar het Zorgplein. Kenmerk {made.reference}.")
                return redirect("plans:plan", pk=case.pk)
            extract = services.prepare_forward(case=case, actor=request.user, **kwargs)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            return _dossier(request, "plans/forward_check.html", case, {
                "form": form, "hidden": _hidden(request.POST), "extract": extract,
                "statute_label": Statute(data["statute"]).label,
                "deadline": dt.date.fromisoformat(extract["deadline"])})
    return _dossier(request, "plans/forward.html", case, {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def resubmit(request, pk, request_pk):
    """The coach answers the Zorgplein's request for more information."""
    case = access_case(request.user, pk, purpose="maatwerkverzoek_aanvullen", write=True)
    item = case.maatwerk_requests.filter(pk=request_pk, status=MaatwerkRequest.Status.MORE_INFO).first()
    if item is None:
        raise Http404
    form = forms.ResubmitForm(request.POST or None, options=_options(case, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.resubmit_request(request=item, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"Antwoord doorgestuurd naar het Zorgplein. Kenmerk {item.reference}.")
            return redirect("plans:plan", pk=case.pk)
    return _dossier(request, "cases/form_page.html", case, {
        "form": form, "back": reverse("plans:plan", args=[case.pk]),
        "page": {"title": f"Meer informatie voor verzoek {item.reference}", "button": "Antwoord doorsturen",
                 "intro": f"Het Zorgplein vraagt: {item.more_info_question}"}})


# --- the Zorgplein -------------------------------------------------------------------------

@login_required
@require_safe
def queue(request):
    """Beoordelingswachtrij: sorted by the statutory deadline (UX 2, 3.7, 3.13)."""
    if not is_reviewer(request.user):
        raise Http404
    qs = requests_for_reviewer(request.user).select_related("case", "handler")
    statute = request.GET.get("wet", "")
    status = request.GET.get("status", "")
    if statute in Statute.values:
        qs = qs.filter(statute=statute)
    if status in MaatwerkRequest.Status.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=MaatwerkRequest.Status.DECIDED)
    page = Paginator(qs.order_by("deadline", "pk"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    events = [AccessEvent(action=AccessLogEntry.Action.LIST, case_id=r.case_id, resident_id=r.case.resident_id,
                          purpose="beoordelingswachtrij", detail=f"verzoek {r.pk}") for r in page.object_list]
    if events:
        log_access(actor=request.user, events=events)
    return _no_store(render(request, "plans/queue.html", {
        "page": page, "statutes": Statute.choices, "statuses": [
            s for s in MaatwerkRequest.Status.choices if s[0] != MaatwerkRequest.Status.DRAFT],
        "chosen_statute": statute, "chosen_status": status, "today": today()}))


def _review_context(item: MaatwerkRequest) -> dict:
    extract = item.extract_data
    return {"item": item, "extract": extract, "overdue": rules.is_overdue(item.deadline, today()),
            "blocked": rules.reasons_not_to_grant(
                open_missing_information=services.open_missing_information(item.case)),
            "decisions": list(item.decisions.select_related("decided_by"))}


def _decision_kwargs(data) -> dict:
    return {k: data[k] for k in ("outcome", "reasons", "provision_kind", "scope", "period_start", "period_end",
                                 "provider")}


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    """Verzoek beoordelen: the question, the forwarded extract, then the decision with its
    reasons, a check page with the letter preview, and "Besluit vastleggen"."""
    item = access_request(request.user, pk)
    form = forms.DecisionForm(request.POST or None)
    step = request.POST.get("step", "")
    if request.method == "POST" and item.status == MaatwerkRequest.Status.DECIDED:
        decision = item.decisions.order_by("decided_at").first()
        messages.info(request, f"Dit besluit is al vastgelegd op {timezone.localtime(decision.decided_at):%d-%m-%Y}.")
        return redirect("plans:decision", pk=decision.pk)
    if request.method == "POST" and step != "edit" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["outcome"] == forms.MORE_INFO:
                if step == "confirm":
                    services.ask_more_information(request=item, actor=request.user, question=data["reasons"])
                    messages.success(request, f"Verzoek {item.reference} is terug bij de buurtcoach.")
                    return redirect("plans:queue")
                if item.status != MaatwerkRequest.Status.FORWARDED:
                    raise ApplicationError("Dit verzoek ligt bij de buurtcoach. Wacht op het antwoord.")
                return _no_store(render(request, "plans/review_check.html", {
                    **_review_context(item), "form": form, "hidden": _hidden(request.POST), "more_info": True}))
            if step == "confirm":
                decision = services.issue_decision(request=item, actor=request.user, **_decision_kwargs(data))
                messages.success(request, f"Besluit vastgelegd. Kenmerk {decision.reference}.")
                return redirect("plans:decision", pk=decision.pk)
            services.check_decision(case=item.case, outcome=data["outcome"], reasons=data["reasons"],
                                     provision_kind=data["provision_kind"], period_start=data["period_start"],
                                     period_end=data["period_end"])
            if item.status != MaatwerkRequest.Status.FORWARDED:
                raise ApplicationError("Dit verzoek ligt bij de buurtcoach. Wacht op het antwoord.")
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            preview = Decision(request=item, reference="(nog niet vastgelegd)", decided_by=request.user,
                               decided_at=timezone.now(), **_decision_kwargs(data))
            return _no_store(render(request, "plans/review_check.html", {
                **_review_context(item), "form": form, "hidden": _hidden(request.POST), "more_info": False,
                "letter": letters.decision_letter_html(preview), "preview": preview,
                "letter_context": letters.letter_context(preview)}))
    return _no_store(render(request, "plans/review.html", {**_review_context(item), "form": form}))


@login_required
@require_POST
def take_on(request, pk):
    item = access_request(request.user, pk, purpose="maatwerkverzoek_oppakken")
    try:
        services.take_on(request=item, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Je behandelt verzoek {item.reference}.")
    return redirect("plans:review", pk=item.pk)


@login_required
@require_safe
def forwarded_document(request, pk, document_pk):
    """A document the coach forwarded, and only that one; logged as an export."""
    item = access_request(request.user, pk, purpose="doorgestuurd_document")
    if f"document:{document_pk}" not in {p["key"] for p in item.extract_data["parts"]}:
        raise Http404
    document = item.case.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    data = read_document(document=document)
    log_export(request.user, item, "doorgestuurd_document", detail=f"verzoek {item.pk} document {document.pk}")
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[document.content_type]
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.reference}-document-{document.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@login_required
@require_safe
def decision_page(request, pk):
    """Confirmation with the reference number, what happens next and the PDF (UX 3.15)."""
    decision = access_decision(request.user, pk)
    return _no_store(render(request, "plans/decision.html", {
        "decision": decision, "item": decision.request,
        "corrections": list(Decision.objects.filter(corrects=decision))}))


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, pk):
    """A correction is a new decision that refers to the previous one (never an edit)."""
    previous = access_decision(request.user, pk, purpose="besluit_corrigeren")
    later = Decision.objects.filter(corrects=previous).first()
    if later is not None:
        messages.info(request, f"Dit besluit is al gecorrigeerd met kenmerk {later.reference}.")
        return redirect("plans:decision", pk=later.pk)
    item = previous.request
    form = forms.CorrectionForm(request.POST or None)
    step = request.POST.get("step", "")
    if request.method == "POST" and step != "edit" and form.is_valid():
        data = form.cleaned_data
        try:
            if step == "confirm":
                decision = services.correct_decision(previous=previous, actor=request.user, **_decision_kwargs(data))
                messages.success(request, f"Correctie vastgelegd. Kenmerk {decision.reference}.")
                return redirect("plans:decision", pk=decision.pk)
            services.check_decision(case=item.case, outcome=data["outcome"], reasons=data["reasons"],
                                    provision_kind=data["provision_kind"], period_start=data["period_start"],
                                    period_end=data["period_end"])
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            preview = Decision(request=item, reference="(nog niet vastgelegd)", decided_by=request.user,
                               decided_at=timezone.now(), corrects=previous, **_decision_kwargs(data))
            return _no_store(render(request, "plans/review_check.html", {
                **_review_context(item), "form": form, "hidden": _hidden(request.POST), "more_info": False,
                "previous": previous, "preview": preview, "letter_context": letters.letter_context(preview)}))
    return _no_store(render(request, "plans/correct.html", {
        **_review_context(item), "form": form, "previous": previous}))


@login_required
@require_safe
def decision_letter(request, pk):
    decision = access_decision(request.user, pk, purpose="besluit_downloaden")
    pdf = letters.decision_letter(decision)
    log_export(request.user, decision.request, "besluit_downloaden", detail=f"besluit {decision.pk}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="besluit-{decision.reference}.pdf"'
    return _no_store(response)
