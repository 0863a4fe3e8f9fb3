"""The benchmark harness (issue 10) at a tiny scale: the seed builds a consistent municipality
(the access-log chain verifies), every in-process scenario runs with its reference beside it,
and a page's query count does not grow with the number of rows it shows."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts import roles
from accounts.models import ConfidentialityAcknowledgement, User
from accounts.rules import current_confidentiality_text
from audit.models import AccessLogEntry, ChainHead
from audit.services import verify_chain
from bench import jobs, scenarios, seed
from cases.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission
from retention.models import DestructionRecord
from signals.models import DestroyedSignal

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality_seed():
    return seed.Seeder(0.001).run()


def test_the_seed_and_every_scenario_beside_its_reference_with_queries_that_do_not_grow(municipality_seed):
    """One test: seeding costs most of the time, so it is done once."""
    sizes = municipality_seed
    assert Case.objects.filter(status=Case.Status.ARCHIVED).count() == sizes.archived
    assert Case.objects.exclude(status=Case.Status.ARCHIVED).count() == sizes.cases
    assert CaseUserObjectPermission.objects.count() == sizes.user_grants
    assert seed.seeded()["sizes"]["dossiers"] == sizes.cases
    # the COPY ran without triggers; the seed wrote each grant's copy of its dossier's list facts itself
    for model in (CaseUserObjectPermission, CaseGroupObjectPermission):
        copies = model.objects.values_list("content_object__status", "content_object__caseworker_id",
                                           "content_object__opened_at", "content_object__statute",
                                           "content_object__number", *model.FACT_FIELDS)
        assert copies and all(row[:5] == row[5:] for row in copies)
    report = verify_chain()
    assert report.ok and report.checked == sizes.log_entries
    # the COPY ran without triggers; the seed set the chain head itself, so the next write links on
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == AccessLogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    _scenarios()
    assert verify_chain().ok  # the scenarios' own log writes continued the seeded chain


def _page_queries(user) -> tuple[int, int]:
    client = scenarios.verified_client(user)
    client.get("/dossiers/")
    runs = scenarios.interleaved({"page": (lambda i: client.get("/dossiers/"), None)}, 1, warmup=0)
    response = client.get("/dossiers/")
    return len(runs["page"][1][0]), len(response.context["page"].object_list)


def _scenarios():
    staff = scenarios.caseworkers(3)
    results = [scenarios.scenario_list(staff, 2), scenarios.scenario_dossier(staff, 2),
               scenarios.scenario_search(staff, 2), *scenarios.scenario_access_log(2)]
    for result in results:
        assert result.p50 > 0 and result.p95 >= result.p50
        assert result.references and result.queries["page"] > 0
    listing = results[0]
    assert set(listing.references) >= {"hand-written SQL (same rows + count)", "page without permission filter"}
    assert listing.references["seq_scans"] == []
    assert results[1].references["added_queries"] >= 1
    assert results[1].references["the log write itself"]["p50"] > 0

    # A colleague who sees two dossiers: the same number of queries as for a full page of 25.
    full_queries, full_rows = _page_queries(staff[0])
    few = User.objects.create(username="bench-few", organisation=staff[0].organisation)
    few.groups.add(Group.objects.get(name=roles.CASEWORKER))
    ConfidentialityAcknowledgement.objects.create(user=few, text=current_confidentiality_text())
    view = Permission.objects.get(content_type=ContentType.objects.get_for_model(Case), codename="view_case")
    for case in Case.objects.exclude(status=Case.Status.ARCHIVED).order_by("pk")[:2]:
        CaseUserObjectPermission.objects.create(user=few, permission=view, content_object=case)
    few_queries, few_rows = _page_queries(few)
    assert (full_rows, few_rows) == (25, 2)
    assert few_queries == full_queries

    seeder = seed.Seeder(0.001)
    purge = jobs.scenario_purge(seeder, 50)
    assert purge.value > 0 and purge.references["rows"] == DestroyedSignal.objects.count() > 0
    destruction = jobs.scenario_destruction(seeder, 3)
    assert destruction.references["dossiers"] == 3 == DestructionRecord.objects.count()
