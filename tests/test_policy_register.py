"""The rule register (docs/policy.md) is complete and every built rule has a test."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "docs" / "policy.md"
POLICY = ROOT.parent / "shared" / "POLICY.md"
ROW = re.compile(r"^\| ((?:P|L)-[0-9A-Z.]+) \|.*\| (built|pending #[\d, #]+) \|$")


def register_rows() -> dict[str, str]:
    rows = {}
    for line in REGISTER.read_text().splitlines():
        match = ROW.match(line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def ids_named_by_tests() -> set[str]:
    named = set()
    for path in (ROOT / "tests").rglob("*.py"):
        named.update(re.findall(r"policy\(\s*\"((?:P|L)-[0-9A-Z.]+)\"", path.read_text()))
    return named


def test_every_built_rule_is_named_by_a_test():
    rows = register_rows()
    missing = sorted(rid for rid, status in rows.items()
                     if status == "built" and rid not in ids_named_by_tests())
    assert rows, "the register has no rows"
    assert missing == []


def test_every_test_names_a_rule_that_is_in_the_register():
    unknown = ids_named_by_tests() - set(register_rows())
    assert unknown == set()


def test_every_rule_of_the_policy_is_in_the_register():
    if not POLICY.exists():  # shared/ lies beside the clone in CI and in sessions
        import pytest

        pytest.skip("../shared/POLICY.md is not beside this checkout")
    ids = set(re.findall(r"\*\*((?:P|L)-[0-9A-Z.]*[0-9A-Z])[ .*]", POLICY.read_text()))
    assert ids, "no rule ids found in POLICY.md"
    assert ids - set(register_rows()) == set()
