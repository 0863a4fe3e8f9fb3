"""The verklaring van vernietiging (Archiefbesluit 1995 art. 8, DOMAIN_RULES R1.11): which
dossiers were destroyed, on what basis and how. Dossier numbers and Selectielijst references
only, no personal data. Rendered once and kept permanently in the database."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import DestructionList


def destruction_statement(batch: DestructionList) -> bytes:
    from weasyprint import HTML  # imported late: loading WeasyPrint is slow

    items = list(batch.items.select_related("rule").order_by("case_number"))
    html = render_to_string("retention/statement.html", {
        "batch": batch, "destroyed": [i for i in items if not i.excluded],
        "excluded": [i for i in items if i.excluded], "now": timezone.localtime(),
    })
    return HTML(string=html).write_pdf(pdf_tags=True)
