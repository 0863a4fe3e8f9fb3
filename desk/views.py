"""The privacy officer's desk (UX 'Functionaris gegevensbescherming'): the breach register (L-33).

Privacy officer only; everyone else gets 404, as if the pages did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from cases.access import may_reach_client_data

from . import rules, services
from .forms import BreachForm, ReportedForm
from .models import Breach, ProcessingActivity


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
    form = BreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        breach = services.register_breach(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Datalek {breach.pk} is vastgelegd.")
        return redirect("desk:breach", pk=breach.pk)
    return render(request, "desk/breach_form.html", {"form": form}, status=400 if form.errors else 200)


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
