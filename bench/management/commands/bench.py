import json
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import jobs, load, report, scenarios, seed
from core.runtime import tune_for_requests

# What the targets rely on (docs/operations.md, "Database settings"): applied to the benchmark
# database with ALTER DATABASE, so every connection of the benchmark and of gunicorn uses it.
DATABASE_SETTINGS = {"random_page_cost": "1.1"}
SCENARIOS = ("list", "dossier", "search", "log", "purge", "destruction", "load")


class Command(BaseCommand):
    help = "Run the benchmark scenarios of issue 10 against the seeded benchmark database (see docs/benchmarks.md)."

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=60, help="measured requests per page scenario")
        parser.add_argument("--load-seconds", type=float, default=30.0, help="duration of scenario 7")
        parser.add_argument("--purge", type=int, default=None, help="signals to purge (default 100,000 × scale)")
        parser.add_argument("--destroy", type=int, default=None, help="dossiers to destroy (default 10,000 × scale)")
        parser.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(SCENARIOS)}")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench" / "latest.json"))
        parser.add_argument("--markdown", default="", metavar="JSON", help="print a result file as a Markdown table")
        parser.add_argument("--plot", nargs="*", default=None, metavar="JSON",
                            help="instead of running: write docs/benchmarks-scaling.svg from these result files")

    def handle(self, *args, iterations, load_seconds, only, output, plot, purge, destroy, markdown,
               **options):
        if plot is not None:
            return self._plot(plot)
        if markdown:
            self.stdout.write(report.markdown(json.loads(Path(markdown).read_text())))
            return
        marker = seed.seeded()
        if marker is None:
            raise CommandError("This database is not seeded: run `manage.py seed_bench` first (make bench does).")
        chosen = [s.strip() for s in only.split(",") if s.strip()] or list(SCENARIOS)
        unknown = set(chosen) - set(SCENARIOS)
        if unknown:
            raise CommandError(f"unknown scenario(s): {', '.join(sorted(unknown))}")
        logging.getLogger("axes").setLevel(logging.WARNING)  # force_login of the benchmark sessions
        logging.getLogger("django.request").setLevel(logging.ERROR)
        self._apply_settings()
        tune_for_requests()  # as every WSGI worker does (doetinchem_privacy/wsgi.py), before timing
        scale = marker["scale"]
        seeder = seed.Seeder(scale)
        staff = scenarios.caseworkers(20)
        started = time.monotonic()
        results = []
        machine = report.machine()
        steps = {
            "list": lambda: [scenarios.scenario_list(staff, iterations)],
            "dossier": lambda: [scenarios.scenario_dossier(staff, iterations)],
            "search": lambda: [scenarios.scenario_search(staff, iterations)],
            "log": lambda: scenarios.scenario_access_log(iterations),
            "purge": lambda: [jobs.scenario_purge(seeder, purge or max(1_000, round(100_000 * scale)))],
            "destruction": lambda: [jobs.scenario_destruction(seeder, destroy or max(50, round(10_000 * scale)))],
            "load": lambda: [load.scenario_load(staff, seconds=load_seconds)],
        }
        for name in chosen:
            self.stderr.write(f"running {name} ...")
            t0 = time.monotonic()
            results.extend(steps[name]())
            self.stderr.write(f"  {name}: {time.monotonic() - t0:.1f} s")
        payload = {"at": scenarios.now_iso(), "seconds": round(time.monotonic() - started, 1), "machine": machine,
                   "dataset": marker["sizes"], "database_settings": DATABASE_SETTINGS,
                   "scenarios": [r.as_dict() for r in results]}
        path = Path(output)
        report.write_json(path, payload)
        self.stdout.write(f"\nBenchmark at scale {scale} ({marker['sizes']['dossiers']} dossiers, "
                          f"{marker['sizes']['access_log_entries']} access-log entries) on {machine.get('cpus')} CPUs, "
                          f"load {machine.get('load_average_at_start')}\n")
        self.stdout.write(report.table(payload["scenarios"]))
        self.stdout.write(f"\nWritten to {path}")

    def _apply_settings(self):
        name = connection.settings_dict["NAME"]
        with connection.cursor() as cursor:
            for key, value in DATABASE_SETTINGS.items():
                cursor.execute(f'ALTER DATABASE "{name}" SET {key} = {value}')
                cursor.execute(f"SET {key} = {value}")

    def _plot(self, files):
        runs = [json.loads(Path(f).read_text()) for f in files]
        keys = ["1_list", "2_dossier", "3_search", "4a_log_resident", "4b_log_user_day"]
        svg = report.svg_plot(runs, keys, title="p95 per scenario against dataset size")
        target = Path(settings.BASE_DIR) / "docs" / "benchmarks-scaling.svg"
        target.write_text(svg)
        self.stdout.write(f"Written {target}")
