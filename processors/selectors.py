import datetime as dt

from django.db.models import QuerySet

from .models import ProcessorAgreement
from .rules import EXPIRY_WARNING_DAYS


def agreements_expiring(*, today: dt.date, days: int = EXPIRY_WARNING_DAYS) -> QuerySet[ProcessorAgreement]:
    """Agreements in force whose last day falls within `days` days (P-3), nearest first."""
    return (ProcessorAgreement.objects.filter(starts_on__lte=today, ends_on__gte=today,
                                              ends_on__lte=today + dt.timedelta(days=days))
            .select_related("organisation").order_by("ends_on"))


def all_agreements() -> QuerySet[ProcessorAgreement]:
    return ProcessorAgreement.objects.select_related("organisation").order_by("ends_on", "reference")
