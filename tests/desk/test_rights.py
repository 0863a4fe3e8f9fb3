"""Residents' rights: access (L-15) and rectification (L-16) requests with their one-month
deadline; the access export is complete (meta-test over all models) and holds nothing of
another resident (planted values)."""

import datetime as dt
import json

import pytest
from django.apps import apps

from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.models import Case, Note, Resident
from desk import export, rules
from desk.models import AccessRequest, RectificationRequest

from ..conftest import verified_login
from ..factories import make_case, make_document, make_resident
from ..test_permission_matrix import EXPECTATIONS, PERSONAS


@pytest.mark.policy("L-15")
@pytest.mark.policy("L-16")
@pytest.mark.parametrize(("received", "due"), [
    (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
    (dt.date(2025, 4, 30), dt.date(2025, 5, 30)),
    (dt.date(2025, 12, 15), dt.date(2026, 1, 15)),
])
def test_requests_are_answered_within_one_month(received, due):
    assert rules.answer_due_on(received) == due
    assert AccessRequest(received_on=received).answer_due_on == due
    assert RectificationRequest(received_on=received).answer_due_on == due


def _fks_to_resident_or_case():
    pairs = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (field.many_to_one or field.one_to_one) and field.related_model in (Resident, Case):
                pairs.setdefault(model._meta.label, set()).add(field.name)
    return pairs


@pytest.mark.policy("L-15")
def test_every_model_about_a_resident_or_dossier_is_exported_or_excluded_with_a_reason():
    pairs = _fks_to_resident_or_case()
    pairs.pop("cases.Case")  # the dossier itself: exported by its resident key
    assert set(export.INCLUDED["cases.Case"]) == {"resident"}
    unhandled = sorted(label for label in pairs if label not in export.INCLUDED and label not in export.EXCLUDED)
    assert unhandled == [], "add these to desk.export.INCLUDED or to EXCLUDED with a reason"
    for label, fks in pairs.items():
        if label in export.INCLUDED:
            assert set(export.INCLUDED[label]) == fks, label  # every key, so no row is missed
    assert all(len(reason) > 20 for reason in export.EXCLUDED.values())
    assert not set(export.INCLUDED) & set(export.EXCLUDED)
    # nothing stale: every listed model still exists
    for label in (*export.INCLUDED, *export.EXCLUDED):
        apps.get_model(label)


@pytest.mark.django_db
@pytest.mark.policy("L-15")
def test_the_export_holds_the_residents_planted_values_and_nothing_of_another(caseworker, privacy_officer):
    def planted(tag):
        resident = make_resident(caseworker, first_names=f"Voornaam{tag}", surname=f"Achternaam{tag}",
                                 address=f"Adres{tag} 1", email=f"{tag.lower()}@example.org")
        case = make_case(caseworker, resident=resident)
        Note.objects.create(case=case, text=f"Notitie{tag}", author=caseworker)
        make_document(case, caseworker, name=f"Document{tag}")
        AccessRequest.objects.create(resident=resident, received_on=dt.date(2025, 3, 1),
                                     outcome_note=f"Toelichting{tag}", registered_by=privacy_officer)
        log_access(actor=caseworker, events=[AccessEvent(action=AccessLogEntry.Action.READ, case_id=case.pk,
                                                         resident_id=resident.pk, purpose="dossier")])
        return resident, case

    mine, my_case = planted("ALFA")
    planted("BRAVO")
    data = export.export_resident(mine)
    text = json.dumps(data, ensure_ascii=False)
    for value in ("VoornaamALFA", "AchternaamALFA", "AdresALFA 1", "alfa@example.org", "NotitieALFA",
                  "DocumentALFA", "ToelichtingALFA", mine.bsn, my_case.number):
        assert value in text, value
    assert "BRAVO" not in text and "bravo" not in text
    assert data["wie_keek"] and data["wie_keek"][0]["aantal"] >= 1
    assert "bsn_hash" not in text and caseworker.username not in text


# --- screens -------------------------------------------------------------------------------

@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.mark.django_db
@pytest.mark.policy("L-15")
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_access_export_is_for_the_privacy_officer_only(client, people, persona):
    resident = make_resident(people["caseworker"])
    item = AccessRequest.objects.create(resident=resident, received_on=dt.date(2025, 3, 1),
                                        registered_by=people["privacy_officer"])
    verified_login(client, people[persona])
    rectification = RectificationRequest.objects.create(resident=resident, received_on=dt.date(2025, 3, 1),
                                                        registered_by=people["privacy_officer"])
    for route, kind in EXPECTATIONS.items():
        if kind == "desk_record" and "rechten" in route:
            pk = rectification.pk if "rectificatie" in route else item.pk
            response = client.get("/" + route.replace("<int:pk>", str(pk)))
            assert response.status_code == (200 if persona == "privacy_officer" else 404), persona
    assert client.post("/fg/rechten/", {}).status_code == (400 if persona == "privacy_officer" else 404)


@pytest.mark.django_db
@pytest.mark.policy("L-15")
@pytest.mark.policy("L-16")
def test_registering_requests_and_downloading_the_overview(client, privacy_officer, caseworker):
    resident = make_resident(caseworker, surname="Planting")
    verified_login(client, privacy_officer)
    for kind in ("inzage", "rectificatie"):
        response = client.post("/fg/rechten/", {"kind": kind, "bsn": resident.bsn, "received_on": "2025-01-31"})
        assert response.status_code == 302 and resident.bsn not in response.url
    assert AccessRequest.objects.get().resident == resident
    assert RectificationRequest.objects.get().answer_due_on == dt.date(2025, 2, 28)
    html = client.get("/fg/rechten/").content.decode()
    assert "28 februari 2025" in html and resident.bsn not in html
    item = AccessRequest.objects.get()
    response = client.get(f"/fg/rechten/inzage/{item.pk}/overzicht/")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["inwoner"]["surname"] == "Planting"
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="export", resident_id=resident.pk,
                                         purpose="fg_inzageverzoek").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    ({}, "Kies de soort verzoek."),
    ({"kind": "inzage", "bsn": "12", "received_on": "2025-01-31"}, "elfproef"),
    ({"kind": "inzage", "bsn": "111222333", "received_on": "2025-01-31"}, "Er is geen inwoner met dit BSN."),
    ({"kind": "inzage", "bsn": "111222333", "received_on": "2999-01-01"}, "niet in de toekomst"),
    ({"kind": "inzage", "bsn": "111222333", "received_on": "morgen"}, "Vul een geldige datum in"),
])
def test_bad_input_on_requests_gives_a_clear_dutch_message(client, privacy_officer, data, message):
    verified_login(client, privacy_officer)
    response = client.post("/fg/rechten/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not AccessRequest.objects.exists()


def _pdf_text(pdf: bytes) -> str:
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian package poppler-utils) is needed to read the PDF back")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,  # noqa: S603, S607
                          check=True).stdout.decode()


