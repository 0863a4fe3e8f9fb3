"""The disclosure register and its guards (issue 7): every refusal is tested beside its allowed
side, at the boundary day where a date decides."""

import datetime as dt
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from guardian.shortcuts import assign_perm

from accounts import roles
from accounts.models import Organisation
from audit.models import AccessLogEntry
from cases.access import access_case
from cases.selectors import cases_for_user
from core.errors import ApplicationError
from disclosures import selectors, services
from disclosures.models import (
    ClientInformedDecision,
    Disclosure,
    LegalGround,
    Objection,
)
from processors.models import DataCategory, Purpose

from .conftest import _persona, verified
from .factories import AgreementFactory, OrganisationFactory, make_case

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 3, 10)


def at(day: dt.date, hour=10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMS), tick=False)


@pytest.fixture
def veilig_thuis(db):
    return OrganisationFactory(name="Veilig Thuis Noord- en Oost-Gelderland", kind=Organisation.Kind.STATUTORY_BODY)


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Politie Oost-Nederland", kind=Organisation.Kind.ENFORCEMENT)


@pytest.fixture
def processor(db):
    return OrganisationFactory(name="Buurtplein B.V.", kind=Organisation.Kind.PROCESSOR)


@pytest.fixture
def attention_officer(statement, municipality):
    return _persona("af", roles.AF, statement=statement)


@pytest.fixture
def anna(caseworker):
    return verified(caseworker)


@pytest.fixture
def case(anna, team_noord):
    return make_case(anna, team=team_noord)


def disclose(actor, case, recipient, **overrides):
    values = {"actor": actor, "case": case, "recipient": recipient, "legal_ground": LegalGround.AVG_6_1_E,
                  "purpose": case.statute, "categories": [DataCategory.ORDINARY], "items": ["resident.name"],
                  "decided_by": actor, "client_informed": ClientInformedDecision.INFORMED, "informed_on": TODAY}
    values.update(overrides)
    return services.record_disclosure(**values)


# P-3 -----------------------------------------------------------------------------------------

@pytest.mark.policy("P-3")
def test_transfer_to_processor_whose_agreement_ended_yesterday_is_refused(anna, case, processor):
    AgreementFactory(organisation=processor, starts_on=dt.date(2025, 1, 1), ends_on=TODAY - dt.timedelta(days=1))
    with at(TODAY), pytest.raises(ApplicationError, match="geen verwerkersovereenkomst"):
        disclose(anna, case, processor)
    assert not Disclosure.objects.exists()


@pytest.mark.policy("P-3")
def test_transfer_to_processor_is_allowed_on_the_last_day_of_its_agreement(anna, case, processor):
    AgreementFactory(organisation=processor, starts_on=dt.date(2025, 1, 1), ends_on=TODAY)
    with at(TODAY, hour=23):
        disclosure = disclose(anna, case, processor)
    assert disclosure.recipient_kind == Organisation.Kind.PROCESSOR


@pytest.mark.policy("P-3")
def test_agreement_must_cover_every_category_sent(anna, case, processor):
    AgreementFactory(organisation=processor, data_categories=[DataCategory.ORDINARY])
    with at(TODAY), pytest.raises(ApplicationError, match="geen verwerkersovereenkomst"):
        disclose(anna, case, processor, items=["resident.name", "case.request"])  # hulpvraag: health
    with at(TODAY):
        disclose(anna, case, processor, items=["resident.name"])


@pytest.mark.policy("P-3")
def test_agreement_must_cover_the_purpose_of_the_dossier(anna, team_noord, processor):
    AgreementFactory(organisation=processor, purposes=[Purpose.JEUGDWET])
    wmo_case = make_case(anna, team=team_noord, statute=Purpose.WMO)
    with at(TODAY), pytest.raises(ApplicationError, match="geen verwerkersovereenkomst"):
        disclose(anna, wmo_case, processor)


@pytest.mark.policy("P-3")
@pytest.mark.policy("P-1.1")
def test_coach_of_an_organisation_whose_agreement_ended_yesterday_gets_404_on_all_client_data(
        statement, anna, case, processor):
    AgreementFactory(organisation=processor, starts_on=dt.date(2025, 1, 1), ends_on=TODAY - dt.timedelta(days=1))
    coach = verified(_persona("coach", roles.COACH, statement=statement, organisation=processor))
    assign_perm("cases.view_case", coach, case)
    with at(TODAY - dt.timedelta(days=1)):
        assert access_case(coach, case.pk) == case  # the last day: still allowed
        assert list(cases_for_user(coach)) == [case]
    with at(TODAY):
        with pytest.raises(Http404):
            access_case(coach, case.pk)
        assert list(cases_for_user(coach)) == []
        assert list(selectors.reminders_due(coach, TODAY)) == []


