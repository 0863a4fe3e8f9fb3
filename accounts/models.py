from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import prefetch_related_objects

from . import roles


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", "Gemeente"
        PROCESSOR = "processor", "Verwerker"
        CHAIN_PARTNER = "chain_partner", "Ketenpartner"
        STATUTORY_BODY = "statutory_body", "Wettelijke instantie"
        ENFORCEMENT = "enforcement", "Toezicht of handhaving"

    name = models.CharField("naam", max_length=200, unique=True)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind != self.Kind.MUNICIPALITY


class Team(models.Model):
    """A team owns dossiers together; its members get the team's grants through its group."""

    name = models.CharField("naam", max_length=100, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="team")

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @property
    def role_names(self) -> list[str]:
        """The user's roles. The groups are loaded once per user object (for request.user: once
        per request; the gates, the menu and the access-log write all ask) and kept in Django's
        prefetch cache, which this object's own groups.add/remove/set/clear empty again."""
        if "groups" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], "groups")
        return [g.name for g in self.groups.all() if g.name in roles.LABELS]

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    @property
    def role_label(self) -> str:
        names = self.role_names
        return ", ".join(roles.LABELS[n] for n in names) if names else "Geen rol"

    @property
    def is_external(self) -> bool:
        return self.organisation is None or self.organisation.is_external


class ConfidentialityText(models.Model):
    """A version of the confidentiality statement (P-2.1.2); the newest one is in force."""

    version = models.PositiveIntegerField("versie", unique=True)
    text = models.TextField("tekst")
    published_at = models.DateTimeField("gepubliceerd op", auto_now_add=True)

    class Meta:
        verbose_name = "geheimhoudingsverklaring"
        verbose_name_plural = "geheimhoudingsverklaringen"
        ordering = ["-version"]

    def __str__(self):
        return f"Versie {self.version}"


class ConfidentialityAcknowledgement(models.Model):
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="acknowledgements")
    text = models.ForeignKey(ConfidentialityText, on_delete=models.PROTECT)
    acknowledged_at = models.DateTimeField("bevestigd op", auto_now_add=True)

    class Meta:
        verbose_name = "bevestiging geheimhouding"
        verbose_name_plural = "bevestigingen geheimhouding"
        constraints = [
            models.UniqueConstraint(fields=["user", "text"], name="one_ack_per_text_version")
        ]
