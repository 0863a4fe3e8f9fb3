"""Loading the Selectielijst 2020 (VNG Realisatie, EUPL, reference copy in retention/data/) into
versioned RetentionRule rows. Used by the data migration and by `manage.py load_selectielijst`."""

import json
from pathlib import Path

from . import rules

DATA = Path(__file__).resolve().parent / "data"
PROCESS_TYPE = 8  # "Voorzieningen verstrekken"


def list_results(path: Path = DATA) -> dict[str, dict]:
    """Selectielijst results of process type 8 by code ("8.1.1"), with name and term."""
    types = json.loads((path / "selectielijst_2020_procestypen.json").read_text())
    type_pks = {t["pk"] for t in types if t["fields"]["nummer"] == PROCESS_TYPE}
    raw = [r for r in json.loads((path / "selectielijst_2020_resultaten.json").read_text())
           if r["fields"]["proces_type"] in type_pks]
    by_pk = {r["pk"]: r["fields"] for r in raw}
    results = {}
    for row in raw:
        f = row["fields"]
        parent = by_pk.get(f.get("generiek_resultaat"))
        code = f"{PROCESS_TYPE}.{parent['nummer']}.{f['nummer']}" if parent else f"{PROCESS_TYPE}.{f['nummer']}"
        name = f"{f['naam']} {('— ' + f['omschrijving'].strip()) if f['omschrijving'].strip() else ''}".strip()
        results[code] = {"name": name, "term": f["bewaartermijn"], "waardering": f["waardering"],
                         "procestermijn": f["procestermijn"]}
    return results


def load(rule_model, path: Path = DATA) -> int:
    """Create or update one rule per (statute, result) for version 2020. Idempotent."""
    results = list_results(path)
    terms = {code: r["term"] for code, r in results.items()}
    for (statute, result), code in rules.RESULT_MAP.items():
        term = rules.term_for(statute, result, list_terms=terms)
        rule_model.objects.update_or_create(
            version=rules.LIST_VERSION, statute=statute, case_result=result,
            defaults={"valid_from": rules.LIST_VALID_FROM, "list_result": code,
                      "list_result_name": results[code]["name"], "waardering": results[code]["waardering"],
                      "procestermijn": results[code]["procestermijn"], "list_term": term.list_term,
                      "term": term.term, "longer_because": term.longer_because},
        )
    return len(rules.RESULT_MAP)
