"""The household plan: domains only with a reason, versions without content, member sections
visible only to those working on that member's dossier (P-2.2.2, P-2.2.1)."""

import pytest

from cases.models import Household, HouseholdMember
from core.errors import ApplicationError
from plans import services
from plans.models import PlanVersion

from ..conftest import verified, verified_login
from ..factories import make_case
from .helpers import plan_with_domains

pytestmark = pytest.mark.django_db


@pytest.mark.policy("P-2.2.2")
@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_life_domain_is_opened_only_with_a_reason(coach_with_agreement, reason):
    case = make_case(coach_with_agreement)
    with pytest.raises(ApplicationError) as exc:
        services.open_domain(case=case, actor=coach_with_agreement, domain="housing", reason=reason)
    assert exc.value.field == "reason"
    assert not hasattr(case, "plan") or not case.plan.sections.exists()


@pytest.mark.policy("P-2.2.2")
def test_domains_start_closed_and_are_opened_one_by_one(coach_with_agreement):
    case = make_case(coach_with_agreement)
    plan_with_domains(case, coach_with_agreement)
    assert sorted(case.plan.sections.values_list("domain", flat=True)) == ["finances", "housing"]
    with pytest.raises(ApplicationError):
        services.open_domain(case=case, actor=coach_with_agreement, domain="housing", reason="Nog eens.")
    with pytest.raises(ApplicationError):
        services.open_domain(case=case, actor=coach_with_agreement, domain="everything", reason="Alles.")


@pytest.mark.policy("P-2.2.2")
def test_every_change_is_a_version_with_who_and_when_but_no_content(coach_with_agreement):
    case = make_case(coach_with_agreement)
    housing, _ = plan_with_domains(case, coach_with_agreement)
    case.plan.refresh_from_db()
    assert case.plan.version == 4
    versions = list(PlanVersion.objects.filter(plan=case.plan).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert versions[1].summary == "Leefgebied Wonen gewijzigd: wat goed gaat, doelen, acties"
    assert all(v.changed_by == coach_with_agreement for v in versions)
    assert not any("GEHEIM" in v.summary or "Traplift" in v.summary for v in versions)
    services.update_section(section=housing, actor=coach_with_agreement, goals="Veilig thuis blijven wonen.")
    assert PlanVersion.objects.filter(plan=case.plan).count() == 4  # nothing changed, no version


@pytest.mark.policy("P-2.2.2")
def test_a_members_section_is_seen_only_by_those_on_that_members_dossier(client, caseworker, other_caseworker):
    """Anna works on the mother's dossier, Bram on the son's; the household shares one home."""
    mother = make_case(caseworker)
    son = make_case(other_caseworker)
    household = Household.objects.create()
    for case in (mother, son):
        HouseholdMember.objects.create(household=household, resident=case.resident)
    verified(caseworker), verified(other_caseworker)  # as the views see them after both factors
    # Bram is also on the mother's dossier (as a team member would be), Anna is not on the son's.
    from guardian.shortcuts import assign_perm
    for perm in ("view_case", "change_case"):
        assign_perm(f"cases.{perm}", other_caseworker, mother)
    whole = services.open_domain(case=mother, actor=other_caseworker, domain="housing", reason="Te kleine woning.")
    about_son = services.open_domain(case=mother, actor=other_caseworker, domain="parenting",
                                     reason="Zoon verzuimt school.", member_case=son)
    services.update_section(section=about_son, actor=other_caseworker, goals="ZOON-DOEL-VERTROUWELIJK")
    assert set(services.visible_sections(user=other_caseworker, plan=mother.plan)) == {whole, about_son}
    assert set(services.visible_sections(user=caseworker, plan=mother.plan)) == {whole}
    with pytest.raises(ApplicationError):  # Anna cannot change the son's section either
        services.update_section(section=about_son, actor=caseworker, goals="Iets anders.")
    with pytest.raises(ApplicationError):  # nor open one about a member she does not work with
        services.open_domain(case=mother, actor=caseworker, domain="finances", reason="Schulden.", member_case=son)
    verified_login(client, caseworker)
    html = client.get(f"/dossiers/{mother.pk}/gezinsplan/").content.decode()
    assert "Te kleine woning." in html and "ZOON-DOEL-VERTROUWELIJK" not in html
    assert client.get(f"/dossiers/{mother.pk}/gezinsplan/leefgebied/{about_son.pk}/").status_code == 404
    assert client.get(f"/dossiers/{mother.pk}/gezinsplan/leefgebied/{whole.pk}/").status_code == 200


@pytest.mark.policy("P-2.2.2")
def test_opening_a_domain_on_screen_needs_a_reason(client, coach_with_agreement):
    case = make_case(coach_with_agreement)
    verified_login(client, coach_with_agreement)
    url = f"/dossiers/{case.pk}/gezinsplan/leefgebied/"
    response = client.post(url, {"domain": "housing", "reason": "", "member_case": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is een probleem" in html and "Leg uit waarom dit leefgebied nodig is voor de hulpvraag." in html
    response = client.post(url, {"domain": "housing", "reason": "Trap is te steil.", "member_case": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.plan.sections.get().domain == "housing"


@pytest.mark.policy("P-2.2.2")
def test_the_plan_of_a_closed_dossier_cannot_change(coach_with_agreement):
    case = make_case(coach_with_agreement)
    housing, _ = plan_with_domains(case, coach_with_agreement)
    case.status = "closed"
    case.save(update_fields=["status"])
    housing.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.open_domain(case=case, actor=coach_with_agreement, domain="parenting", reason="Opvoeding.")
    with pytest.raises(ApplicationError):
        services.update_section(section=housing, actor=coach_with_agreement, goals="Nieuw doel.")
