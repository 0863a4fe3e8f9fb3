"""What the browser tests share: signing in, moving between pages, assertions that wait.

A click that submits a form or follows a link starts a navigation; Playwright's `click()` returns
once it has started, not once the new page is there. An assertion read at once (`is_visible()`,
`inner_text()`, `count()`) can then see the old page or a half-parsed new one, which is how a
browser test failed in CI while passing here. So every navigation goes through `go()`, which waits
for the new page's load, and every assertion on the page is Playwright's `expect`, which retries
until it holds or its timeout ends.
"""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .factories import PASSWORD
from .screens import SCREENSHOTS

__all__ = ["PASSWORD", "go", "shot", "sign_in", "totp_code"]

# A fresh CI machine starts Chromium and the live server cold; 5 s (the default) is too tight there.
expect.set_options(timeout=15_000)


def totp_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def shot(page, name):
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
