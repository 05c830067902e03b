"""The ``casebook`` command: check, build, serve, new, fields, translations, bench.

Consumes: command-line arguments.
Produces: exit status 0 on success, 1 when the input has problems (printed as
``path:LINE: field: message`` lines and a count), 2 for usage errors and outside a
project. Like ``git`` and ``mkdocs``, it works on the project in the current directory:
the nearest folder, here or above, with ``mkdocs.yml`` next to ``precedents/``. No
traceback reaches a contributor for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .records.anonymity import REDACTIONS_ENV
from .records.collection import NotAProject, Project, check_collection, find_project_root, record_files
from .records.problems import display_path, errors, summary, warnings_summary

# The site engines (scripts/casebook/site/engines/; README, "Engines"), the default first,
# named here so that `casebook --help` needs no import of the site stage (a test pins them
# equal to the engines there).
ENGINE_NAMES = ["mkdocs", "zensical"]
ENGINE_HELP = "site engine: mkdocs (MkDocs + Material for MkDocs, the default) or zensical"


def _project(args) -> Project:
    """The project the command is run in (found from the current directory upward)."""
    root = find_project_root()
    return Project(root=root, precedents=Path(args.precedents).resolve() if args.precedents else None)


def _folder(given: str | None, project: Project, default: str) -> Path:
    return Path(given).resolve() if given else project.root / default


def cmd_check(args) -> int:
    started = time.perf_counter()
    project = _project(args)
    collection, problems = check_collection(project)
    if args.records:  # only these records' problems (the pre-commit hook passes the changed ones)
        problems, unknown = _only_records(problems, project, args.records)
        if unknown:
            print(f"casebook check: not records in {display_path(project.precedents)}/: {', '.join(unknown)}", file=sys.stderr)
            return 2
    for problem in problems:
        print(problem)
    if errors(problems):
        print(summary(problems))
        return 1
    elapsed = time.perf_counter() - started
    found = f"; {warnings_summary(problems)}" if problems else ""
    print(f"{len(collection.precedents)} precedents checked, no problems{found} ({elapsed:.2f} s)")
    if os.environ.get(REDACTIONS_ENV):
        print(f"checked against the private redaction list named by {REDACTIONS_ENV}")
    return 0


def _only_records(problems: list, project: Project, records: list[str]) -> tuple[list, list[str]]:
    """Problems of the given records, and of anything that is not a record (schema, vocabularies)."""
    every = {display_path(path) for path in record_files(project.precedents)}
    wanted = {display_path(Path(record)) for record in records}
    unknown = sorted(wanted - every)
    return [p for p in problems if p.path in wanted or p.path not in every], unknown


def cmd_build(args) -> int:
    from .site.build import build_site

    project = _project(args)
    site_dir, work_dir = _folder(args.site_dir, project, "site"), _folder(args.work_dir, project, "build")
    return build_site(project, site_dir=site_dir, work_dir=work_dir, site_url=args.site_url, engine=args.engine)


def cmd_serve(args) -> int:
    from .site.serve import serve

    project = _project(args)
    site_dir, work_dir = _folder(args.site_dir, project, "site"), _folder(args.work_dir, project, "build")
    return serve(project, host=args.host, port=args.port, site_dir=site_dir, work_dir=work_dir, engine=args.engine)


def cmd_links(args) -> int:
    from .site.links import check_online, check_site, external_addresses

    site = _folder(args.site_dir, _project(args), "site")
    if not (site / "index.html").exists():
        print(f"no built site in {site}; run `casebook build` first")
        return 1
    problems = check_site(site)
    for problem in problems:
        print(problem)
    addresses = external_addresses(site)
    print(f"{len(problems)} broken internal links; {len(addresses)} external addresses")
    if args.online:
        failures = check_online(addresses)
        for address, reason in failures:
            print(f"{address}: {reason}")
        print(f"{len(failures)} external addresses did not answer")
        return 1 if problems or failures else 0
    return 1 if problems else 0


def cmd_new(args) -> int:
    from .records.validate import load_schema
    from .tools.scaffold import new_record

    project = _project(args)
    given = {"kind": args.kind, "requesting_state": args.requesting_state, "year": args.year, "slug": args.slug}
    schema = load_schema(project.schema_path)
    return new_record(
        project.precedents, schema, given, interactive=sys.stdin.isatty(), default_folder=project.root / "precedents"
    )


def cmd_fields(args) -> int:
    from .tools.field_reference import fields_command

    return fields_command(_project(args), write=args.write, check=args.check)


def cmd_translations(args) -> int:
    from .tools.translations import translations_command

    project = _project(args)
    if args.apply:
        from .tools.translation_files import apply

        target = Path(args.apply)
        written, problems = apply(target, project.precedents, args.apply)
        for problem in problems:
            print(problem)
        print(f"{written} translated fields written" + (f"; {len(problems)} problems" if problems else ""))
        return 1 if problems else 0
    collection, problems = check_collection(project)
    if errors(problems):
        for problem in errors(problems):
            print(problem)
        print(summary(problems))
        return 1
    if args.export:
        from .tools.translation_files import export, write_export

        language, target = args.export
        data = export(collection, language)
        write_export(data, Path(target))
        count = sum(len(fields) for fields in data.values())
        print(f"{count} fields of {len(data)} records to translate into {language} written to {target}")
        return 0
    return translations_command(project, collection)


def cmd_bench(args) -> int:
    from .tools.bench import run_benchmark

    engines = ["mkdocs", "zensical"] if args.engine == "both" else [args.engine]
    languages = tuple(code.strip() for code in args.languages.split(",") if code.strip()) if args.languages else None
    return run_benchmark(
        _project(args), count=args.count, browser=args.browser, engines=engines, runs=args.runs, languages=languages
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casebook", description="Casebook: precedents on the misuse of INTERPOL channels.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--precedents", help="folder of <id>.yml records (default: the project's precedents/)")
        p.set_defaults(func=func)
        return p

    check = add("check", cmd_check, "validate every precedent record")
    check.add_argument("records", nargs="*", help="report only these records (the whole collection is still checked)")
    for name, func, help_text in (
        ("build", cmd_build, "check, render, build the site with the site engine (MkDocs) and index it with Pagefind"),
        ("serve", cmd_serve, "build, serve on http://127.0.0.1:8000 and rebuild when records or docs change"),
    ):
        p = add(name, func, help_text)
        p.add_argument("--site-dir", help="where the finished site goes (default: the project's site/)")
        p.add_argument("--work-dir", help="scratch folder for generated pages (default: the project's build/)")
        p.add_argument("--engine", choices=ENGINE_NAMES, default=ENGINE_NAMES[0], help=ENGINE_HELP)
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
    links = add("links", cmd_links, "check every internal link and anchor of the built site (--online: external ones too)")
    links.add_argument("--site-dir", help="the built site (default: the project's site/)")
    links.add_argument("--online", action="store_true", help="also request every external address (allow-list in links.py)")
    new = add("new", cmd_new, "scaffold a fully commented record for a new precedent (asks for what is missing on a terminal)")
    new.add_argument("--kind", help="firm-case-study or public-record")
    new.add_argument("--requesting-state", help="ISO code of the requesting state, e.g. BY; xx where the sources withhold it")
    new.add_argument("--year", help="the year the case began, YYYY")
    new.add_argument("--slug", help="a few words for the id and file name, e.g. blue-notice-then-diffusion")
    fields = add("fields", cmd_fields, "print the field reference of CONTRIBUTING.md, generated from precedents/schema.json")
    mode = fields.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the reference in CONTRIBUTING.md between its markers")
    mode.add_argument("--check", action="store_true", help="exit 1 if CONTRIBUTING.md's reference is out of date")
    translations = add(
        "translations",
        cmd_translations,
        "translation coverage per language: pages, records, vocabularies, glossary, notice types, interface strings",
    )
    files = translations.add_mutually_exclusive_group()
    files.add_argument(
        "--export",
        nargs=2,
        metavar=("LANGUAGE", "FILE"),
        help="write every record field still to translate into LANGUAGE (missing or stale) to FILE, with its English",
    )
    files.add_argument(
        "--apply",
        metavar="FILE",
        help="write the translations filled in FILE (made by --export) into the records, each with the hash of its English",
    )
    bench = add("bench", cmd_bench, "benchmark the pipeline on N synthetic precedents in a temporary folder")
    bench.add_argument("--count", type=int, default=1000)
    bench.add_argument("--browser", action="store_true", help="also measure search in headless Chromium")
    bench.add_argument(
        "--engine", choices=[*ENGINE_NAMES, "both"], default=ENGINE_NAMES[0], help=ENGINE_HELP + "; both: one after the other"
    )
    bench.add_argument(
        "--runs", type=int, default=1, help="measure this many times (each engine in turn); print median and range"
    )
    bench.add_argument(
        "--languages",
        help="the site's languages for the run, e.g. en,ru or en (default: every docs/locales/<code>.po, as a build); "
        "the floor is the bare theme built once per language",
    )

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except NotAProject as error:
        print(f"casebook {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
