from django.conf import settings
from django.db import models


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("access-log entries cannot be changed")

    def delete(self):
        raise PermissionError("access-log entries cannot be deleted")


class AccessLogEntry(models.Model):
    """One look at (or refusal of, or search for, or export of) client data (L-LOG, NEN 7513).

    Holds ids and codes only, never names, BSNs or search terms. Entries are chained by a
    keyed hash (audit.chain): changing, removing or inserting one breaks the chain.
    """

    class Action(models.TextChoices):
        READ = "read", "gelezen"
        LIST = "list", "in lijst getoond"
        SEARCH = "search", "gezocht"
        EXPORT = "export", "geëxporteerd"
        EMERGENCY = "emergency", "buiten toewijzing geopend"
        CHANGE = "change", "gewijzigd"

    class Result(models.TextChoices):
        ALLOWED = "allowed", "toegestaan"
        REFUSED = "refused", "geweigerd"

    seq = models.BigIntegerField("volgnummer", unique=True)
    at = models.DateTimeField("moment", db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             related_name="+")
    on_behalf_of = models.CharField("namens", max_length=100, blank=True)
    role = models.CharField("rol", max_length=100, blank=True)
    resident_id = models.BigIntegerField("inwoner", null=True, db_index=True)
    case_id = models.BigIntegerField("dossier", null=True, db_index=True)
    action = models.CharField("handeling", max_length=16, choices=Action.choices)
    purpose = models.CharField("doel", max_length=60, blank=True)
    origin = models.GenericIPAddressField("herkomst", null=True)
    result = models.CharField("resultaat", max_length=10, choices=Result.choices)
    detail = models.CharField("toelichting", max_length=60, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = "regel toegangslogboek"
        verbose_name_plural = "toegangslogboek"
        ordering = ["seq"]
        indexes = [models.Index(fields=["user", "at"])]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("access-log entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("access-log entries cannot be deleted")


class ChainHead(models.Model):
    """The newest sequence number and hash of the access log, in one row (id 1): a cache.

    The write locks this row (SELECT ... FOR UPDATE) instead of an advisory lock plus a read of
    the newest entry; the AFTER INSERT trigger on the access log moves it on (audit/migrations/
    0007), so every insert path keeps it current. Verification never reads it: it walks the log
    itself and compares it with the heads exported outside the database (audit.heads). A wrong
    head only makes the next write fail (a duplicate seq) or break the chain visibly.
    PostgreSQL only: on SQLite the write reads the newest entry instead.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_one_row")]


class ChainVerification(models.Model):
    """The result of one verification of the access log's chain, shown to the FG."""

    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField()
    checked = models.BigIntegerField()
    first_broken_seq = models.BigIntegerField(null=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        get_latest_by = "at"


class ChainCheckpoint(models.Model):
    """Where the chain resumes after old entries were removed by the retention job.

    Verification starts after `up_to_seq` with `last_hash` as the previous hash; entries
    before it are gone on purpose, in one range, and this row says how many and when.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    up_to_seq = models.BigIntegerField(unique=True)
    last_hash = models.CharField(max_length=64)
    removed = models.BigIntegerField()
    older_than = models.DateTimeField()
    # HMAC over the fields above with AUDIT_CHAIN_KEY: a checkpoint written past the
    # application (to hide a removed range) does not verify.
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["-up_to_seq"]
        get_latest_by = "up_to_seq"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("a checkpoint cannot be changed")
        super().save(*args, **kwargs)


class SecurityEvent(models.Model):
    """A security event for the privacy officer (P-2.2.5 monitoring): a spike of failed logins,
    or a privileged role or flag given to a user. Append-only like the access log.

    Holds the staff account's id and user name only, never client data; a failed-login event
    names no user at all (the typed user name could be anything)."""

    class Kind(models.TextChoices):
        FAILED_LOGINS = "failed_logins", "veel mislukte inlogpogingen"
        PRIVILEGED_ROLE = "privileged_role", "bevoegde rol toegekend"
        PRIVILEGED_FLAG = "privileged_flag", "beheerrechten toegekend"

    at = models.DateTimeField("moment", db_index=True)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    user_id = models.BigIntegerField("gebruiker-id", null=True)
    username = models.CharField("gebruikersnaam", max_length=150, blank=True)
    detail = models.CharField("toelichting", max_length=200)
    # Who gave the role or flag: the staff account of the request (the admin, an administrator's
    # screen); empty when it was done outside a request (a management command or shell).
    by_user_id = models.BigIntegerField("door gebruiker-id", null=True)
    by_username = models.CharField("door", max_length=150, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = "beveiligingsmelding"
        verbose_name_plural = "beveiligingsmeldingen"
        ordering = ["-at", "-pk"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("security events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("security events cannot be deleted")


class FailedLogin(models.Model):
    """One failed login, without the typed user name: only the moment, to count a spike."""

    at = models.DateTimeField(db_index=True)
