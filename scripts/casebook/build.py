"""Build the whole site: check, render, write, run the engine and the indexer, publish.

Consumes: a ``Project`` (records folder, docs, mkdocs.yml).
Produces: the finished site in ``site_dir`` and a ``BuildReport`` with seconds per
stage. Steps: check the collection (refuse on any problem); render pages; assemble
hand-written docs, generated pages and record copies in ``work_dir/docs`` (only changed
files written, stale ones removed); build into a fresh folder beside ``site_dir``;
index it with Pagefind; check that every internal link and anchor resolves; only then
swap it into place. A failure at any stage leaves
the previous ``site_dir`` untouched.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .collection import Project, check_collection
from .engine import EngineError, run_mkdocs, run_pagefind
from .links import check_site
from .problems import Problem, display_path, summary
from .render import render_site, repo_url_from
from .write import write_tree


@dataclass
class BuildReport:
    ok: bool = False
    precedents: int = 0
    pages: int = 0
    seconds: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    error: str = ""


def assemble(project: Project, generated: dict) -> tuple[dict, list[Problem]]:
    """Hand-written docs + generated pages + record copies; a generated page may not overwrite a hand-written one."""
    files: dict = {}
    problems: list[Problem] = []
    docs = Path(project.docs_dir)
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        files[path.relative_to(docs).as_posix()] = path.read_bytes()
    for relative, text in generated.items():
        if relative in files:
            problems.append(
                Problem(
                    display_path(docs / relative),
                    1,
                    "",
                    "this hand-written file has the path of a generated page; move or rename it",
                )
            )
        files[relative] = text
    for record in sorted(Path(project.precedents).glob("*.yml")):
        files[f"records/{record.name}"] = record.read_bytes()
    return files, problems


def build(project: Project, site_dir: Path, work_dir: Path) -> BuildReport:
    report = BuildReport()
    clock = time.perf_counter()

    def lap(stage: str):
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = now - clock
        clock = now

    collection, problems = check_collection(project)
    lap("check")
    if problems:
        report.problems = problems
        return report
    report.precedents = len(collection.precedents)
    generated = render_site(collection, repo_url=repo_url_from(project.mkdocs_yml))
    lap("render")
    files, problems = assemble(project, generated)
    if problems:
        report.problems = problems
        return report
    work_dir = Path(work_dir)
    docs_dir = work_dir / "docs"
    write_tree(docs_dir, files)
    report.pages = sum(1 for r in files if r.endswith(".md"))
    lap("write")

    site_dir = Path(site_dir)
    partial = site_dir.parent / f".{site_dir.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    try:
        run_mkdocs(project.mkdocs_yml, docs_dir, partial, work_dir / "mkdocs.generated.yml")
        lap("mkdocs")
        run_pagefind(partial)
        lap("pagefind")
    except EngineError as error:
        shutil.rmtree(partial, ignore_errors=True)
        report.error = str(error)
        return report
    broken = check_site(partial)
    lap("links")
    if broken:
        shutil.rmtree(partial, ignore_errors=True)
        report.problems = broken
        return report
    publish(partial, site_dir)
    lap("publish")
    report.ok = True
    return report


def publish(partial: Path, site_dir: Path) -> None:
    """Swap the finished site into place; the old one is removed only after the swap."""
    old = site_dir.parent / f".{site_dir.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(partial, site_dir)
    shutil.rmtree(old, ignore_errors=True)


def build_site(project: Project, site_dir: Path, work_dir: Path) -> int:
    """The ``casebook build`` command: build and print the outcome."""
    report = build(project, site_dir, work_dir)
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(summary(report.problems))
        print(f"build refused: nothing was changed in {display_path(site_dir)}/")
        return 1
    if not report.ok:
        print(report.error)
        print(f"build failed: nothing was changed in {display_path(site_dir)}/")
        return 1
    stages = ", ".join(f"{k} {v:.2f} s" for k, v in report.seconds.items())
    print(f"built {report.precedents} precedents, {report.pages} pages into {display_path(site_dir)}/ ({stages})")
    return 0
