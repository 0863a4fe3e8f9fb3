"""Accessibility in Debian's Chromium (UX.md section 5): every page a role can reach by its
links, checked with axe-core (WCAG 2.1 A and AA plus best practice), and the project's own
checks that axe does not make.

Each role signs in and follows every link in its header, menus and page body, breadth first,
the way a user would find them, one page per URL pattern: the list and its second page, a
dossier's sub-pages and their forms, the queues, the privacy desk with its charts. Every page it
reaches must answer 200 without a redirect (a link a role is shown leads somewhere it may go),
pass axe, have `lang="nl"` and exactly one h1, and carry no resident's name or BSN in its title.
The error state of a form and the 404 page are checked on their own; the flows in this folder
check their check-answers pages, banners and error summaries at the moments they reach them.
"""

import datetime as dt
import re
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from accounts import roles
from cases.models import Resident
from cases.services import add_note, request_emergency_access
from retention import services as retention

from ..browser_support import assert_accessible, go, sign_in
from ..conftest import _persona
from ..factories import make_archived_case, make_case, make_document
from ..plans.helpers import forwarded_request
from ..signals.conftest import make_signal

pytestmark = [pytest.mark.browser]

# Not pages: the API, logging out, Django's admin (its own templates). Downloads (letters, memos,
# documents, exports) are recognised when the browser starts one.
NOT_A_PAGE = re.compile(r"^/api/|^/uitloggen/|^/beheer/")
PAGES_PER_ROLE = 70
# One page per template: the 25 dossiers of a list page share one, so a path is visited for its
# first id only ("/dossiers/<n>/notities/"), and a list's sort and filter links for a few of them.
PER_SHAPE = {False: 1, True: 3}  # without, with a query string


