"""Scenario 7: 20 concurrent users on loopback against gunicorn, for a bounded time.

The sessions are created directly (benchmark-only: as after password and second factor,
without typing a TOTP code). Each user loops over a mix of the dossier list, a dossier page and
a BSN search, over keep-alive HTTP/1.1 connections with the standard library.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from cases.models import Resident

from .scenarios import HOST, Result, pct, summary, verified_client, visible_open_cases

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        # Production mode, with the same keys as this process (the seeded data is encrypted with them).
        "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY, "FIELD_ENCRYPTION_KEYS": settings.FIELD_ENCRYPTION_KEYS,
        "BSN_HASH_KEY": settings.BSN_HASH_KEY, "AUDIT_CHAIN_KEY": settings.AUDIT_CHAIN_KEY,
        "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    })
    # Production settings use the manifest storage: collect the static files once, beside the results.
    env["STATIC_ROOT"] = str(Path(settings.BASE_DIR) / "var" / "bench" / "static")
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env,  # noqa: S603
                       cwd=Path(settings.BASE_DIR), check=True)
    cmd = [sys.executable, "-m", "gunicorn", "doetinchem_privacy.wsgi:application", "--bind", f"{HOST}:{port}",
           "--workers", str(workers), "--log-level", "warning", "--timeout", "60"]
    proc = subprocess.Popen(cmd, env=env, cwd=Path(settings.BASE_DIR), start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError("gunicorn did not listen within 30 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # only the process group this module started
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


class VirtualUser:
    def __init__(self, port: int, user):
        client = verified_client(user)
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        self.cases = visible_open_cases(user, 5)
        self.bsn = Resident.objects.get(cases__pk=self.cases[0]).bsn
        self.port = port
        self.conn = None
        self.csrf = None

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Cookie": self.cookie + (f"; csrftoken={self.csrf[0]}" if self.csrf else "")}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = None
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                cookie = value.split(";", 1)[0].split("=", 1)[1]
                self.csrf = (cookie, self.csrf[1] if self.csrf else None)
        return response.status, data

    def prepare(self):
        status, body = self.request("GET", "/zoeken/")
        match = _CSRF_INPUT.search(body.decode(errors="replace"))
        if status != 200 or not match or not self.csrf:
            raise RuntimeError(f"could not open the search page ({status})")
        self.csrf = (self.csrf[0], match.group(1))

    def step(self, i: int) -> int:
        kind = i % 10
        if kind < 5:
            return self.request("GET", "/dossiers/")[0]
        if kind < 8:
            return self.request("GET", f"/dossiers/{self.cases[i % len(self.cases)]}/")[0]
        from urllib.parse import urlencode

        body = urlencode({"query": self.bsn, "csrfmiddlewaretoken": self.csrf[1]})
        return self.request("POST", "/zoeken/", body)[0]


def _run(users, seconds: float):
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def loop(vu, offset):
        i = offset
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status = vu.step(i)
                failed = status != 200
            except (http.client.HTTPException, OSError) as exc:
                status, failed = type(exc).__name__, True
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if failed:
                    errors.append(status)
            i += 1

    threads = [threading.Thread(target=loop, args=(vu, n)) for n, vu in enumerate(users)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.monotonic() - started


def scenario_load(staff, *, seconds: float, concurrency: int = 20, workers: int | None = None) -> Result:
    workers = workers or (2 * (os.cpu_count() or 1) + 1)
    port = _free_port()
    proc = start_gunicorn(port, workers)
    try:
        users = [VirtualUser(port, staff[n % len(staff)]) for n in range(concurrency)]
        connection.close()  # this process holds no connection while the server works
        for vu in users:
            vu.prepare()
        single, single_errors, _ = _run(users[:1], max(3.0, seconds / 4))
        client_cpu = time.process_time()
        latencies, errors, elapsed = _run(users, seconds)
        client_cpu = time.process_time() - client_cpu  # this process: the 20 clients' own share of the 2 cores
    finally:
        stop(proc)
    result = Result("7_load", f"{concurrency} gelijktijdige gebruikers via gunicorn ({workers} workers, loopback)",
                    unit="req/s",
                    **summary(latencies), samples=len(latencies), target="p95 ≤ 300 ms, 0 fouten")
    throughput = len(latencies) / elapsed
    result.value = round(throughput, 1)
    result.references = {"1 user, same mix": summary(single), "throughput_rps": round(throughput, 1),
                         "errors": len(errors), "error_kinds": sorted({str(e) for e in errors})[:5],
                         "seconds": round(elapsed, 1), "mix": "50 % list, 30 % dossier page, 20 % BSN search"}
    result.references["client_cpu_share"] = round(client_cpu / elapsed, 2)
    result.notes.append(f"{throughput:.1f} requests/s, {len(errors)} errors, p99 {pct(latencies, 0.99):.0f} ms")
    result.notes.append(f"the load generator (this process, {concurrency} threads) used {client_cpu / elapsed:.0%} "
                        f"of one core, on the same 2 cores as gunicorn and PostgreSQL")
    result.met = result.p95 <= 300 and not errors and not single_errors
    return result
