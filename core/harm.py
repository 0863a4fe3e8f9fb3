"""The harm scale (P-1.2), used wherever harm is judged: breaches, incidents, complaints."""

from django.db import models


class HarmLevel(models.TextChoices):
    LOW = "laag", "Laag (ongemak)"
    MEDIUM = "middel", "Middel (aanzienlijk nadeel)"
    HIGH = "hoog", "Hoog (vitale belangen in het geding)"