def _links(page, base):
    hrefs = page.eval_on_selector_all(
        "header a[href], nav a[href], main a[href], footer a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if f"{url.scheme}://{url.netloc}" != base or NOT_A_PAGE.search(url.path):
            continue
        yield url.path + (f"?{url.query}" if url.query else "")


def _check_page(page, where, secrets):
    assert_accessible(page, where)
    assert page.locator("html").get_attribute("lang") == "nl", where
    expect(page.locator("h1")).to_have_count(1)
    title = page.title()
    assert not [s for s in secrets if s in title], f"a name or BSN in the title of {where}: {title}"


def _shape(path):
    bare, _, query = path.partition("?")
    return re.sub(r"/\d+/", "/<n>/", bare), bool(query)


def crawl(page, base, secrets, *, start="/", redirects=frozenset()):
    """Visit every page reachable from `start` by links (breadth first); returns the paths seen.
    A link in `redirects` may redirect (for a visitor, the start page sends to the login)."""
    seen, shapes, queue = [], {}, [start]
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        shape = _shape(path)
        if path in seen or shapes.get(shape, 0) >= PER_SHAPE[shape[1]]:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        seen.append(path)
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:
            if "Download is starting" not in error.message:
                raise
            continue  # a file, not a page
        assert response.status == 200 and (path in redirects or response.request.redirected_from is None), \
            f"{path} answered {response.status}, at {page.url}"
        _check_page(page, path, secrets)
        queue.extend(link for link in _links(page, base) if link not in seen)
    left = {p for p in queue if p not in seen and shapes.get(_shape(p), 0) < PER_SHAPE[_shape(p)[1]]}
    assert not left, f"stopped at {PAGES_PER_ROLE} pages with pages left unchecked: {sorted(left)}"
    return seen


@pytest.fixture
def municipality_with_work(transactional_db, caseworker, teammate, other_caseworker, team_noord, privacy_officer,
                           archivist, zorgplein_reviewer, coach_with_agreement, team_lead, administrator,
                           retention_rules, statement, settings_files):
    """Enough of everything that each role's pages have content: a caseworker's list over two
    pages, a note and a document, a coach's household plan with a request forwarded to the
    Zorgplein, a signal in quarantine, an access outside the assignment for the privacy officer,
    a destruction list for the archivist."""
    cases = [make_case(caseworker, team=team_noord) for _ in range(27)]
    newest = cases[-1]  # the list's first row, so the dossier the crawl opens
    add_note(case=newest, actor=caseworker, text="Eerste gesprek gevoerd.", category="ordinary",
             is_working_note=False)
    make_document(newest, caseworker, name="Indicatieadvies")
    forwarded_request(coach_with_agreement)
    intake = _persona("intake", roles.INTAKE, statement=statement)
    make_signal(subject_name="Jan Jansen")
    request_emergency_access(actor=other_caseworker, case=cases[1], reason="stand_in",
                             explanation="Waarneming voor een zieke collega.")
    old = dt.datetime(2005, 1, 10, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
    for _ in range(2):
        make_archived_case(caseworker, closed_at=old)
    retention.propose_destruction_list(today=dt.date.today(), cap=100)
    # Residents' first names are "Test" in the factories, as are the staff's: not a secret to look for.
    secrets = {value for r in Resident.objects.all() for value in (r.surname, r.bsn)} | {"Jan Jansen"}
    return {"anna": caseworker, "coach": coach_with_agreement, "zorgplein": zorgplein_reviewer, "intake": intake,
            "fg": privacy_officer, "archief": archivist, "teamlead": team_lead, "beheer": administrator,
            "secrets": secrets, "cases": cases}


def test_public_pages_and_the_login_are_accessible(live_server, page, municipality_with_work):
    page.set_viewport_size({"width": 1280, "height": 900})
    seen = crawl(page, live_server.url, municipality_with_work["secrets"], start="/inloggen/", redirects={"/"})
    assert {"/openbaar/privacy/", "/openbaar/toegankelijkheid/"} <= set(seen)

    page.goto(f"{live_server.url}/inloggen/")  # a wrong password: the error state
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    go(page, page.get_by_role("button", name="Inloggen"))
    expect(page).to_have_title(re.compile(r"^Fout: "))
    _check_page(page, "inloggen, fout wachtwoord", municipality_with_work["secrets"])


# Per role, pages the crawl must have reached: its work, not just its start page and the footer.
MUST_REACH = {
    "anna": [r"^/dossiers/\?pagina=2$", r"^/dossiers/\d+/notities/$", r"^/dossiers/\d+/documenten/$",
             r"^/dossiers/nieuw/$"],
    "coach": [r"^/dossiers/\d+/gezinsplan/leefgebied/\d+/$", r"^/dossiers/\d+/maatwerkverzoek/$"],
    "zorgplein": [r"^/zorgplein/verzoeken/\d+/$"],
    "intake": [r"^/signalen/\d+/beoordelen/$"],
    "fg": [r"^/fg/buiten-toewijzing/\d+/$", r"^/fg/rapporten/$", r"^/fg/toegangslogboek/$"],
    "archief": [r"^/archief/vernietigingslijsten/\d+/controleren/$"],
    "teamlead": [r"^/dossiers/\d+/$"],
    "beheer": [r"^/$"],  # the administrator sees no client data; its work is Django's admin
}


@pytest.mark.parametrize("role", list(MUST_REACH))
def test_every_page_a_role_reaches_is_accessible(live_server, page, municipality_with_work, role):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, municipality_with_work[role])
    seen = crawl(page, live_server.url, municipality_with_work["secrets"])
    missed = [pattern for pattern in MUST_REACH[role] if not any(re.search(pattern, path) for path in seen)]
    assert not missed, (missed, seen)
    print(f"{role}: {len(seen)} pages", *seen, sep="\n  ")


def test_a_form_error_and_the_404_page_are_accessible(live_server, page, municipality_with_work):
    data = municipality_with_work
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, data["anna"])
    page.goto(f"{live_server.url}/dossiers/nieuw/")
    go(page, page.get_by_role("button", name="Dossier openen"))  # nothing filled in
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.locator("[data-error-summary]")).to_be_focused()
    _check_page(page, "dossier openen, leeg verstuurd", data["secrets"])

    page.goto(f"{live_server.url}/dossiers/{data['cases'][0].pk}/notities/nieuw/")
    go(page, page.get_by_role("button", name="Notitie toevoegen"))
    expect(page).to_have_title(re.compile(r"^Fout: "))
    _check_page(page, "notitie, leeg verstuurd", data["secrets"])

    assert page.goto(f"{live_server.url}/dossiers/999999/").status == 404
    _check_page(page, "404", data["secrets"])


def test_the_check_fails_on_a_page_with_a_violation(page):
    """The check is not vacuous: a planted image without text alternative and an unlabeled
    field, under a Content-Security-Policy like the application's, fail it by name."""
    page.set_content('<!doctype html><html lang="nl"><head><meta http-equiv="Content-Security-Policy" '
                     "content=\"script-src 'self'\"><title>Proef</title></head><body><main><h1>Proef</h1>"
                     '<img src="/x.png"><input type="text"></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "proefpagina")
    assert "image-alt" in str(failure.value) and "label" in str(failure.value)
