"""The privacy officer's desk (UX 'Functionaris gegevensbescherming'): the breach register (L-33).

Privacy officer only; everyone else gets 404, as if the pages did not exist.
"""

import csv
import datetime as dt
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from accounts.models import Organisation
from audit.models import AccessLogEntry, ChainVerification
from audit.services import AccessEvent, log_access, verify_chain
from cases.access import may_reach_client_data
from cases.models import EmergencyAccess
from cases.rules import is_valid_bsn, normalise_bsn
from cases.selectors import case_by_number, resident_by_bsn
from core.errors import ApplicationError
from core.harm import HarmLevel
from disclosures.models import Disclosure, Objection
from disclosures.selectors import flagged_to_review
from signals.models import DestroyedSignal

from . import charts, export, rules, selectors, services
from .forms import (
    AccessLogFilterForm,
    BreachForm,
    PeriodForm,
    RectificationExtendForm,
    RectificationOutcomeForm,
    ReportedForm,
    RightsRequestForm,
)
from .models import AccessRequest, Breach, ProcessingActivity, RectificationRequest


def _privacy_officer(request):
    user = request.user
    if not (may_reach_client_data(user) and not user.is_external and user.has_role(roles.PRIVACY_OFFICER)):
        raise Http404


def _row(breach, now):
    return {
        "breach": breach,
        "deadline": breach.report_deadline,
        "deadline_text": rules.deadline_text(breach.report_deadline, now=now),
        "overdue": breach.must_report and not breach.reported_at and rules.is_overdue(breach.report_deadline, now=now),
    }


@login_required
@require_GET
def overview(request):
    """The desk's landing page (UX 'FG' Overzicht): first what needs attention, as counts with
    the nearest deadline, each linking to its queue; then every desk function. No client data."""
    _privacy_officer(request)
    from processors.selectors import agreements_expiring
    from retention.models import ErasureRequest

    now, today = timezone.now(), timezone.localdate()
    to_report = [b for b in Breach.objects.filter(reported_at__isnull=True).order_by("discovered_at")
                 if b.must_report]
    open_rights = sorted([*AccessRequest.objects.filter(outcome=AccessRequest.Outcome.OPEN),
                          *RectificationRequest.objects.filter(outcome=RectificationRequest.Outcome.OPEN)],
                         key=lambda r: r.answer_due_on)
    erasures = ErasureRequest.objects.filter(status=ErasureRequest.Status.RECEIVED).order_by("answer_due_on")
    agreements = list(agreements_expiring(today=today, days=60))
    attention = [
        {"label": "Toegang buiten toewijzing te beoordelen", "url": "cases:emergency_review",
         "count": EmergencyAccess.objects.filter(review=EmergencyAccess.Review.PENDING).count(), "testid": "emergency"},
        {"label": "Gemelde verstrekkingen te beoordelen (handhaving of inwoner niet geïnformeerd)",
         "url": "disclosures:flagged", "count": flagged_to_review().count(), "testid": "flagged"},
        {"label": "Datalekken nog te melden bij de Autoriteit Persoonsgegevens", "url": "desk:breaches",
         "count": len(to_report), "testid": "breaches",
         "deadline_text": rules.deadline_text(to_report[0].report_deadline, now=now) if to_report else ""},
        {"label": "Verzoeken om inzage of rectificatie in behandeling", "url": "desk:rights",
         "count": len(open_rights), "testid": "rights", "due": open_rights[0].answer_due_on if open_rights else None},
        {"label": "Verzoeken tot wissing in behandeling", "url": "retention:erasure", "count": erasures.count(),
         "testid": "erasure", "due": erasures.first().answer_due_on if erasures.exists() else None},
        {"label": "Verwerkersovereenkomsten die binnen 60 dagen eindigen", "url": "processors:list",
         "count": len(agreements), "testid": "agreements", "due": agreements[0].ends_on if agreements else None},
    ]
    verification = ChainVerification.objects.order_by("-at").first()
    return render(request, "desk/overview.html", {"attention": attention, "verification": verification})


