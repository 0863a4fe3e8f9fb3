"""Residents and dossiers (issue 4): identity, representation, notes and documents,
transparency, missing information, closing."""

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from audit.models import AccessLogEntry
from cases import rules, services
from cases.models import (
    Case,
    CaseResult,
    Document,
    IdentityCheck,
    MissingInformation,
    Note,
    ReductionRecord,
    Representation,
    Resident,
    TransparencyNotice,
)
from core.errors import ApplicationError
from processors.models import DataCategory, Purpose

from .conftest import verified_login
from .factories import PDF_BYTES, PNG_BYTES, make_case, make_document, make_resident, next_bsn

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _ready(case, actor, *, identity=True, told=True):
    if identity:
        services.record_identity_check(case=case, actor=actor, document_type="passport", checked_on=TODAY)
    if told:
        services.record_transparency(case=case, actor=actor, kind="informed", informed_on=TODAY, method="letter")


# --- P-2.1.6: who acts ------------------------------------------------------------------

@pytest.mark.policy("P-2.1.6")
@pytest.mark.parametrize("on, age, representative, resident, informed, wishes", [
    (dt.date(2026, 3, 9), 11, True, False, True, False),  # day before the 12th birthday
    (dt.date(2026, 3, 10), 12, True, True, False, True),  # the 12th birthday
    (dt.date(2030, 3, 9), 15, True, True, False, True),  # day before the 16th birthday
    (dt.date(2030, 3, 10), 16, False, True, False, False),  # the 16th birthday: acts alone
])
def test_representation_at_the_12th_and_16th_birthday(on, age, representative, resident, informed, wishes):
    outcome = rules.representation_on(dt.date(2014, 3, 10), on)
    assert outcome.age == age
    assert outcome.representative_acts is representative
    assert outcome.resident_acts is resident
    assert outcome.child_informed is informed
    assert outcome.child_wishes_recorded is wishes


@pytest.mark.policy("P-2.1.6")
def test_born_on_29_february_at_the_12th_and_16th_birthday():
    """12 and 16 are multiples of 4: those birthdays fall in leap years and are 29 February."""
    born = dt.date(2012, 2, 29)
    assert rules.representation_on(born, dt.date(2024, 2, 28)).age == 11
    assert rules.representation_on(born, dt.date(2024, 2, 29)).child_wishes_recorded
    assert rules.representation_on(born, dt.date(2028, 2, 28)).child_wishes_recorded
    sixteen = rules.representation_on(born, dt.date(2028, 2, 29))
    assert sixteen.age == 16 and sixteen.resident_acts and not sixteen.representative_acts


@pytest.mark.policy("P-2.1.6")
def test_born_on_29_february_turns_a_year_older_on_1_march_in_a_common_year():
    born = dt.date(2012, 2, 29)
    assert rules.representation_on(born, dt.date(2025, 2, 28)).age == 12
    assert rules.representation_on(born, dt.date(2025, 3, 1)).age == 13


@pytest.mark.policy("P-2.1.6")
def test_disagreeing_custodial_parents_both_consent_and_adults_are_not_affected():
    child = rules.representation_on(dt.date(2018, 1, 1), TODAY, custodial_parents_disagree=True)
    assert child.both_parents_consent
    adult = rules.representation_on(dt.date(1980, 1, 1), TODAY, custodial_parents_disagree=True)
    assert not adult.both_parents_consent and adult.resident_acts


@pytest.mark.policy("P-2.1.6")
def test_incapacitated_adult_is_represented_and_offered_client_support(caseworker):
    outcome = rules.representation_on(dt.date(1950, 1, 1), TODAY, incapacitated=True)
    assert outcome.representative_acts and not outcome.resident_acts and outcome.client_support_offered
    case = make_case(caseworker, resident=make_resident(caseworker, date_of_birth=dt.date(1950, 1, 1)))
    with pytest.raises(ApplicationError, match="cliëntondersteuning"):
        services.record_representation_facts(case=case, actor=caseworker, incapacitated=True,
                                             custodial_parents_disagree=False, client_support_offered_on=None)
    services.record_representation_facts(case=case, actor=caseworker, incapacitated=True,
                                         custodial_parents_disagree=False,
                                         client_support_offered_on=dt.date(2026, 1, 2))
    case.refresh_from_db()
    assert case.incapacitated and case.client_support_offered_on == dt.date(2026, 1, 2)


