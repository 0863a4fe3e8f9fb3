"""End to end in Chromium: a partner signal arrives, intake rejects it as evidently wrong (P-2.2.3)."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from signals.models import DestroyedSignal, Signal

from ..browser_support import assert_accessible, go, shot, sign_in


def _post_signal(base_url, key, content):
    request = urllib.request.Request(
        f"{base_url}/api/signalen/", method="POST",
        data=json.dumps({"content": content, "category": "rent_arrears"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the live test server)
        assert response.status == 201
        return json.loads(response.read())["id"]


@pytest.mark.browser
@pytest.mark.policy("P-2.2.3")
@pytest.mark.django_db(transaction=True)
def test_intake_rejects_a_partner_signal_in_the_browser(page, live_server, intake_user, feed_key):
    pk = _post_signal(live_server.url, feed_key, "Huurachterstand van 3 maanden, kennelijk verkeerd adres.")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, intake_user)

    go(page, page.get_by_role("link", name="signalen in quarantaine"))
    expect(page.get_by_role("table").get_by_text("1 signalen in quarantaine")).to_be_visible()
    shot(page, "signals-queue.png")
    go(page, page.get_by_role("link", name=f"Signaal {pk}"))
    go(page, page.get_by_role("link", name="Signaal beoordelen"))
    page.get_by_label("Kennelijk onjuist: het signaal wordt vernietigd").check()
    go(page, page.get_by_role("button", name="Doorgaan"))

    expect(page.get_by_text("Dit kan niet ongedaan worden gemaakt.")).to_be_visible()
    shot(page, "signals-check.png")
    go(page, page.get_by_role("button", name=f"Vernietig signaal {pk} definitief"))

    expect(page.get_by_role("status").get_by_text("Signaal vernietigd.")).to_be_visible()
    expect(page.get_by_text("Er staan geen signalen in quarantaine.")).to_be_visible()
    assert_accessible(page, "lege wachtrij, met melding")
    assert not Signal.objects.filter(pk=pk).exists()
    assert DestroyedSignal.objects.get(signal_ref=pk).assessor == intake_user
