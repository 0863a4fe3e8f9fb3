"""No form escapes the fuzzing: every URL that takes a POST has a fuzz target (P-2.2.5)."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse

from ..test_permission_matrix import EXPECTATIONS
from .engine import EXCLUDED_TABLES, check_response, table_checksums, writes
from .routes import accepts_post, post_routes
from .targets import TARGETS
from .test_admin import ADMIN_TARGETS, admin_add_routes

# Tested elsewhere with their own strategies.
OWN_TESTS = {"api/signalen/": "tests/fuzz/test_api.py"}


def _app_routes():
    return {r for r in post_routes() if not r.startswith("beheer/")}


def test_every_url_that_takes_a_post_has_a_fuzz_target():
    missing = sorted(_app_routes() - set(TARGETS) - set(OWN_TESTS))
    assert missing == [], f"add a line to tests/fuzz/targets.py TARGETS for {missing}"


def test_every_fuzz_target_is_a_url_that_takes_a_post():
    assert sorted(set(TARGETS) - _app_routes()) == []
    assert set(TARGETS) <= set(EXPECTATIONS)


def test_every_admin_form_of_the_project_is_fuzzed():
    assert sorted(set(admin_add_routes()) - set(ADMIN_TARGETS)) == []


def test_the_method_check_reads_the_decorators():
    from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

    def view(request):
        return HttpResponse()

    assert accepts_post(view)
    assert accepts_post(require_POST(view)) and accepts_post(require_http_methods(["GET", "POST"])(view))
    assert not accepts_post(require_GET(view)) and not accepts_post(require_safe(view))


@pytest.mark.django_db
def test_the_row_check_catches_a_rejected_submission_that_writes(caseworker):
    """The check itself can fail: a 200 after a write is caught, a 302 after one is not."""
    from accounts.models import Team

    before = table_checksums()
    with transaction.atomic():
        written = writes()
        Team.objects.filter(pk__gt=0).update(name="Gewijzigd")
        with pytest.raises(AssertionError, match="accounts_team"):
            check_response(HttpResponse("fout", status=200), before, written)
        check_response(HttpResponse(status=302), before, written)
        transaction.set_rollback(True)
    with transaction.atomic():
        with pytest.raises(AssertionError, match="unescaped"):
            check_response(HttpResponse("<p>\"><img src=x onerror=fz2></p>"), before, writes())
        with pytest.raises(AssertionError):
            check_response(HttpResponse(status=500), before, writes())
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_excluded_tables_exist():
    """A renamed table must not silently drop out of the exclusion list (or into the checksum)."""
    assert set(connection.introspection.table_names()) >= EXCLUDED_TABLES
