"""Where browser tests save their screenshots.

`UPDATE_SCREENSHOTS=1 make test` refreshes the ones in docs/screenshots/ that the docs show;
an ordinary run writes to var/screenshots/ (ignored by git), so test runs do not churn the
repository with new pictures.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / ("docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "var/screenshots")
SCREENSHOTS.mkdir(parents=True, exist_ok=True)
