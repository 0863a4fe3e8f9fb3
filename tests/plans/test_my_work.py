"""UX 'Mijn werk' for the buurtcoach: requests the Zorgplein sent back first, then the signals
taken up into the coach's dossiers, then the household plans; nothing of anyone else's."""

import pytest

from audit.models import AccessLogEntry
from plans import services
from signals import services as signal_services
from signals.models import Severity

from ..conftest import verified, verified_login
from ..factories import make_case
from ..signals.conftest import make_signal
from .helpers import forward, plan_with_domains

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.2")]


def test_coach_sees_returned_requests_first_then_signals_then_plans(
        client, coach_with_agreement, zorgplein_reviewer, other_caseworker):
    coach = verified(coach_with_agreement)
    returned_case = make_case(coach)
    plan_with_domains(returned_case, coach)
    returned = forward(returned_case, coach, parts=["request"])
    services.take_on(request=returned, actor=zorgplein_reviewer)
    services.ask_more_information(request=returned, actor=zorgplein_reviewer, question="Welke trap?")
    waiting_case = make_case(coach)
    plan_with_domains(waiting_case, coach)
    waiting = forward(waiting_case, coach, parts=["request"])
    signal = make_signal(content="Zorgen over de kinderen.")
    signal_services.take_up(signal=signal, actor=None, severity=Severity.MEDIUM,
                            resident=waiting_case.resident, case=waiting_case)
    others = make_case(other_caseworker)  # another team's dossier, with its own signal
    foreign = make_signal(content="Signaal van een ander.")
    signal_services.take_up(signal=foreign, actor=None, severity=Severity.LOW, resident=others.resident, case=others)

    verified_login(client, coach)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    order = [html.index(f">{text}</h2>") for text in ("Meer informatie nodig", "Signalen in je dossiers",
                                                     "Gezinsplannen", "Dossiers")]
    assert order == sorted(order)
    more_info = html[html.index("Meer informatie nodig"):html.index("Signalen in je dossiers")]
    assert returned.reference in more_info and waiting.reference not in more_info
    assert f"/dossiers/{returned_case.pk}/maatwerkverzoek/{returned.pk}/aanvullen/" in more_info
    signals_part = html[html.index("Signalen in je dossiers"):html.index("Gezinsplannen")]
    assert waiting_case.number in signals_part and others.number not in html
    plans_part = html[html.index("Gezinsplannen"):html.index("<h2 class=\"utrecht-heading-2\">Dossiers")]
    assert "1 meer informatie nodig" in plans_part and "1 te beoordelen" in plans_part
    logged = set(AccessLogEntry.objects.filter(user=coach, purpose="mijn_werk").values_list("case_id", flat=True))
    assert logged == {returned_case.pk, waiting_case.pk}  # every dossier shown is logged, once


def test_a_coach_without_plans_is_told_where_to_start(client, coach_with_agreement):
    verified_login(client, coach_with_agreement)
    html = client.get("/").content.decode()
    assert "Je hebt nog geen gezinsplannen." in html and "Meer informatie nodig" not in html
