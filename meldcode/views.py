from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import access_case
from core.errors import ApplicationError

from . import rules, selectors, services
from .forms import StepForm


@login_required
@require_safe
def track_page(request, pk):
    """The Meldcode as a task list (UX 3.8): each step, its status and who recorded it."""
    case = access_case(request.user, pk, purpose="meldcode")
    track = selectors.current_track(case)
    done = {s.number: s for s in track.steps.all()} if track else {}
    open_track = track is not None and track.is_open
    next_number = rules.next_step(set(done)) if (open_track or track is None) else None
    steps = [{"number": n, "name": name, "record": done.get(n), "is_next": n == next_number}
             for n, name in rules.STEPS.items()]
    return render(request, "meldcode/track.html", {"case": case, "track": track, "steps": steps,
                                                   "section": "meldcode"})


@login_required
@require_http_methods(["GET", "POST"])
def step_page(request, pk, number):
    if number not in rules.STEPS:
        raise Http404
    case = access_case(request.user, pk, purpose="meldcode", write=request.method == "POST")
    form = StepForm(request.POST or None, number=number)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_step(actor=request.user, case=case, number=number, **form.service_kwargs())
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Stap {number} vastgelegd.")
            return redirect("meldcode:track", pk=case.pk)
    return render(request, "meldcode/step.html", {"case": case, "form": form, "number": number,
                                                  "name": rules.STEPS[number], "section": "meldcode"})
