"""Masking for the change history (django-auditlog).

auditlog's default mask keeps the second half of a value visible ("****56782" for a BSN).
Every masked value becomes this constant instead, so the history never holds a fragment.
"""

MASK = "[afgeschermd]"


def constant_mask(value) -> str:  # noqa: ARG001 - the value is deliberately ignored
    return MASK
