"""Build the whole site: check, render, write, run the engine and the indexer, publish.

Consumes: a ``Project`` (records folder, docs, mkdocs.yml), the site engine's name.
Produces: the finished site in ``site_dir`` and a ``BuildReport`` with seconds per
stage. Steps: check the collection (refuse on any problem); start the second process,
which makes the published files that are not pages (open-data exports, feeds,
redirects for former ids, then the sharing cards and the PDFs; see ``worker``) while
this one renders the pages; assemble hand-written docs, generated pages and the exports in ``work_dir/docs``
(only changed files written, stale ones removed); build into a fresh folder beside
``site_dir`` with the site engine (``engines/``); index it with Pagefind, meanwhile
writing the files the engine would only copy (``BESIDE_THE_ENGINE``), the sitemap
(``publish/sitemap.py``), the cards and the PDFs; check that every internal link and
anchor resolves; when a private redaction list is given (``CASEBOOK_REDACTIONS``, see anonymity.py), refuse if
any entry appears anywhere in the built site; only then swap it into place. A failure
at any stage leaves the previous ``site_dir`` untouched.
"""

from __future__ import annotations

import gc
import os
import posixpath
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..pages.contact import footer_values
from ..pages.editions import Edition, editions, source_edition
from ..pages.history import record_dates
from ..pages.i18n.notes import AUTHORITATIVE, translated_page
from ..pages.metadata import feed_title
from ..pages.publication import Publication, read_site
from ..pages.render import render_site
from ..pages.site_paths import file_url, relpath
from ..publish.pdf import FONT_DIR, font_available
from ..publish.sitemap import last_changes, sitemap_files
from ..publish.worker import PublishingWorker
from ..records.anonymity import guard_from_environment, scan_folder
from ..records.collection import Project, check_collection, records_kept
from ..records.problems import Problem, display_path, errors, summary
from ..records.translations import is_translation, page_translation
from .engine import EngineError, run_engine, start_pagefind
from .engines import engine_named
from .finish import Sharing, finish_pages
from .glossary import glossary_words
from .links import check_site
from .set_aside import set_aside_html
from .write import write_new_files, write_tree


@dataclass
class BuildReport:
    ok: bool = False
    precedents: int = 0
    pages: int = 0
    seconds: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    error: str = ""
    notes: list = field(default_factory=list)  # printed after a successful build
    card_seconds: float = 0.0  # the sharing cards, in the second process
    cards_drawn: int = 0  # not found in the cache
    indexer_seconds: float = 0.0  # Pagefind's own run; the stages overlap it with reading the pages
    # The largest precedent page as rendered, before its HTML blocks were set aside for
    # the engine (the benchmark sizes its floor's pages by it).
    largest_precedent_markdown: int = 0


def assemble(
    project: Project,
    generated: dict,
    added_later=(),
    cards_later=(),
    edition: Edition | None = None,
    links_from_file: bool = False,
) -> tuple[dict, list[Problem]]:
    """Hand-written docs + generated pages + record copies, for one edition (English by
    default): ``generated`` holds its pages with paths within it. A translated edition
    takes each hand-written page's translation (``X.<code>.md``, with a note where it is
    stale) or, where there is none, the English page under a note that it is not yet
    translated; its pages link to the records' copies at the site's root. A generated
    page may not overwrite a hand-written one, nor may a file the build adds to the site
    after the engine (``added_later``: the PDFs; ``cards_later``: the sharing cards), which
    would replace it unseen."""
    files: dict = {}
    problems: list[Problem] = []
    docs = Path(project.docs_dir)
    language = edition.language if edition is not None and not edition.is_source else None
    for path in sorted(p for p in docs.rglob("*") if p.is_file() and not is_translation(p)):
        relative = path.relative_to(docs).as_posix()
        if language is not None and path.suffix == ".md" and "overrides" not in path.relative_to(docs).parts:
            found = page_translation(path, language.code)
            text = found.text if found.text is not None else path.read_text(encoding="utf-8")
            page = translated_page(text, found.state, language)
            files[relative] = to_site_root(page, relative, edition.site_root, links_from_file)
        elif language is not None and relative.startswith("locales/"):
            continue  # the catalogues are read by the build, never published
        else:
            files[relative] = path.read_bytes()

    def clash(relative: str, what: str) -> None:
        if relative in files:
            message = f"this hand-written file has the path of a {what}; move or rename it"
            problems.append(Problem(display_path(docs / relative), 1, "", message))

    for relative in added_later:
        clash(relative, "generated PDF")
    for relative in cards_later:
        clash(relative, "generated sharing card")
    for relative, text in generated.items():
        clash(relative, "generated page")
        files[relative] = text
    if language is None:  # the records' copies: one, at the site's root
        for record in sorted(Path(project.precedents).glob("*.yml")):
            files[f"records/{record.name}"] = record.read_bytes()
    return files, problems


