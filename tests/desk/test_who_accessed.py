"""Done-when of issue 9: the desk's report "who accessed resident X" lists exactly the looks
that known users made, each with its user, action and time (L-LOG). The looks go through the
real screens (the gate in cases/access.py logs them), the report through the FG's screen."""

import pytest
from django.utils import timezone

from ..conftest import verified_login
from ..factories import make_case

URL = "/fg/toegangslogboek/"


class Steps:
    """Each step: who did it and the window in which it happened."""

    def __init__(self):
        self.windows = []

    def do(self, client, user, expected, call):
        client.logout()
        verified_login(client, user)
        start = timezone.now()
        call(client)
        self.windows.append((start, timezone.now(), user.username, expected))


@pytest.mark.django_db
@pytest.mark.policy("L-LOG")
def test_the_report_for_a_resident_lists_exactly_who_looked_with_action_and_time(
        client, caseworker, other_caseworker, outsider, privacy_officer):
    case, elsewhere = make_case(caseworker), make_case(caseworker)
    steps = Steps()
    steps.do(client, caseworker, {("gelezen", "toegestaan")},
             lambda c: c.get(f"/dossiers/{case.pk}/"))
    steps.do(client, other_caseworker, {("gelezen", "geweigerd")},
             lambda c: c.get(f"/dossiers/{case.pk}/"))  # not assigned: refused, looks like 404
    steps.do(client, other_caseworker, {("buiten toewijzing geopend", "toegestaan")},
             lambda c: (c.post(f"/dossiers/{case.pk}/toegang-vragen/",
                               {"reason": "stand_in", "explanation": "Waarneming"}), c.get(f"/dossiers/{case.pk}/")))
    steps.do(client, outsider, {("gelezen", "geweigerd")}, lambda c: c.get(f"/dossiers/{case.pk}/"))
    steps.do(client, caseworker, set(), lambda c: c.get(f"/dossiers/{elsewhere.pk}/"))  # another resident

    client.logout()
    verified_login(client, privacy_officer)
    day = timezone.localdate().isoformat()
    assert client.post(URL, {"start": day, "end": day, "bsn": case.resident.bsn}).status_code == 302
    page = client.get(URL).context["page"]
    assert page.paginator.num_pages == 1
    rows = [{"volgnummer": e.seq, "moment": e.at, "medewerker": e.user.username if e.user else "",
             "inwoner": e.resident_id, "handeling": e.get_action_display(), "resultaat": e.get_result_display()}
            for e in page.object_list]
    looks = [r for r in rows if r["medewerker"] != privacy_officer.username]
    assert looks, "the report is empty"
    assert {r["inwoner"] for r in looks} == {case.resident_id}

    found = []
    for start, end, username, expected in steps.windows:
        mine = [r for r in looks if start <= r["moment"] <= end]
        assert {r["medewerker"] for r in mine} <= {username}, (username, mine)
        assert {(r["handeling"], r["resultaat"]) for r in mine} == expected, (username, mine)
        found += mine
    # every row of the report belongs to one of the steps: nothing more, nothing less
    assert sorted(r["volgnummer"] for r in found) == sorted(r["volgnummer"] for r in looks)
