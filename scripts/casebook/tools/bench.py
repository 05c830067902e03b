"""Benchmark: the whole pipeline on N synthetic precedents, against a bare-theme floor.

Consumes: a count N, the site engines to measure (engines/), a number of runs.
Produces: printed figures (a benchmark, not a test): seconds per stage of
``casebook build`` on N synthetic records in a temporary folder, the number of pages,
the bytes of the largest precedent page; then the floor measured in the same run:
a bare build with the same engine and theme of N plain pages of the same Markdown size
with a one-entry nav, plus Pagefind over it. Each run uses a fresh folder (a cold
build); with several engines they take turns, run by run, so a machine that slows
down meanwhile slows both. With more than one run, or more than one engine, a summary
gives per engine the median and the range of pipeline, floor and their ratio.
Targets: one language (issue "Casebook core", N = 1,000): pipeline at most 1.5x the
floor; two or more (issue "The Russian edition", N = 10,000): at most 1.3x the floor
built in as many languages; precedent page HTML at most 40 KB. The processor seconds of
both are printed too: on a machine with few cores they bound the ratio from below.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from ..pages.i18n import languages as languages_of
from ..records.collection import Project
from ..site.build import build
from ..site.engine import run_pagefind
from ..site.engines import engine_named
from .synthetic import write_synthetic_collection

PAGE_TARGET_BYTES = 40 * 1024
RATIO_TARGET = 1.5  # one language
RATIO_TARGET_LANGUAGES = 1.3  # two or more


def ratio_target(languages) -> float:
    return RATIO_TARGET if len(languages) < 2 else RATIO_TARGET_LANGUAGES


def cpu_seconds() -> float:
    """Processor seconds spent so far by this process and its ended children (the site
    engine, Pagefind, the build's second processes), user and system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _largest(folder: Path, pattern: str) -> tuple[int, str]:
    sizes = [(p.stat().st_size, p.as_posix()) for p in folder.glob(pattern)]
    return max(sizes) if sizes else (0, "")


def project_in_languages(project: Project, languages, tmp: Path) -> Project:
    """A copy of the project's docs, configuration and reference data whose catalogues are
    those of ``languages`` only (the site's languages are the catalogues present)."""
    root = tmp / "project"
    shutil.copytree(project.docs_dir, root / "docs")
    for po in (root / "docs" / "locales").glob("*.po"):
        if po.stem not in languages:
            po.unlink()
    shutil.copy(project.mkdocs_yml, root / "mkdocs.yml")
    (root / "precedents").mkdir(parents=True)
    for name in ("schema.json", "public-names.txt"):
        if (project.root / "precedents" / name).is_file():
            shutil.copy(project.root / "precedents" / name, root / "precedents" / name)
    for folder in ("vocabularies", "reference"):
        shutil.copytree(project.root / "precedents" / folder, root / "precedents" / folder)
    return Project(root)


def measure_pipeline(project: Project, count: int, tmp: Path, engine: str = "mkdocs", languages=None) -> dict:
    """The project's docs, configuration and schema, with N synthetic records; in
    ``languages`` (every catalogue's, as a build, when None)."""
    records = tmp / "precedents"
    write_synthetic_collection(records, count, schema_path=project.schema_path)
    if languages is not None:
        project = project_in_languages(project, languages, tmp)
    cpu = cpu_seconds()
    report = build(Project(project.root, precedents=records), site_dir=tmp / "site", work_dir=tmp / "work", engine=engine)
    cpu = cpu_seconds() - cpu
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
        # every edition's cards (cards/, ru/cards/), as cards_drawn counts them
        "card_bytes": sum(
            p.stat().st_size for p in (tmp / "site").rglob("*.png") if "cards" in p.relative_to(tmp / "site").parts
        ),
        "total": sum(report.seconds.values()),
        "cpu": cpu,
        "pages": report.pages,
        "largest_html": html_bytes,
        "largest_html_path": html_path,
        "largest_md": md_bytes,
        "site_bytes": sum(p.stat().st_size for p in (tmp / "site").rglob("*") if p.is_file()),
    }