# Folders published once, at the site's root, for every language (the open data, the
# records' copies): a translated page's links into them go up to the root.
AT_THE_ROOT = ("api/", "records/")
_MARKDOWN_LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def to_site_root(text: str, page: str, site_root: str, from_file: bool = False) -> str:
    """A hand-written page of a translated edition with its Markdown links into
    ``AT_THE_ROOT`` (relative to the page) sent up to the site's root; written from the
    page's address, or with ``from_file`` from the Markdown file (as the engine reads them:
    ``links_from_file`` in engines/)."""

    def fix(match: re.Match) -> str:
        target = match.group(2)
        if ":" in target or target.startswith(("#", "/")):
            return match.group(0)
        path, hash_, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if not resolved.startswith(AT_THE_ROOT):
            return match.group(0)
        # The engine leaves a link to a file it does not have as it is, so the link is
        # written from the page's address (api.md is published at api/).
        target = relpath(site_root + resolved, posixpath.dirname(page)) if from_file else file_url(page, site_root + resolved)
        return match.group(1) + target + hash_ + anchor + match.group(3)

    return _MARKDOWN_LINK.sub(fix, text) if site_root else text


def within(edition: Edition, editions, files: dict) -> dict:
    """The files of one edition (paths within the site) as paths within the edition: the
    English edition's are those under no other edition's folder."""
    if edition.prefix:
        return {path[len(edition.prefix) :]: data for path, data in files.items() if path.startswith(edition.prefix)}
    others = tuple(e.prefix for e in editions if e.prefix)
    return {path: data for path, data in files.items() if not (others and path.startswith(others))}


def build(
    project: Project, site_dir: Path, work_dir: Path, site_url: str | None = None, engine: str | None = None
) -> BuildReport:
    """``site_url`` overrides mkdocs.yml's (full permanent addresses, canonical links, sitemap);
    ``engine`` names the site engine (engines/; the default is MkDocs + Material)."""
    report = BuildReport()
    site_engine = engine_named(engine)
    clock = time.perf_counter()

    def lap(stage: str):
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = now - clock
        clock = now

    try:
        with records_kept():
            collection, problems = check_collection(project)
        site, found = read_site(project.mkdocs_yml, site_url)
        problems += found
        lap("check")
        if errors(problems):
            report.problems = problems
            return report
        report.notes += [str(p) for p in problems]  # warnings: printed, never a reason to refuse
        report.precedents = len(collection.precedents)
        report.notes += site.notes()
        publication = Publication(site, record_dates(project.precedents))
        # One edition per language: English at the root, each other under /<code>/.
        site_editions = editions(publication, project.docs_dir / "locales")
        # Exports, feeds, redirects, half the precedent pages and the PDFs are made in a
        # second process while this one renders the other pages and runs the engine (worker.py).
        publishing = PublishingWorker(
            collection, publication, Path(work_dir) / "pdf-cache", repo_url=site.repo_url, editions=site_editions
        )
        try:
            generated = {}
            for edition in site_editions:
                pages = render_site(
                    collection,
                    edition.language,
                    repo_url=site.repo_url,
                    publication=edition.publication,
                    precedents=publishing.pages_here,
                    site_root=edition.site_root,
                )
                generated.update({edition.prefix + path: text for path, text in pages.items()})
            lap("render")
            generated.update(publishing.exports())
            lap("exports")
            if not font_available():
                note = f"note: {FONT_DIR}/ not found, so the PDFs use Helvetica (Latin-1 only); `make build` installs it"
                report.notes.append(note)
            if not site.url:
                report.notes.append(SITE_URL_NOTE)
            glossary = {
                e.prefix: glossary_words(collection.reference.glossary, e.code) if collection.reference else {}
                for e in site_editions
            }
            lastmod = last_changes(collection, publication)
            return _build_site(
                project,
                site_dir,
                work_dir,
                site,
                publication,
                generated,
                glossary,
                publishing,
                report,
                lap,
                site_engine,
                lastmod,
                site_editions,
            )
        finally:
            publishing.close()
    finally:
        gc.unfreeze()  # what records_kept froze is collected as usual again (a test session builds many sites)


