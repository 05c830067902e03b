"""The ``casebook`` command: check, build, serve, new, bench.

Consumes: command-line arguments.
Produces: exit status 0 on success, 1 when the input has problems (printed as
``path:LINE: field: message`` lines and a count), 2 for usage errors. No traceback
reaches a contributor for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .collection import ROOT, Project, check_collection
from .problems import summary


def _project(args) -> Project:
    return Project(root=ROOT, precedents=Path(args.precedents).resolve())


def cmd_check(args) -> int:
    started = time.perf_counter()
    collection, problems = check_collection(_project(args))
    for problem in problems:
        print(problem)
    if problems:
        print(summary(problems))
        return 1
    elapsed = time.perf_counter() - started
    print(f"{len(collection.precedents)} precedents checked, no problems ({elapsed:.2f} s)")
    return 0


def cmd_build(args) -> int:
    from .build import build_site

    return build_site(
        _project(args), site_dir=Path(args.site_dir).resolve(), work_dir=Path(args.work_dir).resolve(), site_url=args.site_url
    )


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(
        _project(args),
        host=args.host,
        port=args.port,
        site_dir=Path(args.site_dir).resolve(),
        work_dir=Path(args.work_dir).resolve(),
    )


def cmd_bench(args) -> int:
    from .bench import run_benchmark

    return run_benchmark(count=args.count, browser=args.browser)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casebook", description="Casebook: precedents on the misuse of INTERPOL channels.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--precedents", default=str(ROOT / "precedents"), help="folder of <id>.yml records (default: precedents/)")
        p.set_defaults(func=func)
        return p

    add("check", cmd_check, "validate every precedent record")
    for name, func, help_text in (
        ("build", cmd_build, "check, render, build the site with MkDocs and index it with Pagefind"),
        ("serve", cmd_serve, "build, serve on http://127.0.0.1:8000 and rebuild when records or docs change"),
    ):
        p = add(name, func, help_text)
        p.add_argument("--site-dir", default=str(ROOT / "site"), help="where the finished site goes (default: site/)")
        p.add_argument("--work-dir", default=str(ROOT / "build"), help="scratch folder for generated pages (default: build/)")
        if name == "build":
            p.add_argument(
                "--site-url",
                default=os.environ.get("CASEBOOK_SITE_URL") or None,
                help="the site's public address, e.g. https://example.org/casebook/ (default: $CASEBOOK_SITE_URL, "
                "else site_url in mkdocs.yml); used for permanent links, canonical links, feeds and sitemap.xml",
            )
        if name == "serve":
            p.add_argument("--host", default="127.0.0.1")
            p.add_argument("--port", type=int, default=8000)
    bench = add("bench", cmd_bench, "benchmark the pipeline on N synthetic precedents in a temporary folder")
    bench.add_argument("--count", type=int, default=1000)
    bench.add_argument("--browser", action="store_true", help="also measure search in headless Chromium")

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