@pytest.mark.policy("P-3")
def test_statutory_body_is_an_independent_controller_and_needs_no_agreement(anna, case, veilig_thuis):
    with at(TODAY):
        disclosure = disclose(anna, case, veilig_thuis, legal_ground=LegalGround.WMO_5_2_6)
    assert disclosure.statutory and disclosure.recipient_kind == Organisation.Kind.STATUTORY_BODY


@pytest.mark.policy("P-3")
def test_expiry_warning_starts_60_days_before_the_last_day(processor):
    from processors.rules import expires_within
    from processors.tasks import warn_expiring_agreements

    agreement = AgreementFactory(organisation=processor, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 6, 30))
    assert not expires_within(agreement, today=dt.date(2026, 4, 30))  # 61 days
    assert expires_within(agreement, today=dt.date(2026, 5, 1))  # 60 days
    assert expires_within(agreement, today=dt.date(2026, 6, 30))
    assert not expires_within(agreement, today=dt.date(2026, 7, 1))  # no longer in force
    with at(dt.date(2026, 5, 1)):
        assert warn_expiring_agreements() == {"expiring": 1, "references": [agreement.reference]}
    with at(dt.date(2026, 4, 30)):
        assert warn_expiring_agreements()["expiring"] == 0


# P-2.1.3 -------------------------------------------------------------------------------------

@pytest.mark.policy("P-2.1.3")
def test_disclosure_to_police_without_confront_first_or_safety_reason_is_refused(anna, case, police):
    with at(TODAY), pytest.raises(ApplicationError, match="eerst hebt geconfronteerd"):
        disclose(anna, case, police)
    assert not Disclosure.objects.exists()


@pytest.mark.policy("P-2.1.3")
def test_confrontation_date_may_not_lie_in_the_future(anna, case, police):
    with at(TODAY), pytest.raises(ApplicationError, match="vandaag of eerder"):
        disclose(anna, case, police, client_confronted_on=TODAY + dt.timedelta(days=1))


@pytest.mark.policy("P-2.1.3")
def test_disclosure_to_police_after_confrontation_or_for_safety_is_flagged(anna, case, police):
    with at(TODAY):
        confronted = disclose(anna, case, police, client_confronted_on=TODAY)
        safety = disclose(anna, case, police, safety_reason="Direct gevaar voor de kinderen in het gezin.")
    assert confronted.flagged_for_privacy_officer and safety.flagged_for_privacy_officer
    assert safety.safety_reason.startswith("Direct gevaar")


# P-2.3.3 -------------------------------------------------------------------------------------

THREE = {"safety_interest": "Vermoeden van kindermishandeling, direct risico.",
             "weighing": "Spreken brengt het kind in gevaar; zwijgen is tijdelijk.",
             "who_gets_what": "Alleen Veilig Thuis krijgt naam, adres en hulpvraag."}


def follow_meldcode_to_step_2(anna, case):
    from meldcode.services import record_step

    record_step(actor=anna, case=case, number=1, note="Blauwe plekken gezien bij het jongste kind.")
    record_step(actor=anna, case=case, number=2, note="Besproken met Veilig Thuis, anoniem advies.",
                consultee_external="Veilig Thuis, anoniem advies")


def not_informed(anna, case, recipient, consultation, *, meldcode=True, **kw):
    from meldcode.selectors import has_consulted

    if meldcode and not has_consulted(case):
        follow_meldcode_to_step_2(anna, case)
    return disclose(anna, case, recipient, legal_ground=LegalGround.WMO_5_2_6,
                    client_informed=ClientInformedDecision.NOT_INFORMED, informed_on=None,
                    consultation=consultation, **{**THREE, **kw})


@pytest.mark.policy("P-2.3.3")
def test_not_informing_needs_the_consultation_recorded_by_the_attention_officer(
        anna, case, veilig_thuis, attention_officer):
    with at(TODAY):
        with pytest.raises(ApplicationError, match="na een consultatie"):
            not_informed(anna, case, veilig_thuis, None)
        consultation = services.request_consultation(actor=anna, case=case, consultee=attention_officer,
                                                     question="Mag ik melden zonder de ouders te informeren?")
        with pytest.raises(ApplicationError, match="advies nog niet"):
            not_informed(anna, case, veilig_thuis, consultation)
        with pytest.raises(ApplicationError, match="Alleen de geraadpleegde"):
            services.answer_consultation(actor=anna, consultation=consultation, advice="Ik vind het goed zo.")
        services.answer_consultation(actor=attention_officer, consultation=consultation,
                                     advice="Melden bij Veilig Thuis, ouders nog niet informeren.")
        consultation.refresh_from_db()
        disclosure = not_informed(anna, case, veilig_thuis, consultation)
    assert disclosure.flagged_for_privacy_officer
    assert disclosure.consultation == consultation


