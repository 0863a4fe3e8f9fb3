import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from cases.models import Case, LegalBasis, Resident
from cases.rules import is_valid_bsn, normalise_bsn
from cases.services import open_case
from core.crypto import DecryptionError
from core.errors import ApplicationError
from processors.models import Purpose

from .factories import make_resident

pytestmark = pytest.mark.django_db


@pytest.mark.policy("P-2.1.5")
@pytest.mark.parametrize("bsn, valid", [
    ("111222333", True), ("123456782", True), ("012345672", True),  # leading zero kept
    ("123456781", False), ("12345678", False), ("1234567820", False), ("000000000", False),
    ("12345678a", False), ("１２３４５６７８２", False),  # full-width digits
])
def test_bsn_eleven_test(bsn, valid):
    assert is_valid_bsn(bsn) is valid


def test_bsn_accepts_spaces_dots_and_dashes():
    assert normalise_bsn(" 0123.456-72 ") == "012345672"


@pytest.mark.policy("P-2.1.5")
def test_invalid_and_duplicate_bsn_are_refused_with_a_clear_message(caseworker):
    with pytest.raises(ApplicationError, match="niet geldig"):
        make_resident(caseworker, bsn="123456781")
    make_resident(caseworker, bsn="012345672")
    with pytest.raises(ApplicationError, match="al een inwoner"):
        make_resident(caseworker, bsn="0123 456 72")
    assert Resident.objects.count() == 1
    assert Resident.objects.get().bsn == "012345672"


def test_identifying_fields_are_encrypted_at_rest(caseworker):
    resident = make_resident(caseworker, bsn="012345672", surname="Zwartjes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, surname FROM cases_resident WHERE id = %s", [resident.pk])
        raw_bsn, raw_surname = cursor.fetchone()
    assert "012345672" not in raw_bsn and raw_bsn.startswith("v1:")
    assert "Zwartjes" not in raw_surname
    assert Resident.objects.get(pk=resident.pk).surname == "Zwartjes"


def test_a_wrong_key_raises_instead_of_returning_ciphertext(caseworker, settings):
    resident = make_resident(caseworker)
    settings.FIELD_ENCRYPTION_KEYS = "other:" + "B" * 43 + "="
    with pytest.raises(DecryptionError):
        Resident.objects.get(pk=resident.pk)


def test_encrypted_fields_cannot_be_filtered_on(caseworker):
    with pytest.raises(FieldError):
        list(Resident.objects.filter(surname="Zwartjes"))


def test_key_rotation_re_encrypts_with_the_new_key(caseworker, settings):
    resident = make_resident(caseworker, surname="Roteer")
    old = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = "new:" + "C" * 43 + "=," + old
    call_command("reencrypt_fields")
    with connection.cursor() as cursor:
        cursor.execute("SELECT surname, date_of_birth FROM cases_resident WHERE id = %s", [resident.pk])
        assert all(value.startswith("v1:new:") for value in cursor.fetchone())
    settings.FIELD_ENCRYPTION_KEYS = "new:" + "C" * 43 + "="  # the old key removed
    assert Resident.objects.get(pk=resident.pk).surname == "Roteer"


@pytest.mark.policy("P-2.1.1")
def test_a_dossier_needs_a_statute_a_fitting_basis_and_a_stated_request(caseworker):
    resident = make_resident(caseworker)
    with pytest.raises(ApplicationError, match="hulpvraag"):
        open_case(actor=caseworker, resident=resident, statute=Purpose.WMO,
                  legal_basis=LegalBasis.WMO_TASK, request="   ")
    with pytest.raises(ApplicationError, match="wet"):
        open_case(actor=caseworker, resident=resident, statute="handel",
                  legal_basis=LegalBasis.WMO_TASK, request="Hulp")
    case = open_case(actor=caseworker, resident=resident, statute=Purpose.WMO,
                     legal_basis=LegalBasis.WMO_TASK, request="Hulp bij het huishouden")
    assert case.number.startswith("D-") and case.statute == Purpose.WMO


@pytest.mark.policy("P-2.3.1")
def test_consent_is_never_a_legal_basis(caseworker):
    assert not any("toestemming" in label.lower() or "consent" in value
                   for value, label in LegalBasis.choices)
    with pytest.raises(ApplicationError, match="grondslag"):
        open_case(actor=caseworker, resident=make_resident(caseworker), statute=Purpose.JEUGDWET,
                  legal_basis=LegalBasis.WMO_TASK, request="Jeugdhulp")
    with pytest.raises(ApplicationError):
        open_case(actor=caseworker, resident=make_resident(caseworker), statute=Purpose.WMO,
                  legal_basis="consent", request="Hulp")


@pytest.mark.policy("P-2.1.7")
def test_compulsory_framework_needs_the_court_order(caseworker):
    from django.db import IntegrityError, transaction

    resident = make_resident(caseworker)
    with pytest.raises(ApplicationError, match="uitspraak"):
        open_case(actor=caseworker, resident=resident, statute=Purpose.JEUGDWET,
                  legal_basis=LegalBasis.JW_TASK, request="OTS", compulsory_framework=True)
    case = open_case(actor=caseworker, resident=resident, statute=Purpose.JEUGDWET,
                     legal_basis=LegalBasis.JW_TASK, request="OTS", compulsory_framework=True,
                     court_order_reference="C/05/123456")
    case.court_order_reference = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()  # the database refuses it too
    assert Case.objects.get(pk=case.pk).court_order_reference == "C/05/123456"
