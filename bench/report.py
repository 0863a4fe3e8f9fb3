"""The benchmark's outputs: one text table, var/bench/latest.json, and a small SVG plot of
latency against dataset size (hand-written: no plotting library is a dependency)."""

import json
import os
import platform
from pathlib import Path

from django.db import connection


def machine() -> dict:
    info = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    try:
        info["cpu_model"] = next(line.split(":", 1)[1].strip() for line in
                                 Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
        info["memory_gb"] = round(int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                                           if line.startswith("MemTotal"))) / 1024 / 1024, 1)
        info["load_average_at_start"] = os.getloadavg()
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        info["postgresql"] = cursor.fetchone()[0].split(" on ")[0]
        for name in ("random_page_cost", "shared_buffers", "work_mem", "effective_cache_size", "jit"):
            cursor.execute(f"SHOW {name}")
            info[name] = cursor.fetchone()[0]
    return info


def _fmt(value, unit="ms") -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.1f}"
    return f"{value:,.0f}".replace(",", " ") if value >= 100 else f"{value:.1f}"


def _reference_text(result) -> str:
    parts = []
    for name, ref in result["references"].items():
        if isinstance(ref, dict) and "p50" in ref:
            parts.append(f"{name}: p50 {ref['p50']:.1f} / p95 {ref['p95']:.1f} ms")
        elif isinstance(ref, dict) and "value" in ref:
            parts.append(f"{name}: {_fmt(ref['value'], result['unit'])} {result['unit']}")
    return "; ".join(parts)


def table(results: list[dict]) -> str:
    lines = [f"{'scenario':<58} {'p50':>8} {'p95':>8} {'value':>10}  {'queries':<26} {'target met':<10}",
             "-" * 128]
    for r in results:
        queries = ", ".join(f"{k} {v}" for k, v in r["queries"].items())
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        lines.append(f"{r['key'] + ' ' + r['title']:<58.58} {_fmt(r['p50']):>8} {_fmt(r['p95']):>8} "
                     f"{_fmt(r['value'], r['unit']):>10}  {queries:<26.26} {met:<10}")
        lines.append(f"    target: {r['target']}  ({'ms' if r['value'] is None else r['unit']})")
        lines.append(f"    reference: {_reference_text(r)}")
        for note in r["notes"]:
            lines.append(f"    {note}")
    return "\n".join(lines)


def markdown(payload: dict) -> str:
    """The table for docs/benchmarks.md."""
    lines = ["| Scenario | p50 | p95 | Figure | Reference (same run) | Queries | Target | Met |",
             "|---|---:|---:|---:|---|---|---|---|"]
    for r in payload["scenarios"]:
        queries = ", ".join(f"{k}: {v}" for k, v in r["queries"].items())
        figure = f"{_fmt(r['value'], r['unit'])} {r['unit']}" if r["value"] is not None else ""
        lines.append(f"| {r['key']} {r['title']} | {_fmt(r['p50'])} | {_fmt(r['p95'])} | {figure} | "
                     f"{_reference_text(r)} | {queries} | {r['target']} | "
                     f"{ {True: 'yes', False: '**no**', None: '-'}[r['met']]} |")
    return "\n".join(lines)


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")


# --- the plot ---------------------------------------------------------------------------------

COLOURS = ["#01689b", "#e17000", "#39870c", "#a90061", "#673ab7", "#8b4513"]


def svg_plot(runs: list[dict], keys: list[str], *, title: str) -> str:
    """p95 (ms) per scenario key against the number of dossiers, one line per scenario."""
    runs = sorted(runs, key=lambda r: r["dataset"]["dossiers"])
    xs = [r["dataset"]["dossiers"] for r in runs]
    series = []
    for key in keys:
        points = []
        for run, x in zip(runs, xs, strict=True):
            found = next((s for s in run["scenarios"] if s["key"] == key and s["p95"] is not None), None)
            if found:
                points.append((x, found["p95"], found["title"]))
        if points:
            series.append((key, points))
    loads = ", ".join(f"{r['machine'].get('load_average_at_start', [0])[0]:.0f}" for r in runs)
    width, height, left, right, top, bottom = 640, 360, 60, 220, 50, 50
    max_x = max(xs) if xs else 1
    max_y = max([p[1] for _, pts in series for p in pts] + [1]) * 1.15

    def sx(x):
        return left + (width - left - right) * x / max_x

    def sy(y):
        return height - bottom - (height - top - bottom) * y / max_y

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<title>{title}</title>', '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">{title}</text>',
           f'<text x="{left}" y="36" font-size="11">load average at start: {loads} (2 cores, shared machine)</text>',
           f'<line x1="{left}" y1="{sy(0)}" x2="{width - right}" y2="{sy(0)}" stroke="black"/>',
           f'<line x1="{left}" y1="{sy(0)}" x2="{left}" y2="{top}" stroke="black"/>',
           f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">dossiers</text>',
           f'<text x="14" y="{(top + height - bottom) / 2}" transform="rotate(-90 14 {(top + height - bottom) / 2})" '
           f'text-anchor="middle">p95 (ms)</text>']
    for x in xs:
        out.append(f'<text x="{sx(x):.0f}" y="{sy(0) + 16:.0f}" text-anchor="middle">{round(x / 1000)}k</text>')
    step = _nice_step(max_y)
    y = 0.0
    while y <= max_y:
        out.append(f'<text x="{left - 6}" y="{sy(y) + 4:.0f}" text-anchor="end">{y:g}</text>')
        out.append(f'<line x1="{left}" y1="{sy(y):.0f}" x2="{width - right}" y2="{sy(y):.0f}" stroke="#ddd"/>')
        y += step
    for n, (key, points) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        path = " ".join(f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(v):.1f}" for i, (x, v, _) in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, v, _ in points:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(v):.1f}" r="3" fill="{colour}"/>')
        ly = top + 18 * n
        out.append(f'<rect x="{width - right + 12}" y="{ly}" width="12" height="3" fill="{colour}"/>')
        out.append(f'<text x="{width - right + 30}" y="{ly + 5}">{key}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _nice_step(max_y: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if max_y / step <= 8:
            return float(step)
    return 1000.0
