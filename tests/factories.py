import datetime as dt
import itertools

import factory
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Organisation, User
from cases.models import Case, LegalBasis
from cases.rules import is_valid_bsn
from cases.services import create_resident, open_case
from processors.models import DataCategory, ProcessorAgreement, Purpose

_bsn_numbers = (str(n) for n in itertools.count(200_000_000) if is_valid_bsn(str(n)))


def next_bsn() -> str:
    return next(_bsn_numbers)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Gemeente Doetinchem"
    kind = Organisation.Kind.MUNICIPALITY


PASSWORD = "Sterk-wachtwoord-2026"  # every test user's password


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(Group.objects.get_or_create(name=extracted)[0])
        obj.save()


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessorAgreement

    organisation = factory.SubFactory(OrganisationFactory, name="Buurtplein B.V.",
                                      kind=Organisation.Kind.PROCESSOR)
    reference = factory.Sequence(lambda n: f"VO-{n:04d}")
    purposes = factory.LazyFunction(lambda: [Purpose.WMO, Purpose.JEUGDWET])
    data_categories = factory.LazyFunction(lambda: [DataCategory.ORDINARY, DataCategory.HEALTH])
    security_measures = "BIO"
    starts_on = dt.date(2025, 1, 1)
    ends_on = dt.date(2030, 12, 31)


_surnames = itertools.count(1)


def make_resident(actor, **overrides):
    values = {"bsn": next_bsn(), "first_names": "Test", "surname": f"Inwoner{next(_surnames):04d}",
              "date_of_birth": dt.date(1970, 1, 1)}
    values.update(overrides)
    return create_resident(actor=actor, **values)


def make_case(actor, *, team=None, statute=Purpose.WMO, resident=None, **kwargs) -> Case:
    basis = {Purpose.WMO: LegalBasis.WMO_TASK, Purpose.JEUGDWET: LegalBasis.JW_TASK,
             Purpose.PARTICIPATIEWET: LegalBasis.PW_OBLIGATION, Purpose.WGS: LegalBasis.WGS_TASK}
    resident = resident or make_resident(actor)
    return open_case(actor=actor, resident=resident, statute=statute, legal_basis=basis[statute],
                     request=kwargs.pop("request", "Hulp bij het huishouden."), team=team, **kwargs)


__all__ = ["roles"]


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_document(case, actor, *, data=PDF_BYTES, name="Indicatieadvies", category=DataCategory.ORDINARY,
                  justification=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.services import add_document

    upload = SimpleUploadedFile("bestand.pdf", data, content_type="application/pdf")
    return add_document(case=case, actor=actor, upload=upload, name=name, category=category,
                        justification=justification)


def make_archived_case(actor, *, closed_at, statute=Purpose.WMO, result="granted", team=None, resident=None,
                       status=Case.Status.ARCHIVED, documents=0) -> Case:
    """Trait "archived": a closed, cleaned dossier in the archive, closed at `closed_at`
    (the closing guards are tested in test_dossiers; here only the retention facts matter)."""
    case = make_case(actor, statute=statute, team=team, resident=resident)
    for _ in range(documents):
        make_document(case, actor)
    archived = status == Case.Status.ARCHIVED
    Case.objects.filter(pk=case.pk).update(status=status, result=result, closed_at=closed_at,
                                           cleaned_at=closed_at, archived_at=closed_at if archived else None)
    case.refresh_from_db()
    return case