# Files the engine would only copy, one per precedent, which pages link to in raw HTML
# (the link check verifies those links): they go into the new site beside the engine,
# written while Pagefind indexes. At 1,000 precedents that is 2,000 files the engine no
# longer reads and copies.
BESIDE_THE_ENGINE = ("records/", "api/v1/precedents/")


def _beside_the_engine(path: str) -> bool:
    return path.startswith(BESIDE_THE_ENGINE) and not path.endswith(".md")


class _Writing:
    """Files written into the new site by a thread while Pagefind indexes it: first
    ``files``, then what ``later()`` returns (the PDFs, as the second process hands them
    over). The thread mostly waits, on the file system or on the second process, so it
    costs the build little. ``finish()`` waits for it and re-raises what it raised."""

    def __init__(self, folder: Path, files: dict, later):
        self.error: BaseException | None = None

        def write() -> None:
            try:
                write_new_files(folder, files)
                write_new_files(folder, later())
            except BaseException as error:  # noqa: BLE001 -- handed to finish()
                self.error = error

        self._thread = threading.Thread(target=write, name="casebook-write-beside", daemon=True)
        self._thread.start()

    def finish(self, raise_error: bool = True) -> None:
        self._thread.join()
        if raise_error and self.error is not None:
            error, self.error = self.error, None
            raise error


def _is_precedent_page(path: str) -> bool:
    return path.startswith("precedents/") and path.endswith(".md") and path.count("/") == 1 and path != "precedents/index.md"


# Printed once, at the end of a build without the site's address (README, "Hosting").
SITE_URL_NOTE = (
    "note: no site address is set, so permanent links, feeds and sharing tags (og:url, og:image) use relative "
    "addresses, which messengers and feed readers cannot follow; give --site-url URL (or CASEBOOK_SITE_URL, "
    "or site_url in mkdocs.yml) for the published site"
)