@pytest.mark.policy("P-2.1.6")
def test_verified_custody_records_who_and_when(caseworker, own_case):
    rep = services.add_representative(case=own_case, actor=caseworker, kind="parent_custody", name="J. Jansen",
                                      custody_verified=True)
    assert rep.verified_by == caseworker and rep.verified_at is not None
    unverified = services.add_representative(case=own_case, actor=caseworker, kind="guardian", name="Voogd",
                                             custody_verified=False)
    assert unverified.verified_by is None and unverified.verified_at is None
    with pytest.raises(ApplicationError):
        services.add_representative(case=own_case, actor=caseworker, kind="uncle", name="X", custody_verified=False)


@pytest.mark.policy("P-2.1.6")
def test_household_page_shows_who_acts_for_a_child(client, caseworker):
    child = make_resident(caseworker, date_of_birth=dt.date(2016, 5, 1))
    case = make_case(caseworker, resident=child, statute=Purpose.JEUGDWET)
    verified_login(client, caseworker)
    with time_machine.travel(dt.datetime(2026, 6, 15, 12), tick=False):
        html = client.get(f"/dossiers/{case.pk}/huishouden/").content.decode()
    assert "10 jaar" in html and "Informeer het kind" in html


# --- P-2.1.5: BSN on the open-dossier screen, identity ----------------------------------

def _open_form(bsn, **extra):
    data = {"bsn": bsn, "first_names": "Fleur", "surname": "Testpersoon", "date_of_birth": "14-03-1980",
            "statute": "wmo", "legal_basis": "wmo_art_2_3_2", "request_text": "Hulp bij het huishouden."}
    data.update(extra)
    return data


@pytest.mark.policy("P-2.1.5")
def test_open_dossier_with_a_valid_new_bsn(client, caseworker):
    verified_login(client, caseworker)
    response = client.post("/dossiers/nieuw/", _open_form("0123.456.72"))
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/dossiers/{case.pk}/"
    assert case.resident.bsn == "012345672" and case.caseworker == caseworker
    assert "012345672" not in response.url


@pytest.mark.policy("P-2.1.5")
def test_open_dossier_with_an_invalid_bsn_writes_nothing(client, caseworker):
    verified_login(client, caseworker)
    response = client.post("/dossiers/nieuw/", _open_form("123456781"))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Fout: " in html
    assert "Dit BSN is niet geldig. Controleer de 9 cijfers." in html
    assert Resident.objects.count() == 0 and Case.objects.count() == 0


@pytest.mark.policy("P-2.1.5")
def test_open_dossier_with_a_duplicate_bsn_and_new_details_writes_nothing(client, caseworker):
    make_resident(caseworker, bsn="012345672")
    verified_login(client, caseworker)
    response = client.post("/dossiers/nieuw/", _open_form("012345672"))
    assert response.status_code == 200
    assert "Er is al een inwoner met dit BSN." in response.content.decode()
    assert Resident.objects.count() == 1 and Case.objects.count() == 0
    # Without new details the known resident is used.
    ok = client.post("/dossiers/nieuw/", _open_form("012345672", first_names="", surname="", date_of_birth=""))
    assert ok.status_code == 302 and Resident.objects.count() == 1 and Case.objects.count() == 1


@pytest.mark.policy("P-2.1.1")
def test_open_dossier_refuses_a_basis_of_another_statute_and_leaves_no_resident(client, caseworker):
    verified_login(client, caseworker)
    response = client.post("/dossiers/nieuw/", _open_form(next_bsn(), legal_basis="pw_art_7"))
    assert response.status_code == 200 and "past niet bij de gekozen wet" in response.content.decode()
    assert Resident.objects.count() == 0


