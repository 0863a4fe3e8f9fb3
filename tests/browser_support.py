"""What the browser tests share: signing in, moving between pages, assertions that wait.

A click that submits a form or follows a link starts a navigation; Playwright's `click()` returns
once it has started, not once the new page is there. An assertion read at once (`is_visible()`,
`inner_text()`, `count()`) can then see the old page or a half-parsed new one, which is how a
browser test failed in CI while passing here. So every navigation goes through `go()`, which waits
for the new page's load, and every assertion on the page is Playwright's `expect`, which retries
until it holds or its timeout ends.
"""

from pathlib import Path

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .factories import PASSWORD
from .screens import SCREENSHOTS

__all__ = ["PASSWORD", "assert_accessible", "go", "shot", "sign_in", "totp_code"]

# A fresh CI machine starts Chromium and the live server cold; 5 s (the default) is too tight there.
expect.set_options(timeout=15_000)


def totp_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def shot(page, name):
    """A screenshot of a state the docs show; each such state is also checked with axe-core."""
    assert_accessible(page, name)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def go(page, locator):
    """Click a link or submit button and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        locator.click()


def sign_in(page, base_url, user, *, device=None):
    """Sign in with password and authenticator code, as a user does; ends on the start page."""
    device = device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    go(page, page.get_by_role("button", name="Inloggen"))
    expect(page).to_have_url(f"{base_url}/inloggen/tweede-stap/")
    page.get_by_role("textbox", name="Code").fill(totp_code(device))
    go(page, page.get_by_role("button", name="Doorgaan"))
    expect(page).to_have_url(f"{base_url}/")
    return device


AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def assert_accessible(page, state):
    """UX.md section 5: axe-core on the page as it stands, WCAG 2.1 A and AA plus best practice
    (landmarks, headings). Any violation fails the test, named with its rule and elements; what
    axe could not decide ("incomplete", mostly contrast over images or gradients) is printed for
    a human to review. `state` says which state of the template this is, for the message.

    axe is evaluated through the DevTools protocol, not added as a <script>: the application's
    Content-Security-Policy forbids inline scripts, and the tests keep that policy switched on."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})",
        AXE_TAGS)
    for item in results["incomplete"]:
        print(f"axe, to review by hand ({state}): {item['id']}: {item['help']} "
              f"{[node['target'] for node in item['nodes']][:5]}")
    problems = [f"{v['id']} ({v['impact']}): {v['help']}; "
                f"{[node['target'] for node in v['nodes']][:5]}" for v in results["violations"]]
    assert not problems, f"axe-core, {state} ({page.url}):\n" + "\n".join(problems)
