"""The dossier list reads the dossier facts copied onto the grants (issue 10, decision 0012):
database triggers keep the copies, and the list always shows exactly the dossiers of the gate's
own rule (cases_for_user), in the same order, with the same total (P-2.1.2, P-2.2.4)."""

import datetime as dt
import random

import pytest
from django.db import connection, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.services import add_to_team
from cases.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission
from cases.selectors import cases_for_user, visible_case_page
from processors.models import Purpose

from .conftest import verified
from .factories import make_case

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.1.2")]



def _facts_of(case: Case) -> tuple:
    return (case.status, case.caseworker_id, case.opened_at, case.statute, case.number)


def _assert_copies_match_every_dossier():
    for model in (CaseUserObjectPermission, CaseGroupObjectPermission):
        for grant in model.objects.select_related("content_object"):
            copies = tuple(getattr(grant, f) for f in model.FACT_FIELDS)
            assert copies == _facts_of(grant.content_object), (model, grant.pk)


def _listed(user, order="-opened_at", **filters) -> tuple[list[int], int]:
    page = visible_case_page(user, number=1, per_page=10_000, order=order, **filters)
    return [c.pk for c in page.object_list], page.paginator.count


def test_the_triggers_copy_the_facts_onto_new_grants_and_follow_every_change(caseworker, teammate, team_noord,
                                                                             other_caseworker):
    case = make_case(caseworker, team=team_noord)
    assign_perm("cases.view_case", other_caseworker, case)  # guardian's own write path
    assert CaseUserObjectPermission.objects.filter(content_object=case).count() == 3
    _assert_copies_match_every_dossier()
    case.caseworker = teammate  # the ORM's save writes every column; only real changes are copied
    case.status = Case.Status.CLOSED
    case.save()
    _assert_copies_match_every_dossier()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED, opened_at=timezone.now() - dt.timedelta(days=9))
    _assert_copies_match_every_dossier()
    with connection.cursor() as cursor:  # plain SQL too: the copy is the database's, not the ORM's
        cursor.execute("UPDATE cases_case SET statute = %s, number = %s WHERE id = %s",
                       [Purpose.JEUGDWET, "D-2026-999999", case.pk])
    _assert_copies_match_every_dossier()
    grant = CaseUserObjectPermission.objects.get(content_object=case, user=other_caseworker)
    elsewhere = make_case(caseworker)
    CaseUserObjectPermission.objects.filter(pk=grant.pk).update(content_object=elsewhere)  # a moved grant
    _assert_copies_match_every_dossier()


def test_the_list_equals_the_gates_rule_through_grants_moves_archive_and_destruction(
        caseworker, teammate, team_lead, other_caseworker, coach_with_agreement, coach_without_agreement,
        team_noord, team_zuid):
    """A seeded random walk of the changes that decide visibility; after each step every
    persona's list (ids, order and total, for every sort and filter) is the gate's own set."""
    rng = random.Random(20261207)
    people = [verified(u) for u in (caseworker, teammate, team_lead, other_caseworker, coach_with_agreement,
                                    coach_without_agreement)]
    teams = [team_noord, team_zuid]
    cases = [make_case(caseworker, team=team_noord), make_case(other_caseworker, team=team_zuid),
             make_case(teammate, team=team_noord, statute=Purpose.JEUGDWET)]
    for step in range(40):
        kind = rng.choice(["open", "grant", "revoke", "status", "caseworker", "join", "statute"])
        case = rng.choice(cases)
        if kind == "open":
            actor = rng.choice([caseworker, teammate, other_caseworker])
            cases.append(make_case(actor, team=rng.choice(teams + [None]), statute=rng.choice(Purpose.values)))
        elif kind == "grant":
            assign_perm("cases.view_case", rng.choice(people), case)
        elif kind == "revoke":
            remove_perm("cases.view_case", rng.choice(people), case)
        elif kind == "status":
            Case.objects.filter(pk=case.pk).update(status=rng.choice(Case.Status.values))
        elif kind == "caseworker":
            Case.objects.filter(pk=case.pk).update(caseworker=rng.choice(people + [None]))
        elif kind == "join":
            add_to_team(user=rng.choice(people), team=rng.choice(teams))
        else:
            Case.objects.filter(pk=case.pk).update(statute=rng.choice(Purpose.values))
        for user in people:
            gate = cases_for_user(user)
            for order, key in [("-opened_at", lambda c: (-c.opened_at.timestamp(), c.pk)),
                               ("opened_at", lambda c: (c.opened_at.timestamp(), c.pk)),
                               ("number", lambda c: (c.number, c.pk))]:
                expected = [c.pk for c in sorted(gate, key=key)]
                assert _listed(user, order) == (expected, len(expected)), (step, kind, user.username, order)
            for status in Case.Status.values:
                expected = sorted(c.pk for c in gate if c.status == status)
                ids, total = _listed(user, status=status)
                assert (sorted(ids), total) == (expected, len(expected)), (step, user.username, status)
            wmo = sorted(c.pk for c in gate if c.statute == Purpose.WMO)
            ids, total = _listed(user, statute=Purpose.WMO)
            assert (sorted(ids), total) == (wmo, len(wmo))
    _assert_copies_match_every_dossier()


