"""The parts of a dossier that can be provided, one by one (P-2.1.4: item by item).

Each item has a stable id, a label and its data category; the register stores ids and labels
only, never the values. Values are read only to render the memo.
"""

from collections.abc import Callable
from dataclasses import dataclass

from cases.models import Case
from processors.models import DataCategory


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    category: str
    value: Callable[[Case], str]


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(value, "j F Y") if value else "Niet ingevuld"


ITEMS = (
    Item("resident.name", "Naam van de inwoner", DataCategory.ORDINARY, lambda c: c.resident.full_name),
    Item("resident.bsn", "BSN", DataCategory.ORDINARY, lambda c: c.resident.bsn),
    Item("resident.date_of_birth", "Geboortedatum", DataCategory.ORDINARY,
         lambda c: _date(c.resident.date_of_birth)),
    Item("resident.address", "Adres", DataCategory.ORDINARY, lambda c: c.resident.address or "Niet ingevuld"),
    Item("resident.contact", "Telefoon en e-mail", DataCategory.ORDINARY,
         lambda c: " / ".join(v for v in (c.resident.phone, c.resident.email) if v) or "Niet ingevuld"),
    Item("case.statute", "Wet en grondslag van het dossier", DataCategory.ORDINARY,
         lambda c: f"{c.get_statute_display()}; {c.get_legal_basis_display()}"),
    Item("case.request", "Hulpvraag", DataCategory.HEALTH, lambda c: c.request),
)
BY_ID = {item.id: item for item in ITEMS}


def choices() -> list[tuple[str, str]]:
    return [(item.id, item.label) for item in ITEMS]
