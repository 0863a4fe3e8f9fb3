"""End to end in Chromium: a partner signal arrives, intake rejects it as evidently wrong (P-2.2.3)."""

import json
import urllib.request

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from signals.models import DestroyedSignal, Signal

from ..screens import SCREENSHOTS


def _post_signal(base_url, key, content):
    request = urllib.request.Request(
        f"{base_url}/api/signalen/", method="POST",
        data=json.dumps({"content": content, "category": "rent_arrears"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the live test server)
        assert response.status == 201
        return json.loads(response.read())["id"]


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.mark.browser
@pytest.mark.policy("P-2.2.3")
@pytest.mark.django_db(transaction=True)
def test_intake_rejects_a_partner_signal_in_the_browser(page, live_server, intake_user, feed_key):
    device = TOTPDevice.objects.create(user=intake_user, name="telefoon", confirmed=True)
    pk = _post_signal(live_server.url, feed_key, "Huurachterstand van 3 maanden, kennelijk verkeerd adres.")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("intake")
    page.get_by_label("Wachtwoord").fill("Sterk-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(_code(device))
    page.get_by_role("button", name="Doorgaan").click()

    page.get_by_role("link", name="signalen in quarantaine").click()
    assert page.get_by_role("table").get_by_text("1 signalen in quarantaine").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "signals-queue.png"))
    page.get_by_role("link", name=f"Signaal {pk}").click()
    page.get_by_role("link", name="Signaal beoordelen").click()
    page.get_by_label("Kennelijk onjuist: het signaal wordt vernietigd").check()
    page.get_by_role("button", name="Doorgaan").click()

    assert page.get_by_text("Dit kan niet ongedaan worden gemaakt.").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "signals-check.png"))
    page.get_by_role("button", name=f"Vernietig signaal {pk} definitief").click()

    assert page.get_by_role("status").get_by_text("Signaal vernietigd.").is_visible()
    assert page.get_by_text("Er staan geen signalen in quarantaine.").is_visible()
    assert not Signal.objects.filter(pk=pk).exists()
    assert DestroyedSignal.objects.get(signal_ref=pk).assessor == intake_user
