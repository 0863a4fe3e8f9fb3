"""The FG's canned reports (L-LOG, P-2.1.3, P-2.3.3, P-2.3.4) added for issue 9: a relative's
dossier (same family name), looks without an assignment, disclosures to enforcement or without
telling the client, objections and their outcomes. Each seeds a positive and a negative case."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Organisation
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from desk import rules, selectors
from disclosures.models import Disclosure, Objection

from ..conftest import verified_login
from ..factories import make_case, make_resident

URL = "/fg/rapporten/"


def _today():
    return timezone.localdate()


def _period():
    return {"start": _today() - dt.timedelta(days=3), "end": _today()}


def _read(user, case, **kw):
    log_access(actor=user, events=[AccessEvent(action=kw.pop("action", "read"), case_id=case.pk,
                                               resident_id=case.resident_id, purpose="dossier", **kw)])


@pytest.mark.policy("L-LOG")
@pytest.mark.parametrize(("a", "b", "same"), [
    ("de Vries", "Vries", True),
    ("van der Berg", "Berg", True),
    ("Jansen-de Vries", "de Vries", True),
    ("VAN DAM", "van dam", True),
    ("de Vries", "Vriesema", False),
    ("Berg", "van den Bergh", False),
    ("", "", False),
    ("van", "van", False),  # only particles: no family name to match
])
def test_family_name_match_ignores_particles_and_case(a, b, same):
    assert rules.same_family_name(a, b) is same


@pytest.mark.django_db
@pytest.mark.policy("L-LOG")
def test_a_user_who_opened_a_dossier_with_their_own_surname_is_reported(client, caseworker, teammate,
                                                                       privacy_officer):
    caseworker.last_name = "de Vries"
    caseworker.save()
    relative = make_case(caseworker, resident=make_resident(caseworker, surname="Vries"))
    stranger = make_case(caseworker, resident=make_resident(caseworker, surname="Vriesema"))
    _read(caseworker, relative)
    _read(caseworker, relative)
    _read(caseworker, stranger)
    _read(teammate, relative)  # the teammate's own surname differs: not reported
    _read(caseworker, make_case(caseworker, resident=make_resident(caseworker, surname="de Vries")),
          result="refused")  # a refused look showed nothing
    found = selectors.relative_reads(**_period())
    assert [(r["username"], r["resident_id"], r["n"]) for r in found] == [
        (caseworker.username, relative.resident_id, 2)]
    verified_login(client, privacy_officer)
    html = client.get(URL).content.decode()
    assert 'data-testid="relatives"' in html and str(relative.resident_id) in html
    assert "Vries" not in html  # the surname itself is never shown
    assert AccessLogEntry.objects.filter(user=privacy_officer, purpose="fg_rapport",
                                         resident_id=relative.resident_id).exists()


@pytest.mark.django_db
@pytest.mark.policy("L-LOG")
def test_looks_without_an_assignment_are_counted_per_user(caseworker, teammate, other_caseworker):
    case = make_case(caseworker)
    _read(other_caseworker, case, action="emergency", detail="buiten_toewijzing")
    _read(other_caseworker, case, action="emergency", detail="buiten_toewijzing")
    _read(other_caseworker, make_case(caseworker), result="refused")
    _read(teammate, case)  # within the team's assignment: not in the report
    _read(caseworker, case)
    rows = selectors.outside_assignment(**_period())
    assert rows == [{"user__username": other_caseworker.username, "emergency": 2, "refused": 1, "dossiers": 2}]


def _disclose(case, user, *, kind, informed, name):
    org = Organisation.objects.create(name=name, kind=kind)
    return Disclosure.objects.create(case=case, recipient=org, recipient_kind=kind, legal_ground="avg_6_1_c",
                                     purpose="wmo", decided_by=user, recorded_by=user, client_informed=informed)


@pytest.mark.django_db
@pytest.mark.policy("P-2.1.3")
@pytest.mark.policy("P-2.3.3")
def test_disclosures_to_enforcement_or_without_telling_the_client_are_reported(client, caseworker,
                                                                               privacy_officer):
    case = make_case(caseworker)
    enforcement = _disclose(case, caseworker, kind=Organisation.Kind.ENFORCEMENT, informed="informed",
                            name="Sociale recherche")
    untold = _disclose(case, caseworker, kind=Organisation.Kind.STATUTORY_BODY, informed="not_informed",
                       name="Veilig Thuis")
    _disclose(case, caseworker, kind=Organisation.Kind.CHAIN_PARTNER, informed="informed", name="Huisarts")
    _disclose(case, caseworker, kind=Organisation.Kind.STATUTORY_BODY, informed="will_inform", name="De Raad")
    found = list(selectors.sensitive_disclosures(**_period()))
    assert [d.pk for d in found] == [untold.pk, enforcement.pk]
    verified_login(client, privacy_officer)
    html = client.get(URL).content.decode()
    assert "Sociale recherche" in html and "Veilig Thuis" in html and "Inwoner niet geïnformeerd" in html
    assert "Huisarts" not in html and "De Raad" not in html
    past = {"start": _today() - dt.timedelta(days=30), "end": _today() - dt.timedelta(days=1)}
    assert not selectors.sensitive_disclosures(**past).exists()


@pytest.mark.django_db
@pytest.mark.policy("P-2.3.4")
def test_objections_in_the_period_are_reported_with_their_outcome(client, caseworker, privacy_officer):
    case = make_case(caseworker)
    open_one = Objection.objects.create(case=case, received_on=_today(), grounds="Bezwaar", registered_by=caseworker)
    decided = Objection.objects.create(case=case, received_on=_today() - dt.timedelta(days=1), grounds="Bezwaar",
                                       registered_by=caseworker, outcome=Objection.Outcome.LIMITED,
                                       decided_by=caseworker, decided_at=timezone.now())
    Objection.objects.create(case=case, received_on=_today() - dt.timedelta(days=40), grounds="Oud",
                             registered_by=caseworker, outcome=Objection.Outcome.STOPS)
    assert [o.pk for o in selectors.objections(**_period())] == [open_one.pk, decided.pk]
    verified_login(client, privacy_officer)
    response = client.get(URL)
    counts = response.context["objection_counts"]
    assert counts["Nog niet besloten"] == 1 and counts[Objection.Outcome.LIMITED.label] == 1
    assert counts[Objection.Outcome.STOPS.label] == 0
    html = response.content.decode()
    assert "Bezwaar" not in html.split('data-testid="objections"')[1].split("</table>")[0]  # no grounds shown