@pytest.mark.policy("P-2.3.3")
def test_not_informing_needs_the_meldcode_followed_to_the_consultation(anna, case, veilig_thuis,
                                                                       attention_officer):
    with at(TODAY):
        consultation = services.request_consultation(actor=anna, case=case, consultee=attention_officer,
                                                     question="Mag ik melden zonder te informeren?")
        services.answer_consultation(actor=attention_officer, consultation=consultation,
                                     advice="Ja, melden zonder eerst te informeren.")
        consultation.refresh_from_db()
        with pytest.raises(ApplicationError, match="meldcode"):
            not_informed(anna, case, veilig_thuis, consultation, meldcode=False)
        assert not Disclosure.objects.exists()
        follow_meldcode_to_step_2(anna, case)
        assert not_informed(anna, case, veilig_thuis, consultation).flagged_for_privacy_officer


@pytest.mark.policy("P-2.3.3")
@pytest.mark.parametrize("missing", ["safety_interest", "weighing", "who_gets_what"])
def test_not_informing_needs_all_three_answers(anna, case, veilig_thuis, attention_officer, missing):
    with at(TODAY):
        consultation = services.request_consultation(actor=anna, case=case, consultee=attention_officer,
                                                     question="Mag ik melden zonder te informeren?")
        services.answer_consultation(actor=attention_officer, consultation=consultation,
                                     advice="Ja, melden zonder eerst te informeren.")
        consultation.refresh_from_db()
        with pytest.raises(ApplicationError, match="drie vragen"):
            not_informed(anna, case, veilig_thuis, consultation, **{missing: ""})


@pytest.mark.policy("P-2.3.3")
def test_a_plain_colleague_may_be_consulted_only_with_a_reason(anna, case, teammate):
    with at(TODAY):
        with pytest.raises(ApplicationError, match="aandachtsfunctionaris of de teamleider"):
            services.request_consultation(actor=anna, case=case, consultee=teammate,
                                          question="Mag ik melden zonder te informeren?")
        consultation = services.request_consultation(
            actor=anna, case=case, consultee=teammate, question="Mag ik melden zonder te informeren?",
            colleague_reason="Aandachtsfunctionaris en teamleider zijn vandaag afwezig.")
    assert consultation.colleague_reason


@pytest.mark.policy("P-2.3.3")
def test_informing_later_needs_a_date_and_today_is_the_earliest(anna, case, veilig_thuis):
    kw = {"legal_ground": LegalGround.WMO_5_2_6, "client_informed": ClientInformedDecision.WILL_INFORM,
              "informed_on": None}
    with at(TODAY):
        with pytest.raises(ApplicationError, match="informeert"):
            disclose(anna, case, veilig_thuis, inform_on=None, **kw)
        with pytest.raises(ApplicationError, match="informeert"):
            disclose(anna, case, veilig_thuis, inform_on=TODAY - dt.timedelta(days=1), **kw)
        assert disclose(anna, case, veilig_thuis, inform_on=TODAY, **kw).inform_on == TODAY
        with pytest.raises(ApplicationError, match="is geïnformeerd"):
            disclose(anna, case, veilig_thuis, client_informed="")


# P-2.1.7 -------------------------------------------------------------------------------------

@pytest.mark.policy("P-2.1.7")
def test_compulsory_framework_needs_the_necessity_of_each_exchange(anna, team_noord, veilig_thuis):
    case = make_case(anna, team=team_noord, statute=Purpose.JEUGDWET, compulsory_framework=True,
                     court_order_reference="C/05/123456")
    with at(TODAY):
        with pytest.raises(ApplicationError, match="gedwongen kader"):
            disclose(anna, case, veilig_thuis, legal_ground=LegalGround.JW_7_4_4)
        first = disclose(anna, case, veilig_thuis, legal_ground=LegalGround.JW_7_4_4,
                         necessity="Nodig voor het onderzoek naar de veiligheid van het kind.")
        with pytest.raises(ApplicationError, match="gedwongen kader"):  # again for the next exchange
            disclose(anna, case, veilig_thuis, legal_ground=LegalGround.JW_7_4_4)
    assert first.necessity.startswith("Nodig")


