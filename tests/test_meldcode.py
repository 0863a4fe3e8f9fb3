"""The Meldcode as an enforced workflow (P-2.3.3; DOMAIN_RULES R3.1-R3.2)."""

import pytest
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ApplicationError
from meldcode import rules
from meldcode.models import MeldcodeTrack, Outcome
from meldcode.services import record_step

from .conftest import _persona, verified, verified_login

pytestmark = pytest.mark.policy("P-2.3.3")
NOTE = "Zorgen gemeld door de school over het kind."
WEIGHED_SAFE = {"suspicion": True, "unsafety": False, "can_help": True, "accepts_help": True}


@pytest.fixture
def anna(caseworker):
    return verified(caseworker)


@pytest.fixture
def af(statement):
    return _persona("af", "aandachtsfunctionaris", statement=statement)


def _steps_1_to_4(anna, case, af, answers=None):
    record_step(actor=anna, case=case, number=1, note=NOTE)
    record_step(actor=anna, case=case, number=2, note="Casus besproken met de aandachtsfunctionaris.",
                consultee=af)
    record_step(actor=anna, case=case, number=3, note="Gesprek met moeder gevoerd op school.")
    record_step(actor=anna, case=case, number=4, note="Afwegingskader samen met AF ingevuld.",
                answers=answers or WEIGHED_SAFE)


@pytest.mark.django_db
def test_steps_are_taken_in_order_each_with_a_note(anna, own_case):
    with pytest.raises(ApplicationError, match="stap 1"):
        record_step(actor=anna, case=own_case, number=2, note=NOTE, consultee_external="Veilig Thuis")
    with pytest.raises(ApplicationError, match="Schrijf"):
        record_step(actor=anna, case=own_case, number=1, note="kort")
    record_step(actor=anna, case=own_case, number=1, note=NOTE)
    with pytest.raises(ApplicationError, match="stappen ervoor"):
        record_step(actor=anna, case=own_case, number=3, note=NOTE)
    with pytest.raises(ApplicationError, match="stappen ervoor"):
        record_step(actor=anna, case=own_case, number=1, note=NOTE)


@pytest.mark.django_db
def test_step_2_needs_the_attention_officer_or_team_lead_or_an_outside_adviser(anna, own_case, teammate, af):
    record_step(actor=anna, case=own_case, number=1, note=NOTE)
    with pytest.raises(ApplicationError, match="wie je hebt geraadpleegd"):
        record_step(actor=anna, case=own_case, number=2, note=NOTE)
    with pytest.raises(ApplicationError, match="aandachtsfunctionaris of de teamleider"):
        record_step(actor=anna, case=own_case, number=2, note=NOTE, consultee=teammate)
    step = record_step(actor=anna, case=own_case, number=2, note=NOTE, consultee=af)
    assert step.consultee == af and step.recorded_by == anna


@pytest.mark.django_db
def test_step_4_needs_the_afwegingskader_and_step_5_the_kindcheck_and_a_fitting_decision(anna, own_case, af):
    record_step(actor=anna, case=own_case, number=1, note=NOTE)
    record_step(actor=anna, case=own_case, number=2, note=NOTE, consultee=af)
    record_step(actor=anna, case=own_case, number=3, note=NOTE)
    with pytest.raises(ApplicationError, match="afwegingskader"):
        record_step(actor=anna, case=own_case, number=4, note=NOTE, answers={"suspicion": True})
    record_step(actor=anna, case=own_case, number=4, note=NOTE, answers={**WEIGHED_SAFE, "unsafety": True})
    with pytest.raises(ApplicationError, match="kindcheck"):
        record_step(actor=anna, case=own_case, number=5, note=NOTE, outcome=Outcome.REPORT)
    with pytest.raises(ApplicationError, match="melden bij veilig thuis"):
        record_step(actor=anna, case=own_case, number=5, note=NOTE, cares_for_minors=True, outcome=Outcome.HELP)
    record_step(actor=anna, case=own_case, number=5, note=NOTE, cares_for_minors=True,
                outcome=Outcome.REPORT_AND_HELP)
    track = MeldcodeTrack.objects.get(case=own_case)
    assert (track.outcome, track.decided_by, track.cares_for_minors) == (Outcome.REPORT_AND_HELP, anna, True)
    with pytest.raises(ApplicationError, match="stap 1"):  # the decided track cannot change
        record_step(actor=anna, case=own_case, number=5, note=NOTE, cares_for_minors=False, outcome=Outcome.CLOSE)


@pytest.mark.django_db
def test_only_who_may_change_the_dossier_records_steps(other_caseworker, own_case):
    with pytest.raises(Http404):
        record_step(actor=verified(other_caseworker), case=own_case, number=1, note=NOTE)
    assert not MeldcodeTrack.objects.exists()


@given(st.fixed_dictionaries({q: st.sampled_from([True, False, None]) for q in rules.QUESTIONS}))
def test_the_afwegingskader_always_reports_acute_or_structural_unsafety(answers):
    advised = rules.afwegingskader(answers)
    if answers["suspicion"] is False:
        assert advised == Outcome.CLOSE
    elif answers["unsafety"] is True or False in (answers["can_help"], answers["accepts_help"], answers["results"]):
        assert advised == Outcome.REPORT
        assert not rules.decision_fits(Outcome.HELP, advised)
        assert not rules.decision_fits(Outcome.CLOSE, advised)
    else:
        assert advised == Outcome.HELP


@pytest.mark.django_db
def test_the_task_list_and_a_step_in_the_browser_forms(client, caseworker, own_case, af):
    verified_login(client, caseworker)
    page = client.get(f"/dossiers/{own_case.pk}/meldcode/").content.decode()
    assert "Stap 1: Signalen in kaart brengen" in page and "Kan nog niet starten" in page
    response = client.post(f"/dossiers/{own_case.pk}/meldcode/stap/2/", {"note": NOTE})
    assert response.status_code == 200 and "Begin de meldcode bij stap 1." in response.content.decode()
    response = client.post(f"/dossiers/{own_case.pk}/meldcode/stap/1/", {"note": NOTE})
    assert response.status_code == 302
    response = client.post(f"/dossiers/{own_case.pk}/meldcode/stap/2/", {"note": NOTE, "consultee": af.pk})
    assert response.status_code == 302
    page = client.get(f"/dossiers/{own_case.pk}/meldcode/").content.decode()
    assert page.count("Afgerond") == 2
    assert client.get(f"/dossiers/{own_case.pk}/meldcode/stap/9/").status_code == 404
