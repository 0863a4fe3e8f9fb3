"""Planted plan, extract and decision content never reaches the change history, the access log,
the version rows or the forwarding record (L-LOG, P-2.2.1)."""

import pytest
from auditlog.models import LogEntry
from django.db import connection

from audit.models import AccessLogEntry
from plans import services
from plans.models import Decision, ForwardingRecord, MaatwerkRequest, PlanSection, PlanVersion

from ..conftest import verified, verified_login
from ..factories import make_case
from .helpers import forward

pytestmark = pytest.mark.django_db
PLANTED = "Planted-plan-Zq9"


def _dump(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608 - table name from model metadata
        return repr(cursor.fetchall())


@pytest.mark.policy("L-LOG")
@pytest.mark.policy("P-2.2.1")
def test_planted_plan_content_stays_out_of_logs_history_and_records(client, coach_with_agreement, zorgplein_reviewer):
    coach = verified(coach_with_agreement)
    case = make_case(coach)
    section = services.open_domain(case=case, actor=coach, domain="housing", reason=f"{PLANTED} reden")
    services.update_section(section=section, actor=coach, goals=f"{PLANTED} doel")
    item = forward(case, coach, parts=[f"section:{section.pk}"])
    services.issue_decision(request=item, actor=zorgplein_reviewer, outcome="refused", reasons=f"{PLANTED} motivering")
    verified_login(client, zorgplein_reviewer)
    assert PLANTED in client.get(f"/zorgplein/verzoeken/{item.pk}/").content.decode()
    for model in (LogEntry, AccessLogEntry, PlanVersion, ForwardingRecord, PlanSection, MaatwerkRequest, Decision):
        assert PLANTED not in _dump(model), model.__name__
