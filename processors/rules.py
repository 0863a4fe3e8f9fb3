import datetime as dt

from .models import ProcessorAgreement


def agreement_covers(agreement: ProcessorAgreement, *, purpose: str, category: str, on: dt.date) -> bool:
    return (
        agreement.starts_on <= on <= agreement.ends_on
        and purpose in agreement.purposes
        and category in agreement.data_categories
    )


def organisation_may_process(organisation, *, purpose: str, category: str, on: dt.date) -> bool:
    """P-1.1, P-3: an external organisation's users reach client data only while an agreement
    in force covers this purpose and data category."""
    if organisation is None:
        return False
    agreements = ProcessorAgreement.objects.filter(
        organisation=organisation, starts_on__lte=on, ends_on__gte=on
    )
    return any(agreement_covers(a, purpose=purpose, category=category, on=on) for a in agreements)
