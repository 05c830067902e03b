"""Search benchmark in headless Chromium: bytes and milliseconds a reader waits.

Consumes: a built site folder (from ``casebook bench``).
Produces: printed figures for the search page, each scenario in a fresh browser context
with an empty cache: a first query for one precedent's case number and a first query
for words found on every synthetic page, each typed at a fast typist's pace once the
engine has loaded; a filter ticked after the second; a filter-only browse opened from
an address. For each: milliseconds from the last keystroke, click or navigation to
results shown, and bytes transferred from ``pagefind/`` by then (engine script, its web
worker, WebAssembly, page list, index chunks, fragments; the page's own UI script
excluded) and once the filter counts, which load after the results, are drawn. Bytes
are counted from the browser's network events, which include the worker's requests
(the page's Resource Timing entries do not). The site is served as a static host
serves it: text gzip-compressed when the browser asks (Pagefind's index files are
compressed already). Also the index's size on disk.
Targets (issue "Search that lawyers trust", N = 10,000): first query at most 150 KB,
results within 300 ms on this machine.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import socket
import threading
from pathlib import Path

from .browser import launch

QUERY = "extradition refused"


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text when asked, like GitHub Pages or Netlify."""

    COMPRESSED = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if not (path.endswith(self.COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        try:
            with open(path, "rb") as file:
                body = gzip.compress(file.read(), compresslevel=6)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Meter:
    """Bytes of finished responses under /pagefind/, from the page and its worker."""

    def __init__(self, context):
        self.bytes = 0
        context.on("requestfinished", self._count)

    def _count(self, request):
        if "/pagefind/" in request.url:
            sizes = request.sizes()
            self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]


def _wait_results(page, previous: str = "") -> float:
    """Milliseconds (page clock) until the result count text changes from ``previous``."""
    page.wait_for_function(
        "prev => { const c = document.querySelector('.cb-count'); return c && c.textContent && c.textContent !== prev"
        " && document.querySelector('.cb-result'); }",
        arg=previous,
        timeout=30_000,
    )
    return page.evaluate("() => performance.now()")


def _first_query(browser, base: str, query: str, edition: str = ""):
    """In a fresh context: open the search page, wait until the engine has loaded (a
    reader looks before typing), type ``query`` and wait for the results, then for the
    filter counts, which load after them. Returns the figure (ms from the last keystroke
    to results; bytes by then, and after the counts) and the context, page and meter, so
    a scenario can go on from there."""
    context = browser.new_context()
    meter = _Meter(context)
    page = context.new_page()
    page.goto(base + edition + "search/")
    page.wait_for_selector("#cb-search[data-cb-engine]")
    page.click("#cb-search-input")
    page.keyboard.type(query, delay=120)  # about a fast typist's pace
    typed = page.evaluate("() => performance.now()")
    shown = _wait_results(page)
    before = meter.bytes
    _wait_counted(page)
    figure = {"ms": shown - typed, "bytes": before, "note": f"{meter.bytes / 1024:.0f} KB once the filter counts have loaded too"}
    return figure, context, page, meter


def _wait_counted(page) -> None:
    """Until the filter counts for what is on screen have been drawn (they load after the results)."""
    page.wait_for_function(
        "() => { const r = document.getElementById('cb-search'); return r && r.dataset.cbCounted === location.search; }",
        timeout=60_000,
    )
    page.wait_for_timeout(200)  # the last responses' sizes reach the meter


def measure(site: Path, case_number: str | None = None, edition: str = "") -> dict:
    """The figures on one edition's search page: ``edition`` is its folder (``""`` for the
    source language at the root, ``"ru/"`` for Russian, whose pages search its own index)."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Host, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}/"
    figures = {}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)

            # 0. A first query for one precedent's case number.
            if case_number:
                figure, context, _, _ = _first_query(browser, base, case_number, edition)
                figures[f"first query, a case number ({case_number})"] = figure
                context.close()

            # 1. A first query for words on every synthetic page.
            figure, context, page, meter = _first_query(browser, base, QUERY, edition)
            figures[f"first query, words on every page ({QUERY!r})"] = figure

            # 2. Filtered query: tick the first filter of the first group.
            before_bytes = meter.bytes
            count_text = page.inner_text(".cb-count")
            box = page.locator(".cb-filter-group input[type=checkbox]").first
            clicked = page.evaluate("() => performance.now()")
            box.check()
            shown = _wait_results(page, count_text)
            _wait_counted(page)
            figures["filtered query"] = {"ms": shown - clicked, "bytes": meter.bytes - before_bytes}
            context.close()

            # 3. Filter-only browse from an address, fresh cache.
            context = browser.new_context()
            meter = _Meter(context)
            page = context.new_page()
            page.goto(base + edition + "search/?instrument=red-notice")
            shown = _wait_results(page)  # page clock: 0 is the start of navigation
            before = meter.bytes
            _wait_counted(page)
            figures["filter-only browse"] = {
                "ms": shown,
                "bytes": before,
                "note": f"ms from navigation start; {meter.bytes / 1024:.0f} KB once the filter counts have loaded too",
            }
            context.close()
            browser.close()
    finally:
        server.shutdown()
    return figures


def run_search_benchmark(site: Path, case_number: str | None = None) -> None:
    index = Path(site) / "pagefind"
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    print(f"pagefind index on disk: {size / 1e6:.1f} MB in {sum(1 for _ in index.rglob('*'))} files")
    # Every edition's search page: the root's, then each translation's (/ru/search/ ...),
    # which loads its own language's index.
    editions = [""] + sorted(
        f"{p.parent.parent.name}/" for p in Path(site).glob("*/search/index.html") if len(p.parent.parent.name) == 2
    )
    for edition in editions:
        label = f" ({edition.rstrip('/')})" if edition else ""
        for name, figure in measure(Path(site), case_number, edition).items():
            note = f"; {figure['note']}" if "note" in figure else ""
            print(
                f"search{label}, {name}: {figure['ms']:.0f} ms to results, {figure['bytes'] / 1024:.0f} KB from pagefind/{note}"
            )
