"""Pure decisions about disclosures: (facts, today) -> answer; no writes."""

import datetime as dt

from accounts import roles
from accounts.models import Organisation

from .models import STATUTORY_GROUNDS, ClientInformedDecision, Disclosure

# P-2.1.3: bodies whose first task is supervision or enforcement.
ENFORCEMENT_KINDS = frozenset({Organisation.Kind.ENFORCEMENT})
CONSULTEE_ROLES = (roles.AF, roles.TEAM_LEAD)


def is_statutory(legal_ground: str) -> bool:
    return legal_ground in STATUTORY_GROUNDS


def needs_processor_agreement(recipient: Organisation) -> bool:
    """P-3: a processor acts for the municipality and needs an agreement in force; a statutory
    body (Veilig Thuis, the Raad, certified institutions) is an independent controller."""
    return recipient.kind == Organisation.Kind.PROCESSOR


def consultee_is_designated(user) -> bool:
    """P-2.3.3: the aandachtsfunctionaris or the team lead; anyone else needs a reason."""
    return any(user.has_role(r) for r in CONSULTEE_ROLES)


def reminder_due(disclosure: Disclosure, *, today: dt.date, informed: bool) -> bool:
    """The caseworker is reminded from the agreed day on until the client was told (P-2.1.4)."""
    return (disclosure.client_informed == ClientInformedDecision.WILL_INFORM
            and disclosure.inform_on is not None and disclosure.inform_on <= today and not informed)
