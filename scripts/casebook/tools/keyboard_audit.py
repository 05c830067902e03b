"""Keyboard and layout figures of a built site, measured in headless Chromium.

Consumes: a built site folder (``casebook build``) and, optionally, a precedent id.
Produces: printed figures (``python -m casebook.tools.keyboard_audit site/ [--precedent ID]``):
- tab stops on a precedent page: every element Tab reaches, from the top of the page
  until focus comes round again, and how many of them are glossary words and ¶ links;
  and the Tabs from the top to "Copy citation";
- the keyboard path on the search page (``search/?q=extradition``): Tabs from the query
  box to the first filter and to the first result;
- the layout shift (CLS: the sum of the page's ``layout-shift`` entries without recent
  input, as Lighthouse counts it) of ``search/?q=extradition`` while it loads, at a
  phone's width (360 px) and a desktop's (1280 px).
The same functions serve the browser tests (tests/test_keyboard.py), so the figures in
an issue's closing note and the tests measure the same thing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from .browser import launch

SEED = "by-2020-blue-notice-then-diffusion"
SEARCH = "search/?q=extradition"

# What the focused element is, in a word: "glossary", "paralink" or its tag and text.
_DESCRIBE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (el.dataset.cbTabbed) return 'again';
  el.dataset.cbTabbed = '1';
  if (el.tagName === 'ABBR') return 'glossary';
  if (el.classList.contains('cb-paralink') || el.classList.contains('headerlink')) return 'paralink';
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || el.value || '').trim().slice(0, 40);
}"""


def tab_stops(page, limit: int = 1000) -> list[str]:
    """Press Tab from the top of the page until focus returns to an element it has been on."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        what = page.evaluate(_DESCRIBE)
        if what == "again":
            break
        if what:
            stops.append(what)
    return stops


def tabs_until(page, selector: str, limit: int = 400) -> int | None:
    """Tabs from where focus is now until ``selector`` matches the focused element; None if never."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return count
    return None


def open_search(page, base: str, query: str = "?q=extradition") -> None:
    page.goto(base + "search/" + query)
    page.wait_for_function(
        "() => { const r = document.getElementById('cb-search'); return r && r.dataset.cbRendered === location.search; }"
    )


# Layout shifts as Lighthouse counts them (no shift within 500 ms of input), from the
# start of the page: a buffered PerformanceObserver sees the shifts before it was made.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  const entries = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) {
        total += e.value;
        const nodes = (e.sources || []).map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '');
        entries.push({value: e.value, sources: nodes});
      }
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve({total, entries}), 1500);
})"""


def layout_shift(browser, base: str, path: str = SEARCH, width: int = 360, height: int = 740) -> dict:
    """Sum of the layout shifts while ``path`` loads and draws its results (fresh context)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(base + path)
        page.wait_for_function(
            "() => { const r = document.getElementById('cb-search'); return !r || r.dataset.cbRendered === location.search; }"
        )
        page.wait_for_load_state("networkidle")
        return page.evaluate(LAYOUT_SHIFT)
    finally:
        context.close()


def precedent_figures(browser, base: str, precedent: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + f"precedents/{precedent}/")
        stops = tab_stops(page)
        page.goto(base + "search/")  # leave, so the page below starts afresh
        page.goto(base + f"precedents/{precedent}/")
        to_copy = tabs_until(page, "button.cb-copy")
    finally:
        context.close()
    return {
        "tab stops": len(stops),
        "glossary words": stops.count("glossary"),
        "¶ links (passages and headings)": stops.count("paralink"),
        "Tabs to Copy citation": to_copy,
    }


def search_figures(browser, base: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_search(page, base)
        figures = {}
        for start, name in (("#cb-header-q", "the header's search box"), ("#cb-search-input", "the query box")):
            page.focus(start)
            figures[f"Tabs from {name} to the first filter"] = tabs_until(page, ".cb-filter input")
            page.focus(start)
            figures[f"Tabs from {name} to the first result, Tab alone"] = tabs_until(page, ".cb-result-title")
        # The shorter ways, where the page offers them: a skip link, or Enter moving the
        # focus to the results.
        if page.locator(".cb-skip-link").count():
            page.focus("#cb-search-input")
            to_skip = tabs_until(page, ".cb-skip-link[href='#cb-results-heading']", limit=20)
            page.keyboard.press("Enter")
            after = tabs_until(page, ".cb-result-title", limit=20)
            figures["by 'Skip to results': Tabs, Enter, Tabs to the first result"] = f"{to_skip} + Enter + {after}"
        open_search(page, base, "")
        page.focus("#cb-search-input")
        page.keyboard.type("extradition")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('cb-search').dataset.cbRendered === location.search")
        page.wait_for_timeout(300)
        figures["after typing words and Enter: Tabs to the first result"] = tabs_until(page, ".cb-result-title")
    finally:
        context.close()
    return figures


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.tools.keyboard_audit", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--precedent", default=SEED, help=f"the precedent page to tab through (default {SEED})")
    args = parser.parse_args(argv)
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda request, address: None  # a page left mid-download is not news
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            figures = precedent_figures(browser, base, args.precedent) | search_figures(browser, base)
            for width in (360, 1280):
                figures[f"CLS of /{SEARCH} at {width} px"] = round(layout_shift(browser, base, width=width)["total"], 3)
            browser.close()
    finally:
        server.shutdown()
    for name, value in figures.items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
