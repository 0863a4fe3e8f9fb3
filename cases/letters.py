"""Letters to residents as tagged PDF (UX 3.16), rendered with WeasyPrint from HTML templates."""

from django.template.loader import render_to_string

from core.dates import today

from .models import Case, MissingInformation


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: loading WeasyPrint is slow

    return HTML(string=html).write_pdf(pdf_tags=True)


def missing_information_letter(*, case: Case, items: list[MissingInformation]) -> bytes:
    """P-2.4: the conclusion first (the request cannot be decided and is not processed without
    the information), then what is missing, then what the resident can do. B1, "u"."""
    html = render_to_string("cases/letters/missing_information.html", {
        "case": case, "resident": case.resident, "items": items, "today": today(),
    })
    return render_pdf(html)
