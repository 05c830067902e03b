"""Benchmark: the whole pipeline on N synthetic precedents, against a bare-theme floor.

Consumes: a count N.
Produces: printed figures (a benchmark, not a test): seconds per stage of
``casebook build`` on N synthetic records in a temporary folder, the number of pages,
the bytes of the largest precedent page; then the floor measured in the same run:
a bare mkdocs-material build of N plain pages of the same Markdown size with a
one-entry nav, plus Pagefind over it. Targets (issue "Casebook core", N = 1,000):
pipeline at most 1.5x the floor; precedent page HTML at most 40 KB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from ..records.collection import Project
from ..site.build import build
from ..site.engine import run_pagefind
from .synthetic import write_synthetic_collection

PAGE_TARGET_BYTES = 40 * 1024
RATIO_TARGET = 1.5


def _largest(folder: Path, pattern: str) -> tuple[int, str]:
    sizes = [(p.stat().st_size, p.as_posix()) for p in folder.glob(pattern)]
    return max(sizes) if sizes else (0, "")


def measure_pipeline(project: Project, count: int, tmp: Path) -> dict:
    """The project's docs, configuration and schema, with N synthetic records."""
    records = tmp / "precedents"
    write_synthetic_collection(records, count, schema_path=project.schema_path)
    report = build(Project(project.root, precedents=records), site_dir=tmp / "site", work_dir=tmp / "work")
    if not report.ok:
        raise SystemExit(f"benchmark build failed: {report.error or report.problems[:5]}")
    html_bytes, html_path = _largest(tmp / "site" / "precedents", "*/index.html")
    # As rendered: the engine reads less (its finished HTML blocks are set aside), but the
    # floor's pages should be the size of the page, as in every earlier measurement.
    md_bytes = report.largest_precedent_markdown
    return {
        "seconds": report.seconds,
        "indexer_seconds": report.indexer_seconds,
        "card_seconds": report.card_seconds,
        "cards_drawn": report.cards_drawn,
        "card_bytes": sum(p.stat().st_size for p in (tmp / "site" / "cards").rglob("*.png")),
        "total": sum(report.seconds.values()),
        "pages": report.pages,
        "largest_html": html_bytes,
        "largest_html_path": html_path,
        "largest_md": md_bytes,
        "site_bytes": sum(p.stat().st_size for p in (tmp / "site").rglob("*") if p.is_file()),
    }


def measure_floor(count: int, page_bytes: int, tmp: Path) -> dict:
    """A bare Material site: N plain pages of ``page_bytes`` of Markdown, one-entry nav."""
    docs = tmp / "floor-docs"
    docs.mkdir(parents=True)
    paragraph = "Plain text for the floor measurement of the site engine and the indexer. " * 8
    body = ""
    while len(body) < page_bytes:
        body += f"\n## Section {len(body) // 600}\n\n{paragraph}\n"
    (docs / "index.md").write_text("# Floor\n\nIndex page.\n", encoding="utf-8")
    for n in range(count):
        (docs / f"page-{n:05d}.md").write_text(f"# Page {n}\n{body}", encoding="utf-8")
    config = {
        "site_name": "Floor",
        "docs_dir": str(docs),
        "site_dir": str(tmp / "floor-site"),
        "theme": {"name": "material", "font": False},
        "plugins": [],
        "nav": [{"Home": "index.md"}],
        "validation": {"omitted_files": "ignore"},
    }
    config_path = tmp / "floor-mkdocs.yml"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    started = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config_path)], check=True, env=env)
    mkdocs_seconds = time.perf_counter() - started
    started = time.perf_counter()
    run_pagefind(tmp / "floor-site")
    pagefind_seconds = time.perf_counter() - started
    html_bytes, _ = _largest(tmp / "floor-site", "page-*/index.html")
    return {
        "mkdocs": mkdocs_seconds,
        "pagefind": pagefind_seconds,
        "total": mkdocs_seconds + pagefind_seconds,
        "largest_html": html_bytes,
    }


def _a_case_number(records: Path) -> str | None:
    """A decision number from the middle record, to search for one precedent."""
    files = sorted(records.glob("*.yml"))
    if not files:
        return None
    data = yaml.safe_load(files[len(files) // 2].read_text(encoding="utf-8"))
    for proceeding in data.get("proceedings") or []:
        for identifier in proceeding.get("identifiers") or []:
            return str(identifier["value"])
    return None


def run_benchmark(project: Project, count: int, browser: bool = False) -> int:
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as name:
        tmp = Path(name)
        print(f"casebook bench: N = {count} synthetic precedents (in {tmp}, removed afterwards)")
        pipeline = measure_pipeline(project, count, tmp)
        stages = "  ".join(f"{k} {v:.2f} s" for k, v in pipeline["seconds"].items())
        print(f"pipeline: {pipeline['total']:.2f} s total   {stages}")
        print(f"pages: {pipeline['pages']}   site: {pipeline['site_bytes'] / 1e6:.1f} MB")
        if "pdf wait" in pipeline["seconds"]:
            print(
                f"exports and pdf: {count} PDFs made in the build's second process beside the site engine; "
                f"{pipeline['seconds']['pdf wait']:.2f} s waited for them after the engine (a rebuild reuses unchanged ones)"
            )
        if pipeline["cards_drawn"]:
            drawn, seconds = pipeline["cards_drawn"], pipeline["card_seconds"]
            print(
                f"sharing cards: {drawn} drawn in {seconds:.2f} s ({1000 * seconds / drawn:.0f} ms each, "
                f"{pipeline['card_bytes'] / drawn / 1024:.0f} KB each), shared between the build's two processes; "
                f"{pipeline['seconds'].get('pdf wait', 0):.2f} s waited for the second after the engine"
            )
        print(
            f"largest precedent page: {pipeline['largest_html'] / 1024:.1f} KB HTML "
            f"(target <= {PAGE_TARGET_BYTES // 1024} KB), {pipeline['largest_md'] / 1024:.1f} KB Markdown as rendered"
        )
        floor = measure_floor(count, pipeline["largest_md"], tmp)
        print(
            f"floor (bare mkdocs-material, {count} plain pages, one-entry nav): {floor['total']:.2f} s total   "
            f"mkdocs {floor['mkdocs']:.2f} s  pagefind {floor['pagefind']:.2f} s   page {floor['largest_html'] / 1024:.1f} KB"
        )
        ratio = pipeline["total"] / floor["total"] if floor["total"] else float("inf")
        print(f"ratio pipeline / floor: {ratio:.2f} (target <= {RATIO_TARGET})")
        indexer = pipeline["indexer_seconds"]
        print(f"pagefind index build: {indexer:.2f} s (meanwhile the pipeline reads the pages for its link check)")
        if browser:
            from .bench_search import run_search_benchmark

            run_search_benchmark(tmp / "site", case_number=_a_case_number(tmp / "precedents"))
    return 0