@pytest.mark.django_db
@pytest.mark.policy("L-15")
def test_the_pdf_export_holds_the_residents_planted_values_recipients_and_nothing_of_another(
        client, caseworker, privacy_officer):
    from accounts.models import Organisation
    from disclosures.models import Disclosure

    def planted(tag):
        resident = make_resident(caseworker, first_names=f"Voornaam{tag}", surname=f"Achternaam{tag}",
                                 address=f"Adres{tag} 1", email=f"{tag.lower()}@example.org")
        case = make_case(caseworker, resident=resident)
        Note.objects.create(case=case, text=f"Notitie{tag}", author=caseworker)
        make_document(case, caseworker, name=f"Document{tag}")
        org = Organisation.objects.create(name=f"Ontvanger{tag}", kind=Organisation.Kind.STATUTORY_BODY)
        Disclosure.objects.create(case=case, recipient=org, recipient_kind=org.kind, legal_ground="wmo_5_2_6",
                                  purpose="wmo", categories=["contact"], decided_by=caseworker,
                                  recorded_by=caseworker, client_informed="informed")
        log_access(actor=caseworker, events=[AccessEvent(action=AccessLogEntry.Action.READ, case_id=case.pk,
                                                         resident_id=resident.pk, purpose="dossier")])
        return resident, case, AccessRequest.objects.create(
            resident=resident, received_on=dt.date(2025, 3, 1), outcome_note=f"Toelichting{tag}",
            registered_by=privacy_officer)

    mine, my_case, item = planted("ALFA")
    planted("BRAVO")
    verified_login(client, privacy_officer)
    response = client.get(f"/fg/rechten/inzage/{item.pk}/overzicht.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(_pdf_text(response.content).split())
    for value in ("VoornaamALFA", "AchternaamALFA", "AdresALFA 1", "alfa@example.org", "NotitieALFA",
                  "DocumentALFA", "ToelichtingALFA", "OntvangerALFA", mine.bsn, my_case.number,
                  "Aan wie uw gegevens zijn verstrekt", "Wie uw gegevens bekeek", "consulent"):
        assert value in text, value
    assert "BRAVO" not in text and "bravo" not in text and caseworker.username not in text
    # the JSON and the PDF are one export: every planted JSON value is in the PDF
    data = json.loads(client.get(f"/fg/rechten/inzage/{item.pk}/overzicht/").content)
    assert data["disclosures.Disclosure"][0]["recipient"] == "OntvangerALFA"
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="export", resident_id=mine.pk,
                                         purpose="fg_inzageverzoek", detail=f"inzageverzoek:{item.pk}:pdf").exists()