def measure_floor(count: int, page_bytes: int, tmp: Path, engine: str = "mkdocs", languages=("en",)) -> dict:
    """A bare Material site: N plain pages of ``page_bytes`` of Markdown, one-entry nav,
    built by ``engine`` as the pipeline runs it (--strict --clean), once per language (the
    theme's language is the build's; English at the root, any other under /<code>/),
    then one Pagefind run over it all."""
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
        # The Markdown both engines always run (MkDocs adds fenced_code, Zensical superfences):
        # without the key Zensical runs its own long default list, a different floor.
        "markdown_extensions": ["toc", "tables"],
    }
    cpu = cpu_seconds()
    started = time.perf_counter()
    for code in languages:
        site = tmp / "floor-site" if code == "en" else tmp / "floor-site" / code
        theme = {**config["theme"], "language": code}
        engine_named(engine).build({**config, "site_dir": str(site), "theme": theme}, tmp / f"floor-{engine}-{code}.yml")
    engine_seconds = time.perf_counter() - started
    started = time.perf_counter()
    run_pagefind(tmp / "floor-site")
    pagefind_seconds = time.perf_counter() - started
    html_bytes, _ = _largest(tmp / "floor-site", "page-*/index.html")
    return {
        "engine": engine_seconds,
        "pagefind": pagefind_seconds,
        "total": engine_seconds + pagefind_seconds,
        "cpu": cpu_seconds() - cpu,
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


def run_benchmark(project: Project, count: int, browser: bool = False, engines=("mkdocs",), runs: int = 1, languages=None) -> int:
    """``languages``: the site's languages for the runs (every catalogue's, as a build, when None)."""
    if languages is None:
        languages = tuple(languages_of(project.docs_dir / "locales"))
    figures: dict[str, list[tuple[float, float, float]]] = {engine: [] for engine in engines}
    for run in range(1, runs + 1):
        for engine in engines:
            label = f"  [{engine}, run {run} of {runs}]" if runs > 1 or len(engines) > 1 else ""
            figures[engine].append(_run_once(project, count, browser, engine, label, languages))
    if runs > 1 or len(engines) > 1:
        print(f"\nsummary, N = {count}, {runs} run(s) per engine: median (min to max), seconds")
        for engine, measured in figures.items():
            pipeline, floor = [p for p, _, _ in measured], [f for _, f, _ in measured]
            ratio = [p / f for p, f, _ in measured]
            lowest = [bound / f for _, f, bound in measured]
            print(
                f"{engine_named(engine).label:>30}: pipeline {_spread(pipeline)}   floor {_spread(floor)}   "
                f"ratio {_spread(ratio)} (target <= {ratio_target(languages)}; "
                f"the cores' processor seconds allow at least {_spread(lowest)})"
            )
    return 0


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f} to {max(values):.2f})"


def _run_once(project: Project, count: int, browser: bool, engine: str, label: str, languages=None) -> tuple[float, float, float]:
    """One cold run of the pipeline and the floor with ``engine``; returns their totals and
    the least time the pipeline's processor seconds could take on this machine's cores."""
    if languages is None:
        languages = tuple(languages_of(project.docs_dir / "locales"))
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as name:
        tmp = Path(name)
        shown = ", ".join(languages)
        print(f"casebook bench: N = {count} synthetic precedents, engine {engine}, languages {shown} (in {tmp}){label}")
        pipeline = measure_pipeline(project, count, tmp, engine, languages)
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
        floor = measure_floor(count, pipeline["largest_md"], tmp, engine, languages)
        print(
            f"floor (bare {engine}, Material theme, {count} plain pages in {len(languages)} language(s), one-entry nav): "
            f"{floor['total']:.2f} s total   "
            f"{engine} {floor['engine']:.2f} s  pagefind {floor['pagefind']:.2f} s   page {floor['largest_html'] / 1024:.1f} KB"
        )
        ratio = pipeline["total"] / floor["total"] if floor["total"] else float("inf")
        print(f"ratio pipeline / floor: {ratio:.2f} (target <= {ratio_target(languages)})")
        # However well the work is shared out, the pipeline cannot end before its processor
        # seconds are spent on this machine's cores: the lowest ratio this machine allows.
        cores = os.cpu_count() or 1
        print(
            f"processor seconds: pipeline {pipeline['cpu']:.1f}, floor {floor['cpu']:.1f}; on {cores} core(s) "
            f"the pipeline takes at least {pipeline['cpu'] / cores:.1f} s, a ratio of at least "
            f"{pipeline['cpu'] / cores / floor['total']:.2f}"
        )
        indexer = pipeline["indexer_seconds"]
        print(f"pagefind index build: {indexer:.2f} s (meanwhile the copied files, the cards and the PDFs are written)")
        if browser:
            from .bench_search import run_search_benchmark

            run_search_benchmark(tmp / "site", case_number=_a_case_number(tmp / "precedents"))
        return pipeline["total"], floor["total"], pipeline["cpu"] / cores
