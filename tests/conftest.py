import pytest
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import ConfidentialityAcknowledgement, Organisation
from accounts.services import add_to_team, create_team, ensure_roles, publish_confidentiality_text

from .factories import AgreementFactory, OrganisationFactory, UserFactory, make_case


def pytest_configure(config):
    """Test users get a cheap password hash. Production keeps Django's default (PBKDF2 with
    1,000,000 iterations, about 0.4 s a hash on this machine's cores), which every persona of
    every test paid when its password was set: minutes of the suite (issue 11: the budget for
    200 fuzz examples per form). No test is about the hash's strength; logging in with a
    password still runs the real check_password path."""
    from django.conf import settings
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser (DEPENDENCIES.md section 4)."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def statement(db):
    ensure_roles()
    return publish_confidentiality_text(text="Ik houd gegevens van inwoners geheim.")


@pytest.fixture
def municipality(db):
    return OrganisationFactory()


@pytest.fixture
def team_noord(municipality):
    return create_team(name="Noord", organisation=municipality)


@pytest.fixture
def team_zuid(municipality):
    return create_team(name="Zuid", organisation=municipality)


def _persona(username, role, *, statement, organisation=None, team=None, acknowledged=True, **kw):
    user = UserFactory(username=username, role=role, **({"organisation": organisation} if organisation else {}), **kw)
    if team is not None:
        add_to_team(user=user, team=team)
    if acknowledged:
        ConfidentialityAcknowledgement.objects.get_or_create(user=user, text=statement)
    return user


@pytest.fixture
def caseworker(statement, team_noord):
    return _persona("anna", roles.CASEWORKER, statement=statement, team=team_noord)


@pytest.fixture
def teammate(statement, team_noord):
    return _persona("noor", roles.CASEWORKER, statement=statement, team=team_noord)


@pytest.fixture
def other_caseworker(statement, team_zuid):
    return _persona("bram", roles.CASEWORKER, statement=statement, team=team_zuid)


@pytest.fixture
def team_lead(statement, team_noord):
    return _persona("teamlead", roles.TEAM_LEAD, statement=statement, team=team_noord)


@pytest.fixture
def buurtplein(db):
    return OrganisationFactory(name="Buurtplein B.V.", kind=Organisation.Kind.PROCESSOR)


@pytest.fixture
def coach_with_agreement(statement, buurtplein):
    AgreementFactory(organisation=buurtplein)
    return _persona("coach", roles.COACH, statement=statement, organisation=buurtplein)


@pytest.fixture
def coach_without_agreement(statement):
    org = OrganisationFactory(name="Laborijn", kind=Organisation.Kind.PROCESSOR)
    return _persona("laborijn", roles.COACH, statement=statement, organisation=org)


@pytest.fixture
def zorgplein_reviewer(statement):
    return _persona("zorgplein", roles.REVIEWER, statement=statement)


@pytest.fixture
def archivist(statement):
    return _persona("archief", roles.ARCHIVIST, statement=statement)


@pytest.fixture
def privacy_officer(statement):
    return _persona("fg", roles.PRIVACY_OFFICER, statement=statement)


@pytest.fixture
def administrator(statement):
    return _persona("beheer", roles.ADMINISTRATOR, statement=statement, is_staff=True,
                    is_superuser=True)


@pytest.fixture
def outsider(statement):
    return _persona("buitenstaander", "", statement=statement)


@pytest.fixture
def own_case(caseworker):
    return make_case(caseworker)


@pytest.fixture
def team_case(teammate, team_noord):
    return make_case(teammate, team=team_noord)


@pytest.fixture
def other_team_case(other_caseworker, team_zuid):
    return make_case(other_caseworker, team=team_zuid)


@pytest.fixture
def unassigned_case(caseworker):
    from cases.services import assign_case

    return assign_case(case=make_case(caseworker), actor=caseworker)


def verified_login(client, user):
    """Log in as after password and second factor (django-otp session key)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login(client):
    def _login(user):
        return verified_login(client, user)
    return _login


__all__ = ["Group"]


def verified(user):
    """The user as the gate sees them after both login factors (for direct gate calls)."""
    user.is_verified = lambda: True
    return user


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throwaway directory, never into var/."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "files")}}}


@pytest.fixture
def retention_rules(db):
    """The Selectielijst 2020 rules (a data migration loads them; a transactional test's flush
    removes them, so tests that need them load them again, idempotently)."""
    from retention import schedule
    from retention.models import RetentionRule

    schedule.load(RetentionRule)
    return RetentionRule.objects.all()


@pytest.fixture
def settings_files(settings):
    """The directory the documents of this test are stored in (see _files_in_tmp)."""
    from pathlib import Path

    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])