# P-2.3.4 -------------------------------------------------------------------------------------

@pytest.mark.policy("P-2.3.4")
def test_undecided_objection_blocks_all_but_statutory_disclosures(anna, case, veilig_thuis, processor):
    AgreementFactory(organisation=processor)
    with at(TODAY):
        objection = services.register_objection(actor=anna, case=case, received_on=TODAY,
                                                grounds="Wil niet dat Buurtplein gegevens krijgt.")
        with pytest.raises(ApplicationError, match="nog niet besloten"):
            disclose(anna, case, processor)
        assert disclose(anna, case, veilig_thuis, legal_ground=LegalGround.WMO_5_2_6).statutory
        services.decide_objection(actor=anna, objection=objection, outcome=Objection.Outcome.LIMITED,
                                  considerations="Hulp beperkt tot wat de gegevens toelaten.")
        disclose(anna, case, processor)


@pytest.mark.policy("P-2.3.4")
def test_involuntary_service_needs_its_three_records(anna, case):
    full = {"outcome": Objection.Outcome.INVOLUNTARY, "considerations": "Veiligheid van het kind weegt zwaarder.",
                "resident_told_importance": True, "consulted": "Jeugdarts GGD (geanonimiseerd)",
                "resident_informed_on": TODAY}
    with at(TODAY):
        objection = services.register_objection(actor=anna, case=case, received_on=TODAY, grounds="Geen hulp.")
        for field, empty in (("resident_told_importance", False), ("consulted", ""),
                             ("resident_informed_on", None), ("considerations", "")):
            with pytest.raises(ApplicationError) as exc:
                services.decide_objection(actor=anna, objection=objection, **{**full, field: empty})
            assert exc.value.field == field
        decided = services.decide_objection(actor=anna, objection=objection, **full)
        with pytest.raises(ApplicationError, match="al besloten"):
            services.decide_objection(actor=anna, objection=objection, **full)
    assert decided.outcome == Objection.Outcome.INVOLUNTARY and not decided.undecided


# Register, log, gate -------------------------------------------------------------------------

@pytest.mark.policy("P-2.1.4")
def test_disclosure_row_is_append_only(anna, case, veilig_thuis):
    with at(TODAY):
        disclosure = disclose(anna, case, veilig_thuis, legal_ground=LegalGround.WMO_5_2_6)
    with pytest.raises(PermissionError):
        disclosure.save()
    with pytest.raises(PermissionError):
        disclosure.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE disclosures_disclosure SET purpose = 'wgs' WHERE id = %s", [disclosure.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM disclosures_disclosure WHERE id = %s", [disclosure.pk])


@pytest.mark.policy("P-2.1.4")
def test_disclosure_is_logged_as_export_and_stores_labels_not_values(anna, case, veilig_thuis):
    with at(TODAY):
        disclosure = disclose(anna, case, veilig_thuis, legal_ground=LegalGround.WMO_5_2_6,
                              items=["resident.bsn", "resident.name"])
    assert disclosure.items == [{"id": "resident.bsn", "label": "BSN"},
                                {"id": "resident.name", "label": "Naam van de inwoner"}]
    assert case.resident.bsn not in str(disclosure.items)
    assert AccessLogEntry.objects.filter(case_id=case.pk, action=AccessLogEntry.Action.EXPORT,
                                         detail=f"verstrekking:{disclosure.pk}").count() == 1


@pytest.mark.policy("P-2.1.2")
def test_only_someone_who_may_change_the_dossier_records_a_disclosure(statement, case, veilig_thuis,
                                                                      other_caseworker):
    with at(TODAY), pytest.raises(Http404):
        disclose(verified(other_caseworker), case, veilig_thuis, legal_ground=LegalGround.WMO_5_2_6)
    assert not Disclosure.objects.exists()


@pytest.mark.policy("P-2.1.4")
def test_statutory_ground_only_for_statutory_bodies_and_wpg_never_outgoing(anna, case, police, veilig_thuis):
    with at(TODAY):
        with pytest.raises(ApplicationError, match="alleen voor Veilig Thuis"):
            disclose(anna, case, police, legal_ground=LegalGround.WMO_5_2_6, client_confronted_on=TODAY)
        with pytest.raises(ApplicationError, match="Wet politiegegevens"):
            disclose(anna, case, veilig_thuis, legal_ground=LegalGround.WPG)


