"""The build's second process: the published files that are not pages.

Consumes: the checked ``Collection``, the ``Publication`` and the PDF cache folder.
Produces: the open-data exports (the CCF decisions digest's too), feeds and redirect pages, and the pages of the second
half of the precedents (``exports()``); then the sharing cards (``cards()``, through
``cards.CardRun`` and its cache) and every precedent's PDF (``pdfs()``, through
``pdf.PdfRun`` and its cache).
Steps, in a second process started as soon as the collection is checked: derive the
collection's facts, make the exports, feeds and redirects, render its half of the
precedent pages and hand all that over; then draw the cards, then render the PDFs,
handing each over when done.
Meanwhile this process renders the other half of the precedent pages and the rest of
the site's pages, then runs the site engine, so on a machine with two cores neither
waits for the other: at 1,000 precedents the exports, half the rendering and the PDFs'
set-up (about 4.5 s) leave the build's critical path, and the PDFs (about 12 s) render
while the engine works.

A small collection (the tests' fixtures, a first contributor's) is not worth a second
process (starting one costs about half a second); nor is a one-core machine. Then the
same work is done here, when asked for. ``close()`` stops the second process at once
when the build fails: the PDFs already rendered are in the cache for the next build.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
import traceback
from pathlib import Path

from ..pages.derive import derive
from ..pages.editions import source_edition
from ..pages.publication import Publication
from ..pages.render import Renderer
from ..records.collection import Collection, records_kept
from .cards import CardRun, edition_cards, logo_paths
from .ccf_exports import ccf_data_files, ccf_feed_files
from .exports import export_files
from .feeds import feed_files
from .pdf import PdfRun
from .redirects import redirect_files

SEPARATE_FROM = 100  # precedents: below this, the work is done in this process


class PublishingError(Exception):
    """The second process failed: ``str()`` says how, in one line."""


def _exports(collection: Collection, derived, publication: Publication, editions=()) -> dict:
    """The open data (one, for every language: the CCF decisions digest's too), then each
    edition's feeds (the digest's among them) and redirect pages, under its folder
    (``ru/feeds/precedents.xml``, ``ru/feeds/ccf-decisions.xml``)."""
    files = export_files(collection, derived, publication)
    files.update(ccf_data_files(collection, publication))  # the CCF decisions digest's open data
    for edition in editions or [source_edition(publication)]:
        language = edition.language
        in_language = derived if edition.is_source else derive(collection, edition.code)
        ccf_feed = ccf_feed_files(collection, edition.publication, language)
        feeds = feed_files(collection, in_language, edition.publication, language, other_feeds=sorted(ccf_feed))
        files.update(_under(edition, feeds | ccf_feed))
        files.update(_under(edition, redirect_files(collection, edition.publication, language)))
    return files


def _under(edition, files: dict) -> dict:
    """``files`` (paths within an edition) as paths within the site."""
    return {edition.prefix + path: data for path, data in files.items()} if edition.prefix else files


def precedent_pages(collection: Collection, precedents, editions, repo_url, derived=None) -> dict:
    """The pages of ``precedents`` in every edition, under its folder."""
    files = {}
    for edition in editions:
        in_language = derived if edition.is_source and derived is not None else derive(collection, edition.code)
        renderer = Renderer(collection, in_language, edition.language, repo_url, edition.publication, site_root=edition.site_root)
        files.update(_under(edition, renderer.precedent_pages(precedents)))
    return files


def halves(collection: Collection) -> tuple[tuple, tuple]:
    """The precedents whose pages the first process renders, and those the second does."""
    middle = len(collection.precedents) // 2
    return collection.precedents[:middle], collection.precedents[middle:]


def _stop(signum, frame) -> None:
    raise SystemExit(0)  # unwinds, so the PDFs' cut fonts are removed (PdfRun.close)


def card_cache(cache_dir: Path | None) -> Path | None:
    """The cards' cache: beside the PDFs' one (the build's work folder)."""
    return None if cache_dir is None else Path(cache_dir).parent / "card-cache"


def timed_cards(
    collection: Collection, publication: Publication, cache_dir: Path | None, stop=None, share=(0, 1), editions=None
) -> tuple[dict, float, int]:
    """The cards (all, or a ``share``), the seconds spent on them and how many were drawn
    (not cached)."""
    started = time.perf_counter()
    run = CardRun(collection, publication, card_cache(cache_dir), share=share, editions=editions)
    drawn = len(run.todo)
    return run.finish(stop=stop), time.perf_counter() - started, drawn


class _CardsHere:
    """This process's share of the cards, drawn by a thread while the site engine runs
    (a subprocess: this process only waits for it meanwhile)."""

    def __init__(
        self, collection: Collection, publication: Publication, cache_dir: Path | None, stop: threading.Event, editions=None
    ):
        self.result: tuple = ({}, 0.0, 0)
        self.error: BaseException | None = None

        def draw() -> None:
            try:
                self.result = timed_cards(collection, publication, cache_dir, stop=stop, share=(0, 2), editions=editions)
            except BaseException as error:  # noqa: BLE001 -- handed to finish()
                self.error = error

        self._thread = threading.Thread(target=draw, name="casebook-cards", daemon=True)
        self._thread.start()

    def finish(self) -> tuple:
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.result


def _work(results, pickled: bytes, publication: Publication, cache_dir: Path | None, repo_url, editions) -> None:
    """The second process: each result goes on the queue as soon as it is ready."""
    signal.signal(signal.SIGTERM, _stop)  # close() ends it this way
    try:
        with records_kept():  # read back without the collector's passes, then frozen
            collection = pickle.loads(pickled)
        derived = derive(collection)
        files = _exports(collection, derived, publication, editions)
        files.update(precedent_pages(collection, halves(collection)[1], editions, repo_url, derived))
        results.put(("exports", files))
        # The other share: start_cards()
        results.put(("cards", timed_cards(collection, publication, cache_dir, share=(1, 2), editions=editions)))
        results.put(("pdfs", PdfRun(collection, derived, publication, cache_dir, editions).finish()))
    except SystemExit:
        results.cancel_join_thread()  # nobody reads any more: exit without flushing the queue
    except BaseException as error:  # noqa: BLE001 -- reported to the build, which fails cleanly
        where = traceback.extract_tb(error.__traceback__)[-1]
        results.put(("error", f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"))


class PublishingWorker:
    def __init__(
        self,
        collection: Collection,
        publication: Publication,
        cache_dir: Path | None,
        repo_url: str | None = None,
        separate: bool | None = None,
        editions=None,
    ):
        """``editions`` (``pages.editions.Edition``): every language's feeds, redirects,
        cards and PDFs, each under its folder; English alone by default."""
        editions = editions or [source_edition(publication)]
        self.editions = editions
        self.pdf_paths = [f"{e.prefix}precedents/{p.id}.pdf" for e in editions for p in collection.precedents]
        # Which card each page shows (page URL -> Card; site/finish.py writes the tags).
        self.page_cards = edition_cards(collection, editions)
        self.card_paths = sorted({card.path for card in self.page_cards.values()} | set(logo_paths(editions)))
        self.card_seconds, self.cards_drawn = 0.0, 0
        self._collection, self._publication, self._cache_dir = collection, publication, cache_dir
        self._cards_here: _CardsHere | None = None
        if separate is None:
            separate = (os.cpu_count() or 1) > 1 and len(collection.precedents) >= SEPARATE_FROM
        # The precedents whose pages this process renders (None: all of them).
        self.pages_here = halves(collection)[0] if separate else None
        # Without a second process, nothing runs until asked for, and then here.
        self._here = None if separate else (collection, publication, cache_dir)
        self._stop = threading.Event()  # close() asks the work done here to stop
        self._received: dict = {}
        self._process = None
        if separate:
            # spawn, not fork: the build may run beside threads (casebook serve's HTTP server)
            context = multiprocessing.get_context("spawn")
            pickled = pickle.dumps(collection, pickle.HIGHEST_PROTOCOL)
            self._results = context.Queue()
            self._process = context.Process(
                target=_work,
                # The collection goes pickled, to be read back inside records_kept (_work).
                args=(self._results, pickled, publication, cache_dir, repo_url, editions),
                name="casebook-publishing",
                daemon=True,
            )
            self._process.start()

    def exports(self) -> dict:
        """The exports, feeds and redirect pages, and (in a second process) the pages of
        the second of ``halves(collection)``: ``{site path: text or bytes}``."""
        if self._here:
            collection, publication, _ = self._here
            return _exports(collection, derive(collection), publication, self.editions)
        return self._receive("exports")

    def start_cards(self) -> None:
        """With a second process, start drawing this process's share of the cards in a
        thread (the build calls it as the site engine starts, when this process only waits;
        the second process draws the other share after the exports). Drawing them all in
        the second process made the build wait about 6 s for it at 1,000 precedents."""
        if self._process is not None and self._cards_here is None:
            self._cards_here = _CardsHere(self._collection, self._publication, self._cache_dir, self._stop, self.editions)

    def cards(self) -> dict[str, bytes]:
        """The sharing cards and the logo: ``{site path: bytes}`` (after ``exports()``);
        ``card_seconds`` (both processes' seconds, added) and ``cards_drawn`` say what they cost."""
        if self._here:
            collection, publication, cache_dir = self._here
            files, self.card_seconds, self.cards_drawn = timed_cards(
                collection, publication, cache_dir, stop=self._stop, editions=self.editions
            )
            return files
        self.start_cards()  # if the build did not
        there, there_seconds, there_drawn = self._receive("cards")
        here, here_seconds, here_drawn = self._cards_here.finish()
        CardRun(self._collection, self._publication, card_cache(self._cache_dir), editions=self.editions).prune()
        self.card_seconds, self.cards_drawn = here_seconds + there_seconds, here_drawn + there_drawn
        return {**here, **there}

    def pdfs(self) -> dict[str, bytes]:
        """Every precedent's PDF: ``{site path: bytes}`` (after ``cards()``)."""
        if self._here:
            collection, publication, cache_dir = self._here
            return PdfRun(collection, derive(collection), publication, cache_dir, self.editions).finish(stop=self._stop)
        return self._receive("pdfs")

    def _receive(self, kind: str):
        process, results = self._process, self._results  # close() may run meanwhile, from another thread
        while kind not in self._received:
            if process is None:
                raise PublishingError("the publishing process was stopped")
            try:
                got, value = results.get(timeout=1)
            except queue.Empty:
                if not process.is_alive():
                    raise PublishingError(f"the publishing process stopped (exit code {process.exitcode})") from None
                continue
            if got == "error":
                raise PublishingError(value)
            self._received[got] = value
        return self._received.pop(kind)

    def close(self) -> None:
        """Stop the work, whether or not it is done: the second process (asked to end,
        which removes its temporary fonts; killed if it does not within ten seconds), or
        the PDFs being rendered here, between two documents."""
        self._stop.set()
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._results.close()
            self._process = None