def test_a_stale_copy_can_hide_a_dossier_but_never_show_one(caseworker, team_noord):
    """The shown rows are loaded through the rule on the dossiers' own columns: if a copy were
    ever wrong (here: forged past the triggers), the list still shows nothing it should not."""
    user = verified(caseworker)
    mine, gone = make_case(caseworker, team=team_noord), make_case(caseworker, team=team_noord)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks block ALTER TABLE
        cursor.execute("ALTER TABLE cases_case DISABLE TRIGGER cases_case_facts_to_grants")
        cursor.execute("UPDATE cases_case SET status = 'destroyed' WHERE id = %s", [gone.pk])
        cursor.execute("ALTER TABLE cases_case ENABLE TRIGGER cases_case_facts_to_grants")
    ids, _ = _listed(user)
    assert ids == [mine.pk]
    assert list(cases_for_user(user)) == [mine]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on PostgreSQL; the demo's SQLite triggers are checked by make run")


def _second_connection():
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"] or None,
                           dbname=s["NAME"])


def _in_thread(work):
    """Run `work` on its own database connection; returns (thread, finished event)."""
    import threading

    finished = threading.Event()

    def run():
        try:
            work()
        finally:
            connection.close()
            finished.set()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, finished


@pytest.mark.django_db(transaction=True)
def test_a_grant_made_while_its_dossier_changes_copies_the_change(caseworker, other_caseworker, team_noord):
    """Found in review: a grant written while another transaction changes its dossier copied the
    old facts, and the change's trigger could not see the grant. The grant now waits."""
    case = make_case(caseworker, team=team_noord)
    other = _second_connection()
    try:
        other.execute("UPDATE cases_case SET status = 'destroyed' WHERE id = %s", [case.pk])  # not committed
        thread, finished = _in_thread(lambda: assign_perm("cases.view_case", other_caseworker, case))
        assert not finished.wait(0.5)  # the grant waits for the dossier's change
        other.commit()
        thread.join(10)
    finally:
        other.close()
    grant = CaseUserObjectPermission.objects.get(user=other_caseworker, content_object=case)
    assert grant.case_status == "destroyed"
    _assert_copies_match_every_dossier()


@pytest.mark.django_db(transaction=True)
def test_a_dossier_change_while_a_grant_is_made_reaches_the_grant(caseworker, other_caseworker, team_noord):
    case = make_case(caseworker, team=team_noord)
    view = CaseUserObjectPermission._meta.get_field("permission").related_model.objects.get(
        codename="view_case", content_type__app_label="cases")
    other = _second_connection()
    try:
        other.execute("INSERT INTO cases_caseuserobjectpermission (user_id, permission_id, content_object_id) "
                      "VALUES (%s, %s, %s)", [other_caseworker.pk, view.pk, case.pk])  # not committed
        thread, finished = _in_thread(lambda: Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED))
        assert not finished.wait(0.5)  # the change waits for the grant
        other.commit()
        thread.join(10)
    finally:
        other.close()
    assert CaseUserObjectPermission.objects.get(user=other_caseworker, content_object=case).case_status == "archived"
    _assert_copies_match_every_dossier()


def test_a_grant_before_its_dossier_is_refused_with_a_clear_message(caseworker):
    from django.db import ProgrammingError

    case = make_case(caseworker)
    grant = CaseUserObjectPermission.objects.filter(content_object=case).first()
    with pytest.raises(ProgrammingError, match="before the dossier"), \
            transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO cases_caseuserobjectpermission (user_id, permission_id, content_object_id) "
                       "VALUES (%s, %s, %s)", [grant.user_id, grant.permission_id, case.pk + 10_000])
