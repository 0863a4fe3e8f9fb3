"""Signal screens for the intake team: gate -> form -> service -> redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_safe

from cases import selectors as case_selectors
from core.dates import today
from core.errors import ApplicationError

from . import access, selectors, services
from .forms import AssessmentForm, IntakeForm, MeetingForm, QueueFilterForm
from .models import DestroyedSignal, Signal

PAGE_SIZE = 25
DESTROYED_MESSAGE = "Signaal vernietigd. Bewaard zijn alleen datum, bron en beoordelaar."


def _form_error(form, exc: ApplicationError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_safe
def queue(request):
    access.require_intake(request.user, purpose="signalen_wachtrij")
    form = QueueFilterForm(request.GET or None)
    status, source = Signal.Status.NEW, ""
    if form.is_valid():
        status = form.cleaned_data["status"] or status
        source = form.cleaned_data["bron"]
    qs = selectors.queue(request.user, status=status, source_kind=source)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    access.log_list(request.user, page.object_list)
    on = today()
    rows = [(s, (on - timezone.localdate(s.received_at)).days) for s in page.object_list]
    return render(request, "signals/queue.html", {
        "form": form, "page": page, "rows": rows, "status_label": Signal.Status(status).label.lower(),
        "status": status, "filtered": bool(source)})


@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    access.require_intake(request.user, purpose="signaal_registreren")
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.receive_signal(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Signaal {signal.pk} geregistreerd. Het staat in de wachtrij.")
            return redirect("signals:detail", pk=signal.pk)
    return render(request, "signals/intake.html", {"form": form})


@login_required
@require_safe
def detail(request, pk):
    signal = access.access_signal(request.user, pk, purpose="signaal_inzien")
    return render(request, "signals/detail.html", {"signal": signal, "meetings": signal.meetings.all()})


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, pk):
    signal = access.access_signal(request.user, pk, purpose="signaal_beoordelen")
    if signal.status != Signal.Status.NEW:
        messages.info(request, "Dit signaal is al beoordeeld.")
        return redirect("signals:detail", pk=signal.pk)
    form = AssessmentForm(request.POST or None, initial={"resident_bsn": signal.subject_bsn or ""})
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        if decision == AssessmentForm.EVIDENTLY_WRONG:
            return redirect("signals:destroy", pk=signal.pk)
        try:
            _apply(request.user, signal, form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Beoordeling van signaal {signal.pk} vastgelegd.")
            return redirect("signals:queue")
    return render(request, "signals/assess.html", {"signal": signal, "form": form})


def _apply(user, signal, data):
    if data["decision"] == AssessmentForm.NO_ACTION:
        return services.assess_no_action(signal=signal, actor=user, severity=data["severity"],
                                         retain_until=data["retain_until"])
    resident = case_selectors.resident_by_bsn(data["resident_bsn"])
    if resident is None:
        raise ApplicationError("Er is geen inwoner met dit BSN bekend. Laat de inwoner eerst registreren.",
                               field="resident_bsn")
    case = None
    if data["case_number"].strip():
        case = case_selectors.case_by_number(data["case_number"])
        if case is None or case.resident_id != resident.pk:
            raise ApplicationError("Er is geen dossier met dit nummer bij deze inwoner.", field="case_number")
    return services.take_up(signal=signal, actor=user, severity=data["severity"], resident=resident, case=case,
                            retain_until=data["retain_until"])


@login_required
@require_http_methods(["GET", "POST"])
def destroy(request, pk):
    """UX 3.9: a check page whose button names the action; the POST is idempotent."""
    access.require_intake(request.user, purpose="signaal_vernietigen")
    trace = DestroyedSignal.objects.filter(signal_ref=pk).first()
    if trace is not None:
        messages.info(request, f"Dit signaal is al vernietigd op {date_format(trace.destroyed_at, 'DATE_FORMAT')}.")
        return redirect("signals:queue")
    signal = access.access_signal(request.user, pk, purpose="signaal_vernietigen")
    if signal.status != Signal.Status.NEW:
        messages.info(request, "Dit signaal is al beoordeeld en kan niet meer als kennelijk onjuist worden vernietigd.")
        return redirect("signals:detail", pk=signal.pk)
    if request.method == "POST":
        services.destroy_signal(signal=signal, actor=request.user)
        messages.success(request, DESTROYED_MESSAGE)
        return redirect("signals:queue")
    return render(request, "signals/destroy_check.html", {"signal": signal})


@login_required
@require_safe
def feeds(request):
    access.require_intake(request.user, purpose="signaalbronnen")
    return render(request, "signals/feeds.html", {"feeds": selectors.feeds_with_flags()})


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, pk, meeting_pk=None):
    signal = access.access_signal(request.user, pk, purpose="casusoverleg")
    current = None
    if meeting_pk is not None:
        current = access.access_meeting(request.user, meeting_pk)
        if current.signal_id != signal.pk:
            raise Http404
    if signal.status != Signal.Status.TAKEN_UP:
        messages.info(request, "Een casusoverleg leg je vast bij een signaal dat is opgepakt.")
        return redirect("signals:detail", pk=signal.pk)
    form = MeetingForm(request.POST or None, initial=_meeting_initial(current))
    if request.method == "POST" and form.is_valid():
        closing = request.POST.get("actie") == MeetingForm.CLOSE
        if not closing or form.clean_closing():
            try:
                _save_meeting(request.user, signal, current, form.cleaned_data, closing)
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "Casusoverleg afgesloten." if closing else "Casusoverleg opgeslagen.")
                return redirect("signals:detail", pk=signal.pk)
    return render(request, "signals/meeting.html", {"signal": signal, "form": form, "meeting": current})


def _meeting_initial(meeting):
    if meeting is None:
        return {}
    return {"held_on": meeting.held_on, "organisations": list(meeting.organisations.all()),
            "presence": meeting.presence, "absence_reason": meeting.absence_reason,
            "absence_explanation": meeting.absence_explanation or "", "informed_on": meeting.informed_on}


def _save_meeting(user, signal, current, data, closing):
    with transaction.atomic():
        saved = services.save_meeting(actor=user, signal=signal, meeting=current, **data)
        if closing:
            services.close_meeting(actor=user, meeting=saved)
    return saved

