"""Pure decisions about users (no writes)."""

import contextvars
from contextlib import contextmanager

from django.db.models import Subquery

from .models import ConfidentialityAcknowledgement, ConfidentialityText

# Within one request the acknowledgement is asked by the login-steps middleware and again by
# every gate the view passes (P-2.1.2: each gate checks for itself). The answer is kept for the
# request only; outside a request (jobs, commands, tests calling a gate) there is no memo.
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("accounts_request_memo", default=None)


@contextmanager
def request_memo():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget_request_memo() -> None:
    """After an acknowledgement or a new statement the request's answer is stale."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def current_confidentiality_text() -> ConfidentialityText | None:
    return ConfidentialityText.objects.order_by("-version").first()


def has_acknowledged_current_text(user) -> bool:
    """P-2.1.2: client data only after acknowledging the statement now in force.

    When no statement has been published, nobody has acknowledged anything, so nobody
    reaches client data: the gate fails closed.
    """
    memo = _memo.get()
    key = ("acknowledged", user.pk)
    if memo is not None and key in memo:
        return memo[key]
    # One query: the acknowledgement of the newest statement; no statement compares with NULL.
    newest = ConfidentialityText.objects.order_by("-version").values("pk")[:1]
    answer = ConfidentialityAcknowledgement.objects.filter(user=user, text=Subquery(newest)).exists()
    if memo is not None:
        memo[key] = answer
    return answer


def mfa_satisfied(user, *, mfa_required: bool) -> bool:
    return (not mfa_required) or bool(getattr(user, "is_verified", lambda: False)())
