"""Pure policy decisions about residents and dossiers."""

import re

_SEPARATORS = re.compile(r"[\s.\-]")


def normalise_bsn(raw: str) -> str:
    """Accept a BSN with spaces, dots or dashes (UX 3.2); keep leading zeros."""
    return _SEPARATORS.sub("", raw or "")


def is_valid_bsn(bsn: str) -> bool:
    """P-2.1.5: nine digits that pass the eleven-test (weights 9..2 and -1), not all zeros."""
    if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit() or bsn == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True))
    total -= int(bsn[8])
    return total % 11 == 0


def looks_like_case_number(text: str) -> bool:
    return bool(re.fullmatch(r"D-\d{4}-\d{4,6}", text.strip().upper()))