# P-2.1.4 statutory requests and the memo -----------------------------------------------------

def answered_request(anna, case, veilig_thuis, items, inform_on):
    request = services.register_statutory_request(actor=anna, case=case, requester=veilig_thuis,
                                                  received_on=TODAY, question="Informatie over het gezin.")
    return services.answer_statutory_request(actor=anna, statutory_request=request, items=items,
                                             legal_ground=LegalGround.WMO_5_2_6, inform_on=inform_on)


@pytest.mark.policy("P-2.1.4")
def test_memo_contains_what_was_provided_and_nothing_else(anna, team_noord, veilig_thuis):
    from .factories import make_resident

    resident = make_resident(anna, address="Kerkstraat 12, Doetinchem", phone="0612345678")
    case = make_case(anna, team=team_noord, resident=resident, request="Hulp bij opvoeding van Jip.")
    with at(TODAY):
        answered = answered_request(anna, case, veilig_thuis, ["resident.name", "resident.address"],
                                    TODAY + dt.timedelta(days=14))
    html = services.render_memo_html(statutory_request=answered, disclosure=answered.disclosure, case=case)
    pdf = services.export_memo(actor=anna, statutory_request=answered)
    assert pdf.startswith(b"%PDF") and answered.memo_size == len(pdf)
    texts = [html]
    if shutil.which("pdftotext"):
        extracted = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        texts.append(extracted.stdout.decode())
    for text in texts:
        assert "Kerkstraat 12" in text and resident.surname in text
        for absent in (resident.bsn, "0612345678", "Jip", "Telefoon", "Hulpvraag", "Geboortedatum"):
            assert absent not in text, absent
    assert '<html lang="nl">' in html
    assert AccessLogEntry.objects.filter(case_id=case.pk, action=AccessLogEntry.Action.EXPORT,
                                         purpose="memo_downloaden").count() == 1


@pytest.mark.policy("P-2.1.4")
def test_caseworker_is_reminded_on_the_agreed_day_until_the_client_is_told(anna, case, veilig_thuis, teammate):
    agreed = TODAY + dt.timedelta(days=14)
    with at(TODAY):
        answered = answered_request(anna, case, veilig_thuis, ["resident.name"], agreed)
    assert list(selectors.reminders_due(anna, agreed - dt.timedelta(days=1))) == []
    assert list(selectors.reminders_due(anna, agreed)) == [answered.disclosure]
    assert list(selectors.reminders_due(verified(teammate), agreed)) == []  # not their dossier
    with at(agreed):
        services.mark_client_informed(actor=anna, disclosure=answered.disclosure, informed_on=agreed)
    assert list(selectors.reminders_due(anna, agreed)) == []


@pytest.mark.policy("P-2.1.4")
def test_statutory_request_only_from_a_statutory_body_and_answered_once(anna, case, police, veilig_thuis):
    with at(TODAY):
        with pytest.raises(ApplicationError, match="Kies Veilig Thuis"):
            services.register_statutory_request(actor=anna, case=case, requester=police, received_on=TODAY,
                                                question="Gegevens graag.")
        answered = answered_request(anna, case, veilig_thuis, ["resident.name"], TODAY)
        with pytest.raises(ApplicationError, match="al beantwoord"):
            services.answer_statutory_request(actor=anna, statutory_request=answered, items=["resident.name"],
                                              legal_ground=LegalGround.WMO_5_2_6, inform_on=TODAY)
        with pytest.raises(ApplicationError, match="Kies welke gegevens"):
            request = services.register_statutory_request(actor=anna, case=case, requester=veilig_thuis,
                                                          received_on=TODAY, question="Nog een vraag.")
            services.answer_statutory_request(actor=anna, statutory_request=request, items=[],
                                              legal_ground=LegalGround.WMO_5_2_6, inform_on=TODAY)


@pytest.mark.policy("P-2.1.4")
def test_own_report_of_a_serious_threat_uses_the_same_record(anna, case, veilig_thuis):
    with at(TODAY):
        request = services.register_statutory_request(actor=anna, case=case, requester=veilig_thuis,
                                                      received_on=TODAY, question="Eigen melding.",
                                                      own_initiative=True)
        answered = services.answer_statutory_request(actor=anna, statutory_request=request,
                                                     items=["resident.name"], legal_ground=LegalGround.WMO_5_2_6,
                                                     inform_on=TODAY + dt.timedelta(days=3))
    assert answered.own_initiative and answered.disclosure.statutory
