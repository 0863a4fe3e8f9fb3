from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts import roles


@login_required
@require_safe
def home(request):
    """Every role lands on its own work (UX 1.1); the page is chosen by role."""
    user = request.user
    if user.has_role(roles.CASEWORKER) or user.has_role(roles.TEAM_LEAD) or user.has_role(roles.COACH):
        from cases.views import my_work

        return my_work(request)
    if user.has_role(roles.REVIEWER):
        from plans.views import queue

        return queue(request)
    return render(request, "core/home.html", {"roles": user.role_names})


@require_safe
def leaflet(request):
    return render(request, "core/leaflet.html")


@require_safe
def accessibility(request):
    return render(request, "core/accessibility.html")


@require_safe
def work_instruction(request):
    return render(request, "core/work_instruction.html")


@require_safe
def processor_agreement_model(request):
    return render(request, "core/processor_agreement_model.html")


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def error_500(request):
    return render(request, "500.html", status=500)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)
