from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts import roles
from core.dates import today

from . import rules, selectors


@login_required
@require_safe
def agreement_list(request):
    """P-3: the registry of processor agreements with the 60-day warning, for the privacy
    officer and the functional administrator; anyone else gets 'not found'."""
    user = request.user
    if not (user.has_role(roles.PRIVACY_OFFICER) or user.has_role(roles.ADMINISTRATOR)):
        raise Http404
    on = today()
    rows = [{"agreement": a, "expiring": rules.expires_within(a, today=on),
             "in_force": rules.agreement_in_force(a, on=on)} for a in selectors.all_agreements()]
    return render(request, "processors/agreement_list.html", {"rows": rows, "today": on})
