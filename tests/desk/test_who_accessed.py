"""Done-when of issue 9: on the demo data (`seed_demo`), the desk's report "who accessed
resident X" lists exactly the looks that known demo users made, each with its user, action and
time (L-LOG). The looks go through the real screens (the gate in cases/access.py logs them),
the report through the FG's screen."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import ConfidentialityAcknowledgement, ConfidentialityText, User
from cases.models import Case, Resident

from ..conftest import verified_login

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
def test_the_report_for_a_resident_lists_exactly_who_looked_with_action_and_time(client, settings):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo")
    text = ConfidentialityText.objects.order_by("-version").first()
    users = {u.username: u for u in User.objects.all()}
    for user in users.values():
        ConfidentialityAcknowledgement.objects.get_or_create(user=user, text=text)
    by_surname = {r.surname: r for r in Resident.objects.all()}
    case = Case.objects.get(resident=by_surname["Willemsen"])  # anna's dossier, team Noord
    elsewhere = Case.objects.get(resident=by_surname["Hoekstra"])  # also anna's
    anna, bram, coach, privacy_officer = users["anna"], users["bram"], users["coach"], users["fg"]

    steps = Steps()
    steps.do(client, anna, {("gelezen", "toegestaan")}, lambda c: c.get(f"/dossiers/{case.pk}/"))
    steps.do(client, bram, {("gelezen", "geweigerd")},
             lambda c: c.get(f"/dossiers/{case.pk}/"))  # team Zuid: refused, looks like 404
    steps.do(client, bram, {("buiten toewijzing geopend", "toegestaan")},
             lambda c: (c.post(f"/dossiers/{case.pk}/toegang-vragen/",
                               {"reason": "stand_in", "explanation": "Waarneming"}), c.get(f"/dossiers/{case.pk}/")))
    steps.do(client, coach, {("gelezen", "geweigerd")}, lambda c: c.get(f"/dossiers/{case.pk}/"))
    steps.do(client, anna, set(), lambda c: c.get(f"/dossiers/{elsewhere.pk}/"))  # another resident

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
