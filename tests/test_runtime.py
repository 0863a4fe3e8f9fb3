"""Issue 10: every WSGI worker collects garbage less often and leaves what exists after start-up
out of the collector's walks (core.runtime); the benchmark times pages under the same settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_wsgi_worker_freezes_its_start_up_objects_and_collects_less_often():
    code = ("import gc; before = gc.get_threshold(); import doetinchem_privacy.wsgi as w; "
            "print(before, gc.get_threshold(), gc.get_freeze_count() > 100_000, callable(w.application))")
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "doetinchem_privacy.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[0] == "(700, 10, 10) (50000, 10, 10) True True"