@pytest.mark.policy("P-2.1.5")
def test_identity_check_date_may_not_be_in_the_future(client, caseworker, own_case):
    verified_login(client, caseworker)
    url = f"/dossiers/{own_case.pk}/inwoner/identiteit/"
    with time_machine.travel(dt.datetime(2026, 6, 15, 12), tick=False):
        future = client.post(url, {"document_type": "passport", "checked_on": "16-06-2026"})
        assert future.status_code == 200
        assert "De datum van de identiteitscontrole moet vandaag of eerder zijn." in future.content.decode()
        assert 'aria-invalid="true"' in future.content.decode()
        assert 'aria-describedby="id_checked_on_error id_checked_on_helptext"' in future.content.decode()
        ok = client.post(url, {"document_type": "id_card", "checked_on": "15-06-2026"}, follow=True)
    assert "Identiteitscontrole vastgelegd." in ok.content.decode()
    check = IdentityCheck.objects.get()
    assert check.checked_by == caseworker and check.case == own_case and check.document_type == "id_card"


@pytest.mark.policy("P-2.1.5")
def test_a_request_cannot_be_closed_before_identity_is_recorded(caseworker, own_case):
    _ready(own_case, caseworker, identity=False)
    with pytest.raises(ApplicationError, match="identiteitscontrole"):
        services.close_case(case=own_case, actor=caseworker, result=CaseResult.GRANTED)
    _ready(own_case, caseworker, told=False)
    assert services.close_case(case=own_case, actor=caseworker, result=CaseResult.GRANTED).status == "closed"


# --- P-2.2.1: notes and documents -------------------------------------------------------

@pytest.mark.policy("P-2.2.1")
def test_a_health_note_without_justification_is_refused(client, caseworker, own_case):
    verified_login(client, caseworker)
    url = f"/dossiers/{own_case.pk}/notities/nieuw/"
    response = client.post(url, {"text": "Heeft een hernia.", "category": "health", "is_working_note": "on"})
    assert response.status_code == 200 and "<title>Fout: " in response.content.decode()
    assert "Leg uit waarom deze bijzondere gegevens nodig zijn" in response.content.decode()
    assert Note.objects.count() == 0
    ok = client.post(url, {"text": "Heeft een hernia.", "category": "health", "justification": "Nodig voor de "
                           "indicatie huishoudelijke hulp.", "is_working_note": "on"})
    assert ok.status_code == 302 and Note.objects.get().is_working_note


@pytest.mark.policy("P-2.2.1")
def test_note_text_is_encrypted_and_kept_out_of_the_change_history(caseworker, own_case):
    from auditlog.models import LogEntry

    services.add_note(case=own_case, actor=caseworker, text="Geheime inhoud", category="ordinary",
                      is_working_note=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM cases_note")
        assert "Geheime inhoud" not in cursor.fetchone()[0]
    assert not any("Geheime inhoud" in str(e.changes) for e in LogEntry.objects.all())


def _upload(data, name):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.policy("P-2.2.1")
@pytest.mark.parametrize("data, name", [
    (PNG_BYTES, "advies.pdf"),  # accepted: judged by content, stored as PNG
    (b"MZ\x90\x00" + b"\x00" * 60, "programma.exe"),
    (b"MZ\x90\x00" + b"\x00" * 60, "advies.pdf"),
    (b"<html><script>alert(1)</script></html>", "advies.pdf"),
])
def test_document_type_is_checked_by_content(client, caseworker, own_case, data, name):
    verified_login(client, caseworker)
    response = client.post(f"/dossiers/{own_case.pk}/documenten/nieuw/", {
        "file": _upload(data, name), "name": "Advies", "category": "ordinary"})
    if data is PNG_BYTES:
        assert response.status_code == 302 and Document.objects.get().content_type == "image/png"
    else:
        assert response.status_code == 200
        assert "Dit bestand is geen PDF, PNG of JPEG." in response.content.decode()
        assert Document.objects.count() == 0


@pytest.mark.policy("P-2.2.1")
def test_document_larger_than_10_mb_is_refused(caseworker, own_case):
    with pytest.raises(ApplicationError, match="groter dan 10 MB"):
        make_document(own_case, caseworker, data=b"%PDF-" + b"0" * rules.MAX_DOCUMENT_BYTES)


@pytest.mark.policy("P-2.2.1")
def test_health_document_needs_a_justification(caseworker, own_case):
    with pytest.raises(ApplicationError, match="bijzondere gegevens"):
        make_document(own_case, caseworker, category=DataCategory.HEALTH)


@pytest.mark.policy("P-2.2.1")
@pytest.mark.policy("L-LOG")
def test_download_is_encrypted_at_rest_an_attachment_and_logged_as_export(client, caseworker, own_case):
    document = make_document(own_case, caseworker)
    with document.file.open("rb") as handle:
        assert b"%PDF" not in handle.read()  # encrypted on disk
    verified_login(client, caseworker)
    response = client.get(f"/dossiers/{own_case.pk}/documenten/{document.pk}/downloaden/")
    assert response.status_code == 200 and response.content == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert "Indicatieadvies" not in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT, case_id=own_case.pk,
                                         purpose="document_downloaden").count() == 1


