"""Monitoring hooks (P-2.2.5): security events for the privacy officer.

- A spike of failed logins: SECURITY_FAILED_LOGIN_THRESHOLD failures (all user names together)
  within SECURITY_FAILED_LOGIN_WINDOW_MINUTES give one event per window.
- A privileged role (PRIVILEGED_ROLES) added to a user, from either side of the membership,
  or the superuser/staff flag switched on.

Events carry the staff account's id and user name (and, for a grant, those of the staff member
who gave it, when it was given in a request) and a code, never client data.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles

from .models import FailedLogin, SecurityEvent

PRIVILEGED_ROLES = frozenset({roles.PRIVACY_OFFICER, roles.ADMINISTRATOR, roles.ARCHIVIST, roles.AF})
PRIVILEGED_FLAGS = ("is_superuser", "is_staff")


def record(kind: str, *, user=None, detail: str, by=None) -> SecurityEvent:
    return SecurityEvent.objects.create(at=timezone.now(), kind=kind, user_id=getattr(user, "pk", None),
                                        username=getattr(user, "username", "")[:150], detail=detail[:200],
                                        by_user_id=getattr(by, "pk", None),
                                        by_username=getattr(by, "username", "")[:150])


def _granted(kind: str, *, user, detail: str) -> None:
    """A privileged role or flag was given: by the request's user, or outside a request."""
    from .services import request_actor

    record(kind, user=user, detail=detail, by=request_actor())


def login_failed(sender=None, **kwargs) -> None:
    """Receiver of django.contrib.auth's user_login_failed. The credentials are not kept."""
    now = timezone.now()
    window = dt.timedelta(minutes=settings.SECURITY_FAILED_LOGIN_WINDOW_MINUTES)
    with transaction.atomic():
        FailedLogin.objects.create(at=now)
        FailedLogin.objects.filter(at__lt=now - 2 * window).delete()
        count = FailedLogin.objects.filter(at__gte=now - window).count()
        if count < settings.SECURITY_FAILED_LOGIN_THRESHOLD:
            return
        if SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FAILED_LOGINS, at__gte=now - window).exists():
            return  # one event per window
        record(SecurityEvent.Kind.FAILED_LOGINS,
               detail=f"{count} mislukte inlogpogingen binnen {settings.SECURITY_FAILED_LOGIN_WINDOW_MINUTES} minuten")


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Receiver of m2m_changed on User.groups: from the user (user.groups.add) or the group
    (group.user_set.add)."""
    if action != "post_add" or not pk_set:
        return
    User = get_user_model()
    if reverse:  # instance is a Group
        if instance.name not in PRIVILEGED_ROLES:
            return
        for user in User.objects.filter(pk__in=pk_set):
            _granted(SecurityEvent.Kind.PRIVILEGED_ROLE, user=user, detail=f"rol {instance.name}")
    else:
        for name in Group.objects.filter(pk__in=pk_set, name__in=PRIVILEGED_ROLES).values_list("name", flat=True):
            _granted(SecurityEvent.Kind.PRIVILEGED_ROLE, user=instance, detail=f"rol {name}")


def user_pre_save(sender, instance, **kwargs) -> None:
    before = None
    if instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values(*PRIVILEGED_FLAGS).first()
    instance._privileged_before = before or dict.fromkeys(PRIVILEGED_FLAGS, False)


def user_post_save(sender, instance, created, **kwargs) -> None:
    before = getattr(instance, "_privileged_before", dict.fromkeys(PRIVILEGED_FLAGS, False))
    for flag in PRIVILEGED_FLAGS:
        if getattr(instance, flag) and not before.get(flag):
            _granted(SecurityEvent.Kind.PRIVILEGED_FLAG, user=instance, detail=f"{flag} aangezet")
    instance._privileged_before = {flag: getattr(instance, flag) for flag in PRIVILEGED_FLAGS}


def connect() -> None:
    from django.contrib.auth.signals import user_login_failed
    from django.db.models.signals import m2m_changed, post_save, pre_save

    User = get_user_model()
    user_login_failed.connect(login_failed, dispatch_uid="audit.monitoring.login_failed")
    m2m_changed.connect(groups_changed, sender=User.groups.through, dispatch_uid="audit.monitoring.groups")
    pre_save.connect(user_pre_save, sender=User, dispatch_uid="audit.monitoring.user_pre_save")
    post_save.connect(user_post_save, sender=User, dispatch_uid="audit.monitoring.user_post_save")