def _build_site(
    project,
    site_dir,
    work_dir,
    site,
    publication,
    generated,
    glossary,
    publishing,
    report,
    lap,
    engine=None,
    lastmod=None,
    site_editions=None,
) -> BuildReport:
    """``engine``: one of ``engines.ENGINES`` (the default when None); ``lastmod``: the
    sitemap's dates by page (``sitemap.last_changes``); ``generated``: every edition's
    pages, each under its folder (``site_editions``; English alone when None);
    ``glossary``: each edition's words, by its folder."""
    engine = engine or engine_named(None)
    site_editions = site_editions or [source_edition(publication)]
    report.largest_precedent_markdown = max(
        (len(text.encode("utf-8")) for path, text in generated.items() if _is_precedent_page(path)), default=0
    )
    generated, set_aside = set_aside_html(generated)  # finished HTML skips the engine (see set_aside.py)
    work_dir = Path(work_dir)
    beside: dict = {}
    docs_dirs = {}
    english_pages: list = []
    for edition in site_editions:
        files, problems = assemble(
            project,
            within(edition, site_editions, generated),
            added_later=[p for p in within(edition, site_editions, dict.fromkeys(publishing.pdf_paths))],
            cards_later=[p for p in within(edition, site_editions, dict.fromkeys(publishing.card_paths))],
            edition=edition,
            links_from_file=engine.links_from_file,
        )
        if problems:
            report.problems = problems
            return report
        if edition.is_source:
            beside.update({path: files.pop(path) for path in [p for p in files if _beside_the_engine(p)]})
            english_pages = [p for p in files if p.endswith(".md")]
        # Each edition's pages are written to a folder of their own, which its engine run reads.
        docs_dirs[edition.code] = docs_dir = work_dir / ("docs" if edition.is_source else f"docs.{edition.code}")
        write_tree(docs_dir, files)
        report.pages += sum(1 for r in files if r.endswith(".md"))
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or publication.build_epoch)
    # The sitemaps are the pipeline's, not the engine's template's (see publish/sitemap.py):
    # one per edition, each page naming its versions in the other languages.
    beside.update(sitemap_files(english_pages, site, lastmod or {}, epoch, site_editions))
    lap("write")

    site_dir = Path(site_dir)
    partial = site_dir.parent / f".{site_dir.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    # The PDFs render in the second process while the engine builds the pages. Pages
    # link to them in raw HTML, which the engine does not check; the link check below
    # does, once they are in place.
    try:
        publishing.start_cards()  # this process's share, while it waits for the engine
        # One engine run per language: the theme's language is the whole build's. English
        # first, as it empties its site folder; each other edition is built into its own.
        for edition in site_editions:
            run_engine(
                engine,
                project.mkdocs_yml,
                docs_dirs[edition.code],
                partial / edition.prefix if edition.prefix else partial,
                work_dir / f"{engine.name}.{edition.code}.generated.yml",
                site_url=edition.publication.site.url,
                build_epoch=publication.build_epoch,
                extra=engine_extra(edition),
                language=edition.language,
            )
            lap(engine.name if edition.is_source else f"{engine.name} ({edition.code})")
        _, pages_read = finish_pages(
            partial,
            set_aside,
            glossary,
            Sharing(publishing.page_cards, site.url, [e.prefix for e in site_editions if e.prefix]),
            site_editions,
        )
        lap("finish pages")
        indexing = start_pagefind(partial)
        # Neither the files the engine would only copy nor the PDFs are HTML, which is all
        # Pagefind reads: they are written meanwhile.
        writing = _Writing(partial, beside, later=lambda: {**publishing.cards(), **publishing.pdfs()})
        try:
            # The link check has what it reads of every page from finishing them; the
            # indexer adds no page, only files under pagefind/, and the check lists the
            # files once the index and the PDFs are in place.
            indexing.finish()
        except BaseException:
            publishing.close()  # stops the PDFs, so the writing ends soon
            writing.finish(raise_error=False)
            raise
        finally:
            indexing.stop()  # only does something when the wait was interrupted
        report.indexer_seconds = indexing.seconds
        lap("pagefind")
    except EngineError as error:
        shutil.rmtree(partial, ignore_errors=True)
        report.error = str(error)
        return report
    try:
        writing.finish()
    except Exception as error:  # the second process died, a document could not be laid out, a disk is full
        shutil.rmtree(partial, ignore_errors=True)
        report.error = f"writing the PDFs and data files failed: {type(error).__name__}: {error}"
        return report
    lap("pdf wait")
    report.card_seconds, report.cards_drawn = publishing.card_seconds, publishing.cards_drawn
    # The 404 page's links start with the path of the site's address (e.g. /casebook/).
    broken = check_site(partial, base_path=urlsplit(site.url).path if site.url else "/", scanned=pages_read)
    lap("links")
    if broken:
        shutil.rmtree(partial, ignore_errors=True)
        report.problems = broken
        return report
    guard, _ = guard_from_environment()  # a broken list was already reported by the check
    if guard.redactions:
        leaks = scan_folder(partial, guard, shown_as=site_dir)
        if leaks:  # a client's name in a hand-written page, a template or a record: publish nothing
            shutil.rmtree(partial, ignore_errors=True)
            report.problems = leaks
            return report
        lap("redaction scan")
    publish(partial, site_dir)
    lap("publish")
    report.ok = True
    return report


def engine_extra(edition: Edition) -> dict:
    """What the theme overrides print besides the configuration (docs/overrides/), in the
    edition's language: the footer, the header's search box, the way to the site's root
    (the search index and the open data are there, one for every language)."""
    _ = edition.language._
    footer = footer_values(edition.publication.site, _)
    if not edition.is_source:
        footer["translation_note"] = _(AUTHORITATIVE)
    return {
        "casebook_footer": footer,
        "casebook_root": edition.site_root,
        "casebook_strings": {
            "search_label": _("Search precedents and guides"),
            "search_placeholder": _("Search"),
            "search": _("Search"),
            "suggestions": _("Search suggestions"),
            "feed_title": feed_title(edition.publication.site.name, None, None, _),
            "made_with": _("Made with"),  # the theme's footer: "Made with Material for MkDocs"
            "not_found": _("404 - Not found"),  # the heading of the theme's 404 page (docs/overrides/404.html)
        },
    }


def publish(partial: Path, site_dir: Path) -> None:
    """Swap the finished site into place; the old one is removed only after the swap."""
    old = site_dir.parent / f".{site_dir.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(partial, site_dir)
    shutil.rmtree(old, ignore_errors=True)


def build_site(project: Project, site_dir: Path, work_dir: Path, site_url: str | None = None, engine: str | None = None) -> int:
    """The ``casebook build`` command: build and print the outcome."""
    report = build(project, site_dir, work_dir, site_url, engine)
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
    for note in report.notes:
        print(note)
    return 0