@pytest.mark.policy("P-2.2.1")
def test_download_by_another_caseworker_is_404_and_not_an_export(client, caseworker, other_caseworker, own_case):
    document = make_document(own_case, caseworker)
    verified_login(client, other_caseworker)
    assert client.get(f"/dossiers/{own_case.pk}/documenten/{document.pk}/downloaden/").status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


@pytest.mark.policy("P-2.2.1")
def test_full_medical_file_is_reduced_and_the_surplus_destroyed(client, caseworker, own_case,
                                                                django_capture_on_commit_callbacks):
    full = make_document(own_case, caseworker, data=PDF_BYTES + b"x" * 5000, name="Volledig medisch dossier",
                         category=DataCategory.HEALTH, justification="Indicatie Wmo.")
    stored = full.file.name
    storage = full.file.storage
    verified_login(client, caseworker)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the change is committed
        response = client.post(f"/dossiers/{own_case.pk}/documenten/{full.pk}/reduceren/", {
            "kept_file": _upload(PDF_BYTES, "deel.pdf"), "kind": "Medisch dossier huisarts", "pages_removed": "11"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=full.pk).exists()
    assert not storage.exists(stored)
    record = ReductionRecord.objects.get()
    assert (record.pages_removed, record.bytes_removed, record.reduced_by) == (11, 5000, caseworker)
    assert record.kept.category == DataCategory.HEALTH
    assert {f.name for f in ReductionRecord._meta.fields} == {
        "id", "case", "kind", "pages_removed", "bytes_removed", "kept", "reduced_by", "reduced_at"}


# --- P-2.3.2: transparency --------------------------------------------------------------

@pytest.mark.policy("P-2.3.2")
def test_missing_transparency_warns_on_the_overview_and_blocks_closing(client, caseworker, own_case):
    _ready(own_case, caseworker, told=False)
    verified_login(client, caseworker)
    html = client.get(f"/dossiers/{own_case.pk}/").content.decode()
    assert "Nog niet vastgelegd hoe de inwoner is geïnformeerd" in html
    response = client.post(f"/dossiers/{own_case.pk}/afsluiten/", {"result": "granted"})
    assert response.status_code == 200 and "<title>Fout: " in response.content.decode()
    own_case.refresh_from_db()
    assert own_case.status == Case.Status.OPEN


@pytest.mark.policy("P-2.3.2")
def test_informed_needs_date_and_method(client, caseworker, own_case):
    verified_login(client, caseworker)
    url = f"/dossiers/{own_case.pk}/informeren/vastleggen/"
    missing = client.post(url, {"kind": "informed", "informed_on": "01-06-2026"})
    assert missing.status_code == 200 and "Kies hoe de inwoner is geïnformeerd." in missing.content.decode()
    ok = client.post(url, {"kind": "informed", "informed_on": "01-06-2026", "method": "phone"})
    assert ok.status_code == 302
    notice = TransparencyNotice.objects.get()
    assert (notice.informed_on, notice.method, notice.recorded_by) == (dt.date(2026, 6, 1), "phone", caseworker)
    assert "Nog niet vastgelegd" not in client.get(f"/dossiers/{own_case.pk}/").content.decode()


@pytest.mark.policy("P-2.3.2")
def test_transparency_unless_needs_a_reason_and_the_three_answers(caseworker, own_case):
    with pytest.raises(ApplicationError, match="waarom"):
        services.record_transparency(case=own_case, actor=caseworker, kind="unless", unless_reason="")
    with pytest.raises(ApplicationError, match="afgewogen"):
        services.record_transparency(case=own_case, actor=caseworker, kind="unless", unless_reason="crisis",
                                     risk="Acuut gevaar", weighing=" ", sharing="Alleen Veilig Thuis")
    notice = services.record_transparency(case=own_case, actor=caseworker, kind="unless", unless_reason="crisis",
                                          risk="Acuut gevaar", weighing="Veiligheid gaat voor",
                                          sharing="Alleen Veilig Thuis")
    assert notice.kind == TransparencyNotice.Kind.UNLESS
    _ready(own_case, caseworker, told=False)
    assert services.close_case(case=own_case, actor=caseworker, result="withdrawn").status == "closed"


# --- P-2.4: missing essential information -----------------------------------------------

@pytest.mark.policy("P-2.4")
@pytest.mark.policy("P-2.2.1")
def test_open_missing_information_blocks_a_decision_until_received(client, caseworker, own_case):
    _ready(own_case, caseworker)
    item = services.record_missing_information(case=own_case, actor=caseworker, description="Loonstroken",
                                               asked_on=TODAY, refused=True)
    with pytest.raises(ApplicationError, match="ontbreekt"):
        services.close_case(case=own_case, actor=caseworker, result=CaseResult.GRANTED)
    verified_login(client, caseworker)
    assert client.post(f"/dossiers/{own_case.pk}/ontbrekend/{item.pk}/ontvangen/").status_code == 302
    assert MissingInformation.objects.get().resolved_at is not None
    assert services.close_case(case=own_case, actor=caseworker, result=CaseResult.GRANTED).result == "granted"


@pytest.mark.policy("P-2.4")
def test_not_processed_only_while_information_is_missing(caseworker, own_case):
    _ready(own_case, caseworker)
    with pytest.raises(ApplicationError, match="alleen als er informatie ontbreekt"):
        services.close_case(case=own_case, actor=caseworker, result=CaseResult.NOT_PROCESSED)
    services.record_missing_information(case=own_case, actor=caseworker, description="Loonstroken",
                                        asked_on=TODAY, refused=True)
    assert services.close_case(case=own_case, actor=caseworker, result=CaseResult.NOT_PROCESSED).status == "closed"


@pytest.mark.policy("P-2.4")
def test_reasons_not_to_close_is_a_pure_rule():
    ready = rules.DossierFacts(identity_checked=True, resident_told=True, open_missing_information=0)
    assert rules.reasons_not_to_close(ready, decision=True) == []
    missing = rules.DossierFacts(identity_checked=True, resident_told=True, open_missing_information=1)
    assert len(rules.reasons_not_to_close(missing, decision=True)) == 1
    assert rules.reasons_not_to_close(missing, decision=False) == []


@pytest.mark.policy("P-2.4")
@pytest.mark.policy("L-LOG")
def test_the_letter_is_a_pdf_and_its_download_is_logged_as_export(client, caseworker, own_case):
    item = services.record_missing_information(case=own_case, actor=caseworker, description="Uw loonstroken van mei",
                                               asked_on=TODAY, refused=False)
    verified_login(client, caseworker)
    response = client.get(f"/dossiers/{own_case.pk}/ontbrekend/{item.pk}/brief/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT, case_id=own_case.pk).count() == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,  # noqa: S603, S607
                              check=True).stdout.decode()
        assert "geen besluit" in text and "Uw loonstroken van mei" in text and "Pagina 1 van 1" in text


@pytest.mark.policy("P-2.4")
def test_the_letter_puts_the_conclusion_first_in_plain_dutch(caseworker, own_case):
    from django.template.loader import render_to_string

    item = services.record_missing_information(case=own_case, actor=caseworker, description="Loonstroken",
                                               asked_on=TODAY, refused=False)
    html = render_to_string("cases/letters/missing_information.html",
                            {"case": own_case, "resident": own_case.resident, "items": [item], "today": TODAY})
    assert '<html lang="nl">' in html and "<title>" in html and 'counter(pages)' in html
    from weasyprint import HTML

    assert len(HTML(string=html).render().pages) == 1  # so the footer reads "Pagina 1 van 1"
    tagged = HTML(string=html).write_pdf(pdf_tags=True, uncompressed_pdf=True)
    assert b"/StructTreeRoot" in tagged and b"/Lang" in tagged  # tagged, with its language
    body = html.split("<body>")[1]
    assert body.index("geen besluit") < body.index("Loonstroken") < body.index("Wat u kunt doen")
    assert " je " not in body


# --- screens ----------------------------------------------------------------------------

@pytest.mark.policy("P-2.1.2")
def test_closed_dossier_refuses_writes_with_403(client, caseworker, own_case):
    _ready(own_case, caseworker)
    services.close_case(case=own_case, actor=caseworker, result=CaseResult.WITHDRAWN)
    verified_login(client, caseworker)
    assert client.get(f"/dossiers/{own_case.pk}/notities/").status_code == 200
    assert client.get(f"/dossiers/{own_case.pk}/notities/nieuw/").status_code == 403


@pytest.mark.policy("P-2.1.2")
def test_team_lead_assigns_a_dossier_to_a_teammate(client, team_lead, teammate, team_case, caseworker):
    verified_login(client, team_lead)
    response = client.post(f"/dossiers/{team_case.pk}/toewijzen/", {"caseworker": caseworker.pk, "team": ""})
    assert response.status_code == 302
    team_case.refresh_from_db()
    assert team_case.caseworker == caseworker and team_case.team is None
    verified_login(client, teammate)
    assert client.get(f"/dossiers/{team_case.pk}/").status_code == 404


def test_every_dossier_page_has_one_h1_and_no_bsn_in_the_title(client, caseworker, own_case):
    verified_login(client, caseworker)
    for part in ("", "inwoner/", "huishouden/", "notities/", "documenten/", "informeren/", "ontbrekend/",
                 "inzage/", "notities/nieuw/", "afsluiten/"):
        html = client.get(f"/dossiers/{own_case.pk}/{part}").content.decode()
        assert html.count("<h1") == 1, part
        title = html.split("<title>")[1].split("</title>")[0]
        assert own_case.resident.bsn not in title and own_case.resident.surname not in title
        assert own_case.number in title


def test_new_records_have_no_personal_data_in_str(caseworker, own_case):
    rep = Representation.objects.create(resident=own_case.resident, kind="guardian", name="Geheime Naam",
                                        recorded_by=caseworker)
    assert "Geheime" not in str(rep)


@pytest.mark.policy("P-2.1.2")
def test_emergency_access_shows_the_banner_on_every_page_and_no_write_actions(client, caseworker,
                                                                             other_caseworker, own_case):
    services.request_emergency_access(actor=other_caseworker, case=own_case, reason="stand_in",
                                      explanation="Collega is ziek, inwoner belt.")
    verified_login(client, other_caseworker)
    for part in ("", "inwoner/", "notities/", "documenten/", "inzage/"):
        html = client.get(f"/dossiers/{own_case.pk}/{part}").content.decode()
        assert "buiten je toewijzing" in html, part
        assert "Notitie toevoegen" not in html and "Dossier afsluiten" not in html
    assert client.get(f"/dossiers/{own_case.pk}/notities/nieuw/").status_code == 403
    assert client.post(f"/dossiers/{own_case.pk}/notities/nieuw/", {"text": "x", "category": "ordinary"}
                       ).status_code == 403
    assert Note.objects.count() == 0


def test_change_history_never_holds_an_encrypted_field():
    """Every model with client data is registered with auditlog, minus its encrypted fields."""
    from auditlog.registry import auditlog

    from cases import models
    from core.fields import EncryptedTextField

    for model in (models.Resident, models.Case, models.EmergencyAccess, models.IdentityCheck,
                  models.Representation, models.Note, models.Document, models.ReductionRecord,
                  models.TransparencyNotice, models.MissingInformation):
        assert model in auditlog._registry, model
        encrypted = {f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)}
        assert encrypted <= set(auditlog._registry[model]["exclude_fields"]), model


@pytest.mark.policy("L-LOG")
def test_the_timeline_shows_who_changed_what_without_content(client, caseworker, own_case):
    from cases.services import add_note

    from .conftest import verified_login

    add_note(case=own_case, actor=caseworker, text="Tijdlijn-geheim-8271 besproken.", category="ordinary",
             is_working_note=False)
    verified_login(client, caseworker)
    page = client.get(f"/dossiers/{own_case.pk}/tijdlijn/").content.decode()
    assert "Notitie aangemaakt" in page or "notitie aangemaakt" in page.lower()
    assert "Dossier aangemaakt" in page
    assert "Tijdlijn-geheim-8271" not in page and own_case.resident.surname not in page
