"""Case meetings: resident present, or the reason plus the date they were told (P-2.2.3)."""

import datetime as dt

import pytest

from core.dates import today
from core.errors import ApplicationError
from signals import services
from signals.models import CaseMeeting

from ..conftest import verified_login
from ..factories import make_case

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.3")]


@pytest.fixture
def taken_up(intake_user, caseworker, signal):
    case = make_case(caseworker)
    return services.take_up(signal=signal, actor=intake_user, severity="middel", resident=case.resident, case=case)


def test_service_refuses_to_close_without_presence_or_inform_date(intake_user, taken_up, housing_corporation):
    meeting = services.save_meeting(actor=intake_user, signal=taken_up, held_on=today(),
                                    organisations=[housing_corporation], presence="absent", absence_reason="safety")
    with pytest.raises(ApplicationError):
        services.close_meeting(actor=intake_user, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == CaseMeeting.Status.OPEN
    services.save_meeting(actor=intake_user, signal=taken_up, meeting=meeting, held_on=today(),
                          organisations=[housing_corporation], presence="absent", absence_reason="safety",
                          informed_on=today() - dt.timedelta(days=1))
    assert services.close_meeting(actor=intake_user, meeting=meeting).status == CaseMeeting.Status.CLOSED


def test_present_resident_closes_meeting(intake_user, taken_up, housing_corporation):
    meeting = services.save_meeting(actor=intake_user, signal=taken_up, held_on=today(),
                                    organisations=[housing_corporation], presence="present")
    assert services.close_meeting(actor=intake_user, meeting=meeting).closed_by == intake_user


def test_meeting_only_for_taken_up_signal(intake_user, signal, housing_corporation):
    with pytest.raises(ApplicationError):
        services.save_meeting(actor=intake_user, signal=signal, held_on=today(),
                              organisations=[housing_corporation], presence="present")


def test_meeting_form_shows_error_and_keeps_meeting_open(client, intake_user, taken_up, housing_corporation):
    verified_login(client, intake_user)
    url = f"/signalen/{taken_up.pk}/casusoverleg/"
    response = client.post(url, {"held_on": today().strftime("%d-%m-%Y"), "organisations": [housing_corporation.pk],
                                 "presence": "absent", "absence_reason": "other", "actie": "afsluiten"})
    html = response.content.decode()
    assert response.status_code == 200 and "Vul in wanneer de inwoner is verteld" in html
    assert not CaseMeeting.objects.exists()
    response = client.post(url, {"held_on": today().isoformat(), "organisations": [housing_corporation.pk],
                                 "presence": "absent", "absence_reason": "other", "actie": "opslaan"})
    meeting = CaseMeeting.objects.get()
    assert response.status_code == 302 and meeting.status == CaseMeeting.Status.OPEN
    response = client.post(f"{url}{meeting.pk}/", {
        "held_on": today().isoformat(), "organisations": [housing_corporation.pk], "presence": "absent",
        "absence_reason": "other", "informed_on": today().isoformat(), "actie": "afsluiten"})
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.status == CaseMeeting.Status.CLOSED
