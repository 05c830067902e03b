"""``make audit``: Lighthouse's mobile profile over the built site, three runs a page.

Consumes: a built site (``site/``, made fresh by ``make audit``), Lighthouse installed
under this folder from the pinned ``package-lock.json`` (``npm ci``, then
``patch_trace_engine.py``), and Debian's ``chromium`` (``CHROME_PATH``).
Produces: one table per server on standard output, each cell the median of the runs
and their spread (lowest–highest); every run's JSON report under ``build/audit/``.
Steps: serve the site on a free port of 127.0.0.1 with gzip (``serve.py``: what a real
host does) and, with ``--plain``, also uncompressed; run Lighthouse on each page, the
pages interleaved run by run so that the machine's slower moments do not all fall on
one page; read each report; print the table and what missed a target.

Targets (issue 21): performance >= 90, LCP <= 2.5 s, TBT <= 200 ms, CLS <= 0.1, and 100
for accessibility, best practices and SEO, on the median. ``--check`` exits 1 when one
is missed; by default the table is only printed (the figures move with the machine's
load: simulated throttling scales with how fast this CPU is at the time).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"

PAGES = (
    "/",
    "/precedents/by-2020-blue-notice-then-diffusion/",
    "/search/?q=extradition",
    "/reference/blue-notice-vs-diffusion/",
)
# Their Russian twins, audited too when the site has a Russian edition (/ru/).
RUSSIAN_PAGES = (
    "/ru/",
    "/ru/precedents/by-2020-blue-notice-then-diffusion/",
    "/ru/search/?q=экстрадиция",
    "/ru/reference/blue-notice-vs-diffusion/",
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
# Audits worth a line under the table when they fail, though Lighthouse gives them no weight.
HIDDEN_AUDITS = ("td-has-header",)


def lighthouse(url: str, out: Path) -> dict:
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not chrome:
        raise SystemExit("make audit: Debian's chromium is needed (make chromium)")
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True)
    if done.returncode != 0 or not out.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def figures(report: dict) -> dict:
    """The numbers of one run: scores out of 100, LCP in s, TBT in ms, CLS, KiB."""
    audits, categories = report["audits"], report["categories"]
    found = {name: round(100 * (categories[name]["score"] or 0)) for name in CATEGORIES}
    found["LCP"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    found["TBT"] = audits["total-blocking-time"]["numericValue"]
    found["CLS"] = audits["cumulative-layout-shift"]["numericValue"]
    found["KiB"] = audits["total-byte-weight"]["numericValue"] / 1024
    failed = set()
    for name in ("accessibility", "best-practices", "seo"):
        for ref in categories[name]["auditRefs"]:
            audit = audits[ref["id"]]
            if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric"):
                failed.add(ref["id"])
    failed |= {name for name in HIDDEN_AUDITS if name in audits and audits[name].get("score") == 0}
    errors = {name for name, audit in audits.items() if audit.get("scoreDisplayMode") == "error"}
    found["failed"], found["errors"] = failed, errors
    return found


COLUMNS = (  # name, format, target check
    ("performance", "{:.0f}", lambda v: v >= 90),
    ("LCP", "{:.2f} s", lambda v: v <= 2.5),
    ("TBT", "{:.0f} ms", lambda v: v <= 200),
    ("CLS", "{:.3f}", lambda v: v <= 0.1),
    ("KiB", "{:.0f} KiB", lambda v: True),
    ("accessibility", "{:.0f}", lambda v: v == 100),
    ("best-practices", "{:.0f}", lambda v: v == 100),
    ("seo", "{:.0f}", lambda v: v == 100),
)


def cell(values: list[float], fmt: str) -> str:
    middle = fmt.format(statistics.median(values))
    low, high = fmt.format(min(values)), fmt.format(max(values))
    return middle if low == high else f"{middle} ({low.split()[0]}–{high})"


def table(title: str, runs: dict[str, list[dict]]) -> tuple[str, list[str]]:
    head = ["page", "performance", "LCP", "TBT", "CLS", "bytes", "a11y", "best practices", "SEO"]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    missed = []
    for page, results in runs.items():
        row = [f"`{page}`"]
        for name, fmt, meets in COLUMNS:
            values = [r[name] for r in results]
            row.append(cell(values, fmt))
            if not meets(statistics.median(values)):
                missed.append(f"{page}: {name} {fmt.format(statistics.median(values))}")
        lines.append("| " + " | ".join(row) + " |")
        failed = sorted(set().union(*(r["failed"] for r in results)))
        errors = sorted(set().union(*(r["errors"] for r in results)))
        if failed:
            lines.append(f"|  | failing audits: {', '.join(failed)} |")
        if errors:
            lines.append(f"|  | audits in error: {', '.join(errors)} |")
    return "\n".join(lines), missed


def audit(site: Path, compress: bool, runs: int, out: Path, pages=PAGES) -> dict[str, list[dict]]:
    from serve import start  # beside this file

    server = start(site, compress=compress)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, list[dict]] = {page: [] for page in pages}
    try:
        for n in range(1, runs + 1):
            for page in pages:
                name = page.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "home"
                report = lighthouse(base + quote(page, safe="/?=&"), out / f"{'gzip' if compress else 'plain'}-{name}-{n}.json")
                results[page].append(figures(report))
                print(f"  {'gzip' if compress else 'plain'} run {n}: {page}", file=sys.stderr)
    finally:
        server.shutdown()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="also audit over an uncompressed server")
    parser.add_argument("--check", action="store_true", help="exit 1 when a median misses a target")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "audit")
    parser.add_argument(
        "--page", action="append", choices=PAGES + RUSSIAN_PAGES, help="only this page (repeatable; default: all, both languages)"
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"no built site in {args.site}/ (make build)")
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    pages = args.page or (PAGES + RUSSIAN_PAGES if (args.site / "ru" / "index.html").is_file() else PAGES)
    missed_all = []
    modes = [True, False] if args.plain else [True]
    for compress in modes:
        title = "served with gzip, as a host serves it" if compress else "served uncompressed (python -m http.server)"
        text, missed = table(
            f"Lighthouse 12.2.3, mobile, {title}: median of {args.runs} (lowest–highest)",
            audit(args.site, compress, args.runs, args.out, pages),
        )
        print(text + "\n")
        if compress:
            missed_all = missed
    print("targets met on every page (gzip)" if not missed_all else "missed (gzip): " + "; ".join(missed_all))
    return 1 if args.check and missed_all else 0


if __name__ == "__main__":
    sys.exit(main())
