"""The privacy officer's list of security events (P-2.2.5 monitoring).

Privacy officer only; everyone else gets 404, like the other pages of the desk."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import roles
from cases.access import may_reach_client_data

from .models import SecurityEvent

PAGE_SIZE = 50


@login_required
@require_GET
def security_events(request):
    user = request.user
    if not (may_reach_client_data(user) and not user.is_external and user.has_role(roles.PRIVACY_OFFICER)):
        raise Http404
    page = Paginator(SecurityEvent.objects.all(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "audit/security_events.html", {"page": page})
