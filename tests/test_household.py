"""Household membership on screen: linked only from one's own dossiers, members one does not
work with shown as a number, never a name (P-2.1.2 need-to-know; P-2.2.2 household plan)."""

import pytest

from audit.models import AccessLogEntry
from cases import services
from cases.models import Household, HouseholdMember
from core.errors import ApplicationError

from .conftest import verified_login
from .factories import make_case, make_resident

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.1.2")]


def test_a_caseworker_links_a_resident_of_her_own_dossier_on_screen(client, caseworker, other_caseworker):
    case = make_case(caseworker, resident=make_resident(caseworker, surname="Hoofdbewoner"))
    partner = make_case(caseworker, resident=make_resident(caseworker, surname="Partnerlid"))
    foreign = make_case(other_caseworker, resident=make_resident(other_caseworker, surname="Buitenstaander"))
    verified_login(client, caseworker)
    form = client.get(f"/dossiers/{case.pk}/huishouden/lid-toevoegen/").content.decode()
    assert "Partnerlid" in form and "Buitenstaander" not in form and "Hoofdbewoner" not in form.split("<form")[1]

    refused = client.post(f"/dossiers/{case.pk}/huishouden/lid-toevoegen/", {"member_case": foreign.pk})
    assert refused.status_code == 200 and "Kies een van de inwoners uit de lijst." in refused.content.decode()
    assert not Household.objects.exists()
    empty = client.post(f"/dossiers/{case.pk}/huishouden/lid-toevoegen/", {})
    assert "Kies de inwoner die bij dit huishouden hoort." in empty.content.decode()

    done = client.post(f"/dossiers/{case.pk}/huishouden/lid-toevoegen/", {"member_case": partner.pk})
    assert done.status_code == 302
    household = Household.objects.get()
    assert set(household.members.values_list("resident_id", flat=True)) == {case.resident_id, partner.resident_id}
    page = client.get(f"/dossiers/{case.pk}/huishouden/").content.decode()
    assert "Partnerlid" in page and f'href="/dossiers/{partner.pk}/"' in page
    assert AccessLogEntry.objects.filter(user=caseworker, purpose="huishouden", case_id=partner.pk).exists()


def test_members_the_user_does_not_work_with_are_a_number_not_a_name(client, caseworker, other_caseworker):
    case = make_case(caseworker)
    foreign = make_case(other_caseworker, resident=make_resident(other_caseworker, surname="Verborgenlid"))
    household = Household.objects.create()
    HouseholdMember.objects.create(household=household, resident=case.resident)
    HouseholdMember.objects.create(household=household, resident=foreign.resident)
    verified_login(client, caseworker)
    page = client.get(f"/dossiers/{case.pk}/huishouden/").content.decode()
    assert "Verborgenlid" not in page and f"/dossiers/{foreign.pk}/" not in page
    assert "Er is nog 1 lid van wie je geen dossier behandelt." in page
    assert not AccessLogEntry.objects.filter(case_id=foreign.pk).exists()


def test_the_service_refuses_dossiers_outside_ones_work_and_a_second_household(caseworker, other_caseworker):
    case, partner, child = (make_case(caseworker) for _ in range(3))
    foreign = make_case(other_caseworker)
    with pytest.raises(ApplicationError, match="dossier waarin je werkt"):
        services.add_household_member(case=case, actor=caseworker, member_case=foreign)
    with pytest.raises(ApplicationError, match="ander lid"):
        services.add_household_member(case=case, actor=caseworker, member_case=case)
    services.add_household_member(case=case, actor=caseworker, member_case=partner)
    services.add_household_member(case=partner, actor=caseworker, member_case=child)  # joins the same household
    assert Household.objects.count() == 1 and HouseholdMember.objects.count() == 3
    with pytest.raises(ApplicationError, match="al bij dit huishouden"):
        services.add_household_member(case=child, actor=caseworker, member_case=case)
    elsewhere = make_case(caseworker)
    other_member = make_case(caseworker)
    services.add_household_member(case=elsewhere, actor=caseworker, member_case=other_member)
    with pytest.raises(ApplicationError, match="ander huishouden"):
        services.add_household_member(case=case, actor=caseworker, member_case=other_member)
    assert HouseholdMember.objects.count() == 5  # nothing half-written


def test_taking_members_out_removes_a_household_of_one(client, caseworker, other_caseworker):
    case, partner = make_case(caseworker), make_case(caseworker)
    services.add_household_member(case=case, actor=caseworker, member_case=partner)
    url = f"/dossiers/{case.pk}/huishouden/leden/{partner.pk}/verwijderen/"
    verified_login(client, other_caseworker)  # another team: neither dossier exists for them
    assert client.post(url).status_code == 404
    verified_login(client, caseworker)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Household.objects.exists() and not HouseholdMember.objects.exists()
    assert client.post(url).status_code == 302  # a second click: a message, not a 500
    messages = [str(m) for m in client.get(f"/dossiers/{case.pk}/huishouden/").context["messages"]]
    assert "Deze inwoner hoort niet bij dit huishouden." in messages
