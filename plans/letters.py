"""The decision letter (besluit) as a tagged PDF (UX 3.16): B1, "u", conclusion first, then
why, then how to object (bezwaar within 6 weeks). Addressed with what the coach forwarded."""

from django.template.loader import render_to_string

from cases.letters import render_pdf

from .models import Decision, Statute


def letter_context(decision: Decision) -> dict:
    request = decision.request
    identity = next((p for p in request.extract_data["parts"] if p["key"] == "identity"), None)
    rows = dict(identity["rows"]) if identity else {}
    return {
        "decision": decision, "request": request, "name": rows.get("Naam", ""),
        "address": rows.get("Adres", "") if rows.get("Adres") != "Niet ingevuld" else "",
        "provision_word": "individuele voorziening" if request.statute == Statute.JEUGDWET else "maatwerkvoorziening",
        "statute_name": "de Jeugdwet" if request.statute == Statute.JEUGDWET
        else "de Wet maatschappelijke ondersteuning (Wmo 2015)",
    }


def decision_letter_html(decision: Decision) -> str:
    return render_to_string("plans/letters/decision.html", letter_context(decision))


def decision_letter(decision: Decision) -> bytes:
    return render_pdf(decision_letter_html(decision))
