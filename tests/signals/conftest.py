import datetime as dt

import pytest
from django.utils import timezone

from accounts import roles
from accounts.models import Organisation
from signals import services
from signals.models import Category, SourceKind

from ..conftest import _persona
from ..factories import OrganisationFactory


@pytest.fixture
def intake_user(statement):
    """The intake team member who assesses quarantined signals."""
    return _persona("intake", roles.INTAKE, statement=statement, first_name="Ilse", last_name="de Intake")


@pytest.fixture
def housing_corporation(db):
    return OrganisationFactory(name="Woonbedrijf ieder1", kind=Organisation.Kind.CHAIN_PARTNER)


@pytest.fixture
def rent_feed(housing_corporation):
    return services.register_feed(
        actor=None, organisation=housing_corporation, name="Huurachterstanden", category=Category.RENT_ARREARS,
        agreement_reference="Convenant vroegsignalering 2026-01", review_date=dt.date(2027, 6, 30))


@pytest.fixture
def feed_key(rent_feed):
    _, key = services.issue_partner_token(actor=None, feed=rent_feed)
    return key


def make_signal(*, content="Twee maanden huurachterstand.", actor=None, **kwargs):
    values = {"source_kind": SourceKind.PROFESSIONAL, "category": Category.SCHOOL_WORRY, "content": content,
              "received_at": timezone.now()}
    values.update(kwargs)
    return services.receive_signal(actor=actor, **values)


@pytest.fixture
def signal(db):
    return make_signal(subject_name="Jan Jansen")
