import datetime as dt

from .models import ProcessorAgreement

EXPIRY_WARNING_DAYS = 60


def agreement_in_force(agreement: ProcessorAgreement, *, on: dt.date) -> bool:
    """An agreement is in force from its first up to and including its last day (P-3)."""
    return agreement.starts_on <= on <= agreement.ends_on


def agreement_covers(agreement: ProcessorAgreement, *, purpose: str, category: str, on: dt.date) -> bool:
    return (
        agreement_in_force(agreement, on=on)
        and purpose in agreement.purposes
        and category in agreement.data_categories
    )


def organisation_may_process(organisation, *, purpose: str, category: str, on: dt.date) -> bool:
    """P-1.1, P-3: an external organisation's users reach client data only while an agreement
    in force covers this purpose and data category."""
    return organisation_may_receive(organisation, purpose=purpose, categories=[category], on=on)


def organisation_may_receive(organisation, *, purpose: str, categories, on: dt.date) -> bool:
    """P-3: one agreement in force on `on` must cover the purpose and every category sent."""
    if organisation is None:
        return False
    agreements = ProcessorAgreement.objects.filter(
        organisation=organisation, starts_on__lte=on, ends_on__gte=on
    )
    return any(
        all(agreement_covers(a, purpose=purpose, category=c, on=on) for c in categories)
        for a in agreements
    )


def expires_within(agreement: ProcessorAgreement, *, days: int = EXPIRY_WARNING_DAYS, today: dt.date) -> bool:
    """P-3: warn from `days` days before the last day up to and including that day."""
    return agreement_in_force(agreement, on=today) and (agreement.ends_on - today).days <= days
