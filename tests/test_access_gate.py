"""The dossier gate and the lists built on the same rule (P-2.1.2, P-1.1, P-3)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import ConfidentialityAcknowledgement
from accounts.services import publish_confidentiality_text
from audit.models import AccessLogEntry
from cases.access import access_case
from cases.selectors import cases_for_user
from processors.models import Purpose

from .conftest import verified
from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.policy("P-2.1.2")
def test_caseworker_sees_own_and_team_dossiers_not_other_team(caseworker, own_case, team_case,
                                                               other_team_case):
    user = verified(caseworker)
    assert access_case(user, own_case.pk) == own_case
    assert access_case(user, team_case.pk) == team_case
    with pytest.raises(Http404):
        access_case(user, other_team_case.pk)
    assert set(cases_for_user(user)) == {own_case, team_case}


@pytest.mark.policy("P-2.1.2")
def test_superuser_and_administrator_get_no_implicit_access(administrator, own_case):
    from django.contrib.auth.models import Permission

    administrator.user_permissions.add(Permission.objects.get(codename="view_case"))
    user = verified(administrator)
    assert user.is_superuser and user.has_perm("cases.view_case")
    with pytest.raises(Http404):
        access_case(user, own_case.pk)
    assert list(cases_for_user(user)) == []


@pytest.mark.policy("P-2.1.2")
def test_unassigned_dossier_is_seen_by_nobody(caseworker, teammate, team_lead, unassigned_case):
    for persona in (caseworker, teammate, team_lead):
        with pytest.raises(Http404):
            access_case(verified(persona), unassigned_case.pk)
        assert unassigned_case not in cases_for_user(persona)


@pytest.mark.policy("P-2.1.2")
def test_no_client_data_before_the_confidentiality_statement_is_acknowledged(caseworker, own_case):
    user = verified(caseworker)
    assert access_case(user, own_case.pk) == own_case
    publish_confidentiality_text(text="Nieuwe tekst: ook na je dienstverband geldt je geheimhouding.")
    with pytest.raises(Http404):
        access_case(user, own_case.pk)
    assert list(cases_for_user(user)) == []
    refused = AccessLogEntry.objects.filter(case_id=own_case.pk, result="refused").last()
    assert refused.detail == "geen_bevestiging"


@pytest.mark.policy("P-2.1.2")
def test_acknowledgement_is_recorded_with_date_and_version(client, caseworker, statement):
    from .conftest import verified_login

    ConfidentialityAcknowledgement.objects.filter(user=caseworker).delete()
    verified_login(client, caseworker)
    assert client.get("/dossiers/").url == "/inloggen/geheimhouding/"
    response = client.post("/inloggen/geheimhouding/", {"version": statement.version})
    assert "Bevestig dat je de verklaring hebt gelezen." in response.content.decode()
    client.post("/inloggen/geheimhouding/", {"version": statement.version, "agree": "on"})
    ack = ConfidentialityAcknowledgement.objects.get(user=caseworker)
    assert ack.text.version == statement.version and ack.acknowledged_at is not None
    assert client.get("/dossiers/").status_code == 200


@pytest.mark.policy("P-1.1")
@pytest.mark.policy("P-3")
def test_coach_reaches_dossiers_only_under_an_agreement_in_force(coach_with_agreement,
                                                                 coach_without_agreement):
    with_agreement = make_case(coach_with_agreement)
    without = make_case(coach_without_agreement)
    assert access_case(verified(coach_with_agreement), with_agreement.pk) == with_agreement
    with pytest.raises(Http404):
        access_case(verified(coach_without_agreement), without.pk)
    assert list(cases_for_user(coach_without_agreement)) == []
    refusal = AccessLogEntry.objects.filter(case_id=without.pk, result="refused").last()
    assert refusal.detail == "geen_verwerkersovereenkomst"


@pytest.mark.policy("P-3")
def test_agreement_ends_at_the_end_of_its_last_day(coach_with_agreement):
    case = make_case(coach_with_agreement)
    user = verified(coach_with_agreement)
    with time_machine.travel(dt.datetime(2030, 12, 31, 22, 0, tzinfo=dt.UTC)):  # 23.00 local
        assert access_case(user, case.pk) == case
    with time_machine.travel(dt.datetime(2030, 12, 31, 23, 30, tzinfo=dt.UTC)):  # 0.30 local
        with pytest.raises(Http404):
            access_case(user, case.pk)


@pytest.mark.policy("P-3")
def test_agreement_covers_only_its_purposes(coach_with_agreement):
    case = make_case(coach_with_agreement, statute=Purpose.PARTICIPATIEWET)
    with pytest.raises(Http404):
        access_case(verified(coach_with_agreement), case.pk)
    assert case not in cases_for_user(coach_with_agreement)


@pytest.mark.policy("P-2.1.2")
def test_may_see_but_not_change_gives_403_and_is_logged(caseworker, teammate, team_noord):
    case = make_case(teammate, team=team_noord)
    case.status = case.Status.CLOSED
    case.save()
    with pytest.raises(PermissionDenied):
        access_case(verified(caseworker), case.pk, write=True)
    assert AccessLogEntry.objects.filter(case_id=case.pk, detail="alleen_lezen").exists()


@pytest.mark.policy("L-LOG")
def test_nonexistent_and_foreign_dossier_are_refused_alike_and_both_logged(caseworker,
                                                                           other_team_case):
    user = verified(caseworker)
    for pk in (other_team_case.pk, 987654):
        with pytest.raises(Http404):
            access_case(user, pk)
    details = list(AccessLogEntry.objects.filter(result="refused").values_list("case_id", "detail"))
    assert (other_team_case.pk, "niet_toegewezen") in details
    assert (987654, "bestaat_niet") in details


def test_guardian_is_never_asked_with_global_or_superuser_permissions():
    """Every call into guardian's object lookups passes both flags (DEPENDENCIES.md 3)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for path in root.glob("[a-z]*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text()
        for call in re.finditer(r"get_objects_for_user\((?:[^()]|\([^()]*\))*\)", text):
            if "accept_global_perms=False" not in call.group(0) or "with_superuser=False" not in call.group(0):
                offenders.append(f"{path}: {call.group(0)[:60]}")
        if re.search(r"ObjectPermissionChecker|\.has_perm\([^)]*,", text):
            offenders.append(f"{path}: uses has_perm/ObjectPermissionChecker on objects")
    assert offenders == []


@pytest.mark.policy("P-2.1.2")
def test_the_acknowledgement_memo_lives_for_one_request_and_is_cleared_by_a_new_statement(client, caseworker,
                                                                                           own_case):
    """The middleware and the gates ask once per request (accounts.rules.request_memo); a new
    statement in force closes client data at the next request, and within the request that
    publishes it."""
    from accounts.rules import current_confidentiality_text, has_acknowledged_current_text, request_memo
    from accounts.services import acknowledge_confidentiality

    from .conftest import verified_login

    user = verified(caseworker)
    with request_memo():
        assert has_acknowledged_current_text(user)
        publish_confidentiality_text(text="Versie twee van de verklaring.")
        assert not has_acknowledged_current_text(user)  # the publication cleared the memo
    verified_login(client, caseworker)
    assert client.get(f"/dossiers/{own_case.pk}/").status_code == 302  # to the acknowledgement
    with request_memo():
        assert not has_acknowledged_current_text(user)
        acknowledge_confidentiality(actor=user, text_version=current_confidentiality_text().version)
        assert has_acknowledged_current_text(user)  # acknowledging cleared the memo
    assert client.get(f"/dossiers/{own_case.pk}/").status_code == 200  # a new request asks again