@login_required
@require_GET
def breaches(request):
    """Open reports first, by deadline (UX 3.7: queues sort by deadline)."""
    _privacy_officer(request)
    now = timezone.now()
    items = sorted(Breach.objects.all(), key=lambda b: (
        not (b.must_report and b.reported_at is None), b.discovered_at))
    return render(request, "desk/breaches.html", {"rows": [_row(b, now) for b in items]})


@login_required
@require_http_methods(["GET", "POST"])
def breach_new(request):
    _privacy_officer(request)
    """Question page, then a check-answers page (UX 3.9) whose answers travel as hidden fields
    (no draft with a description kept on the server); *Wijzig* returns to the filled form."""
    form = BreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        if "confirm" in request.POST:
            breach, new = services.register_breach(actor=request.user, **form.cleaned_data)
            if new:
                messages.success(request, f"Datalek {breach.pk} is vastgelegd.")
            else:
                messages.info(request, f"Dit datalek is al vastgelegd op "
                              f"{timezone.localtime(breach.registered_at):%d-%m-%Y om %H.%M} uur.")
            return redirect("desk:breach", pk=breach.pk)
        data, now = form.cleaned_data, timezone.now()
        deadline = rules.report_deadline(data["discovered_at"])
        affected = None
        if data.get("compromised_user") and data.get("window_start") and data.get("window_end"):
            affected = services.affected_residents(data["compromised_user"], data["window_start"], data["window_end"])
        return render(request, "desk/breach_check.html", {
            "form": form, "data": data, "harm_label": dict(HarmLevel.choices).get(data["harm_level"]),
            "must_report": rules.must_report_to_authority(data["harm_level"], data.get("no_risk_reason", "")),
            "must_inform": rules.must_inform_residents(data["harm_level"]),
            "deadline": deadline, "deadline_text": rules.deadline_text(deadline, now=now), "affected": affected})
    edit = request.POST.get("edit", "") if request.method == "POST" else ""
    return render(request, "desk/breach_form.html", {"form": form, "edit": edit},
                  status=400 if form.is_bound and not edit and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def breach_detail(request, pk):
    _privacy_officer(request)
    breach = get_object_or_404(Breach, pk=pk)
    form = ReportedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if breach.reported_at:
            messages.info(request, "Dit datalek is al gemeld op "
                          f"{timezone.localtime(breach.reported_at):%d-%m-%Y %H.%M} uur.")
        else:
            breach.reported_at = form.cleaned_data["reported_at"]
            breach.save(update_fields=["reported_at"])
            messages.success(request, "De melding bij de Autoriteit Persoonsgegevens is vastgelegd.")
        return redirect("desk:breach", pk=breach.pk)
    affected = None
    if breach.compromised_user_id and breach.window_start and breach.window_end:
        affected = services.affected_residents(breach.compromised_user, breach.window_start, breach.window_end)
    return render(request, "desk/breach_detail.html", {
        "row": _row(breach, timezone.now()), "breach": breach, "form": form, "affected": affected,
    }, status=400 if form.errors else 200)




@login_required
@require_GET
def processing_register(request):
    """L-30: the register of processing activities, read-only, for the FG and the functional
    administrator (it holds no client data; the administrator edits nothing here)."""
    user = request.user
    if not (may_reach_client_data(user) and not user.is_external
            and (user.has_role(roles.PRIVACY_OFFICER) or user.has_role(roles.ADMINISTRATOR))):
        raise Http404
    return render(request, "desk/processing_register.html",
                  {"activities": ProcessingActivity.objects.all()})


_LOG_FILTER = "desk_access_log_filter"
PAGE_SIZE = 25
CSV_LIMIT = 50_000


def _resolve_filter(form):
    """Turn the posted form into ids; BSN and dossier number are looked up, never stored."""
    data = form.cleaned_data
    resolved = {"start": data["start"].isoformat(), "end": data["end"].isoformat(),
                "user_id": data["user"].pk if data.get("user") else None, "kind": data.get("kind") or "",
                "case_id": None, "resident_id": None, "case_number": ""}
    number = data.get("case_number", "").strip()
    if number:
        case = case_by_number(number)
        if case is None:
            form.add_error("case_number", "Er is geen dossier met dit nummer.")
        else:
            resolved["case_id"], resolved["case_number"] = case.pk, case.number
    bsn = normalise_bsn(data.get("bsn", ""))
    if bsn:
        resident = resident_by_bsn(bsn) if is_valid_bsn(bsn) else None
        if resident is None:
            form.add_error("bsn", "Er is geen inwoner met dit BSN." if is_valid_bsn(bsn)
                           else "Een BSN heeft 9 cijfers en moet de elfproef doorstaan.")
        else:
            resolved["resident_id"] = resident.pk
    return None if form.errors else resolved


def _rows_for(flt):
    return selectors.access_log(
        start=dt.date.fromisoformat(flt["start"]), end=dt.date.fromisoformat(flt["end"]),
        user_id=flt["user_id"], case_id=flt["case_id"], resident_id=flt["resident_id"], kind=flt["kind"])


def _log_fg_read(user, entries, action):
    """The FG's own reads of the log are logged too: one event per dossier / resident shown."""
    pairs = {(e.case_id, e.resident_id) for e in entries if e.case_id or e.resident_id}
    if pairs:
        log_access(actor=user, events=[AccessEvent(action=action, case_id=c, resident_id=r,
                                                   purpose="fg_toegangslogboek") for c, r in sorted(
            pairs, key=lambda p: (p[0] or 0, p[1] or 0))])


def _csv(request, flt):
    rows = list(_rows_for(flt)[:CSV_LIMIT])
    _log_fg_read(request.user, rows, AccessLogEntry.Action.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toegangslogboek.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["volgnummer", "moment", "medewerker", "rol", "namens", "dossier", "inwoner", "handeling",
                     "doel", "resultaat", "toelichting", "herkomst"])
    for e in rows:
        writer.writerow([e.seq, timezone.localtime(e.at).isoformat(timespec="seconds"),
                         e.user.username if e.user else "", e.role, e.on_behalf_of, e.case_id or "",
                         e.resident_id or "", e.get_action_display(), e.purpose, e.get_result_display(),
                         e.detail, e.origin or ""])
    return response


PDF_LIMIT = 2_000


def _pdf(request, flt):
    """The same report as PDF (UX 'FG': reports as PDF or CSV); at most PDF_LIMIT rows, the
    rest is in the CSV. Logged as an export like the CSV."""
    from weasyprint import HTML  # imported late: loading WeasyPrint is slow

    total = _rows_for(flt).count()
    rows = list(_rows_for(flt)[:PDF_LIMIT])
    _log_fg_read(request.user, rows, AccessLogEntry.Action.EXPORT)
    users = get_user_model().objects.filter(pk=flt["user_id"]).values_list("username", flat=True)
    html = render_to_string("desk/access_log_pdf.html", {
        "rows": rows, "total": total, "limit": PDF_LIMIT, "filter": flt, "username": next(iter(users), ""),
        "kind": dict(AccessLogFilterForm.KIND_CHOICES).get(flt["kind"], ""), "now": timezone.localtime(),
        "start": dt.date.fromisoformat(flt["start"]), "end": dt.date.fromisoformat(flt["end"])})
    response = HttpResponse(HTML(string=html).write_pdf(pdf_tags=True), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="toegangslogboek.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def access_log(request):
    """L-LOG: the FG reads the access log in full, for a period and at least one filter."""
    _privacy_officer(request)
    if request.method == "POST" and "verify" in request.POST:
        result = verify_chain()
        if result.ok:
            messages.success(request, f"De keten is in orde: {result.checked} regels gecontroleerd.")
        else:
            messages.error(request, f"De keten is verbroken bij regel {result.first_broken_seq}: {result.reason}.")
        return redirect("desk:access_log")
    form = AccessLogFilterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            resolved = _resolve_filter(form)
            if resolved:
                request.session[_LOG_FILTER] = resolved
                return redirect("desk:access_log")
        request.session.pop(_LOG_FILTER, None)
    flt = request.session.get(_LOG_FILTER) if request.method == "GET" else None
    if flt and request.GET.get("formaat") == "csv":
        return _csv(request, flt)
    if flt and request.GET.get("formaat") == "pdf":
        return _pdf(request, flt)
    page = None
    if flt:
        page = Paginator(_rows_for(flt), PAGE_SIZE).get_page(request.GET.get("pagina"))
        _log_fg_read(request.user, page.object_list, AccessLogEntry.Action.LIST)
        if not form.is_bound:
            form = AccessLogFilterForm(initial={"start": flt["start"], "end": flt["end"], "user": flt["user_id"],
                                                "case_number": flt["case_number"], "kind": flt["kind"]})
    return render(request, "desk/access_log.html", {
        "form": form, "page": page, "filter": flt,
        "verification": ChainVerification.objects.order_by("-at").first(),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def rights_requests(request):
    """L-15, L-16: the FG registers access and rectification requests; each shows its deadline."""
    _privacy_officer(request)
    form = RightsRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        bsn = normalise_bsn(form.cleaned_data["bsn"])
        resident = resident_by_bsn(bsn) if is_valid_bsn(bsn) else None
        if resident is None:
            form.add_error("bsn", "Er is geen inwoner met dit BSN." if is_valid_bsn(bsn)
                           else "Een BSN heeft 9 cijfers en moet de elfproef doorstaan.")
        else:
            model = AccessRequest if form.cleaned_data["kind"] == "inzage" else RectificationRequest
            item = model.objects.create(resident=resident, received_on=form.cleaned_data["received_on"],
                                        registered_by=request.user)
            messages.success(request, f"{model._meta.verbose_name.capitalize()} {item.pk} is vastgelegd.")
            return redirect("desk:rights")
    return render(request, "desk/rights.html", {
        "form": form,
        "access_requests": AccessRequest.objects.order_by("outcome", "received_on")[:100],
        "rectifications": RectificationRequest.objects.order_by("outcome", "received_on")[:100],
    }, status=400 if form.errors else 200)


@login_required
@require_GET
def access_request_export(request, pk, fmt="json"):
    """L-15: the complete overview for one access request, as JSON or PDF (rendered from the
    same dict); logged as an export."""
    _privacy_officer(request)
    item = get_object_or_404(AccessRequest, pk=pk)
    data = export.export_resident(item.resident)
    log_access(actor=request.user, events=[AccessEvent(
        action=AccessLogEntry.Action.EXPORT, resident_id=item.resident_id, purpose="fg_inzageverzoek",
        detail=f"inzageverzoek:{item.pk}:{fmt}")])
    if fmt == "pdf":
        response = HttpResponse(export.export_pdf(data, request_pk=item.pk), content_type="application/pdf")
    else:
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzageverzoek-{item.pk}.{fmt}"'
    return response


@login_required
@require_GET
def reports(request):
    """Canned reports for the FG over a period (default: the last 30 days)."""
    _privacy_officer(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET if "start" in request.GET else
                      {"start": (today - dt.timedelta(days=30)).isoformat(), "end": today.isoformat()})
    context = {"form": form}
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        since, until = (timezone.make_aware(dt.datetime.combine(d, dt.time.min)) for d in
                        (start, end + dt.timedelta(days=1)))
        threshold = settings.DESK_MANY_RESIDENTS_THRESHOLD
        emergencies = list(EmergencyAccess.objects.filter(granted_at__gte=since, granted_at__lt=until)
                           .select_related("user", "case").order_by("-granted_at")[:200])
        after_archive = list(selectors.reads_after_archiving(start=start, end=end)[:200])
        users = {u.pk: u.username for u in get_user_model().objects.all()}
        bursts = [{**b, "username": users.get(b["user_id"], "?")}
                  for b in selectors.many_residents(start=start, end=end, threshold=threshold)]
        refusals = (AccessLogEntry.objects.filter(at__gte=since, at__lt=until, result=AccessLogEntry.Result.REFUSED)
                    .order_by().values("user__username").annotate(n=Count("pk")).order_by("-n")[:50])
        relatives = selectors.relative_reads(start=start, end=end)[:200]
        sensitive = list(selectors.sensitive_disclosures(start=start, end=end)[:200])
        objection_rows = list(selectors.objections(start=start, end=end)[:200])
        outcome_labels = dict(Objection.Outcome.choices)
        objection_counts = dict.fromkeys(("Nog niet besloten", *outcome_labels.values()), 0)
        for o in objection_rows:
            objection_counts[outcome_labels.get(o.outcome, "Nog niet besloten")] += 1
        context.update({
            "relatives": relatives, "outside": selectors.outside_assignment(start=start, end=end)[:50],
            "sensitive": sensitive, "objections": objection_rows, "objection_counts": objection_counts,
            "ENFORCEMENT": Organisation.Kind.ENFORCEMENT,
        })
        context.update({
            "emergencies": emergencies, "after_archive": after_archive, "bursts": bursts, "threshold": threshold,
            "refusals": refusals, "flagged": flagged_to_review().count(),
            "destroyed": DestroyedSignal.objects.filter(destroyed_at__gte=since, destroyed_at__lt=until)
            .order_by().values("reason").annotate(n=Count("pk")).order_by("reason"),
            "destroyed_labels": dict(DestroyedSignal.Reason.choices),
        })
        per_day = dict(AccessLogEntry.objects.filter(at__gte=since, at__lt=until).order_by()
                       .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
                       .values("day").annotate(n=Count("pk")).values_list("day", "n"))
        days = [start + dt.timedelta(days=i) for i in range(min((end - start).days + 1, 92))]
        kinds = dict(Organisation.Kind.choices)
        per_kind = (Disclosure.objects.filter(recorded_at__gte=since, recorded_at__lt=until).order_by()
                    .values("recipient_kind").annotate(n=Count("pk")).order_by("recipient_kind"))
        context.update({
            "access_chart": charts.bars([(d.strftime("%d-%m"), per_day.get(d, 0)) for d in days]),
            "disclosure_chart": charts.bars([(kinds.get(r["recipient_kind"], r["recipient_kind"]), r["n"])
                                             for r in per_kind]),
            "chart_width": charts.WIDTH, "chart_height": charts.HEIGHT,
        })
        events = [AccessEvent(action=AccessLogEntry.Action.LIST, case_id=e.case_id, purpose="fg_rapport")
                  for e in emergencies]
        events += [AccessEvent(action=AccessLogEntry.Action.LIST, case_id=e.case_id, resident_id=e.resident_id,
                               purpose="fg_rapport") for e in after_archive]
        events += [AccessEvent(action=AccessLogEntry.Action.LIST, resident_id=r["resident_id"], purpose="fg_rapport")
                   for r in relatives]
        events += [AccessEvent(action=AccessLogEntry.Action.LIST, case_id=d.case_id, resident_id=d.case.resident_id,
                               purpose="fg_rapport") for d in sensitive]
        events += [AccessEvent(action=AccessLogEntry.Action.LIST, case_id=o.case_id, resident_id=o.case.resident_id,
                               purpose="fg_rapport") for o in objection_rows]
        if events:
            log_access(actor=request.user, events=events)
    return render(request, "desk/reports.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def rectification(request, pk):
    """L-16: one rectification request: its deadline, an extension with a reason, and the outcome.
    Shows no resident data: the correction itself is made in the dossier."""
    _privacy_officer(request)
    item = get_object_or_404(RectificationRequest.objects.select_related("decided_by"), pk=pk)
    action = request.POST.get("actie") if request.method == "POST" else None
    extend_form = RectificationExtendForm(request.POST if action == "verlengen" else None, prefix="verlengen")
    outcome_form = RectificationOutcomeForm(request.POST if action == "afhandelen" else None, prefix="uitkomst")
    form = extend_form if action == "verlengen" else outcome_form
    if action and not item.is_open:  # UX 3.9: a resubmitted form changes nothing
        messages.info(request, f"Dit verzoek is al afgehandeld op {item.answered_on:%d-%m-%Y}.")
        return redirect("desk:rectification", pk=item.pk)
    if action in ("verlengen", "afhandelen") and form.is_valid():
        try:
            if action == "verlengen":
                services.extend_rectification(actor=request.user, item=item, **form.cleaned_data)
                done = "De termijn is met twee maanden verlengd."
            else:
                services.decide_rectification(actor=request.user, item=item, **form.cleaned_data)
                done = "De uitkomst van het verzoek is vastgelegd."
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, done)
            return redirect("desk:rectification", pk=item.pk)
    return render(request, "desk/rectification.html", {
        "item": item, "extend_form": extend_form, "outcome_form": outcome_form,
    }, status=400 if form.errors else 200)
