from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.errors import ApplicationError

from . import roles
from .models import ConfidentialityAcknowledgement, ConfidentialityText, Organisation, Team, User
from .rules import current_confidentiality_text, forget_request_memo

BACKUP_CODE_COUNT = 10


def acknowledge_confidentiality(*, actor: User, text_version: int) -> ConfidentialityAcknowledgement:
    """P-2.1.2: record that the user acknowledged this version of the statement."""
    text = current_confidentiality_text()
    if text is None or text.version != text_version:
        raise ApplicationError("De verklaring is intussen gewijzigd. Lees de nieuwe versie.")
    ack, _ = ConfidentialityAcknowledgement.objects.get_or_create(user=actor, text=text)
    forget_request_memo()
    return ack


def publish_confidentiality_text(*, text: str) -> ConfidentialityText:
    latest = current_confidentiality_text()
    if latest is not None and latest.text == text:
        return latest
    forget_request_memo()
    return ConfidentialityText.objects.create(version=(latest.version + 1 if latest else 1), text=text)


def ensure_roles() -> None:
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


def create_team(*, name: str, organisation: Organisation) -> Team:
    group, _ = Group.objects.get_or_create(name=f"team:{name}")
    team, _ = Team.objects.get_or_create(
        name=name, defaults={"organisation": organisation, "group": group}
    )
    return team


def add_to_team(*, user: User, team: Team) -> None:
    user.groups.add(team.group)


def pending_totp_device(*, user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)


@transaction.atomic
def confirm_totp_device(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app after one correct code; returns fresh backup codes, shown once."""
    if device.user_id != user.pk or device.confirmed:
        raise ApplicationError("Deze koppeling is niet meer geldig. Begin opnieuw.")
    if not device.verify_token(token):
        raise ApplicationError("De code klopt niet. Vul de code in die de app nu toont.", field="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return replace_backup_codes(user=user)


def replace_backup_codes(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Back-upcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes
