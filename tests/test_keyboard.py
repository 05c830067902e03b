"""The keyboard, the phone and a steady search page, in real Chromium on the built
fixture site (issues 21 and 22): few tab stops on a precedent page (glossary words and
¶ links are not stops of their own, glossary words still described to screen readers), a
short keyboard path to the first search result, a query box with a visible focus, a
filter toggle that shows its state and targets of at least 24 by 24 px on a phone,
results that get the width on a desktop, and a search page that does not shift while its
results arrive. The figures come from the same functions as
``python -m casebook.tools.keyboard_audit``. Screenshots of the keyboard walk go where
CASEBOOK_SCREENSHOTS points (else a temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casebook.tools.keyboard_audit import SEARCH, layout_shift, open_search, precedent_figures, tabs_until
from tests.test_pictures_browser import contrast

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = "by-2020-blue-notice-then-diffusion"


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ["CASEBOOK_SCREENSHOTS"]) if os.environ.get("CASEBOOK_SCREENSHOTS") else None
    folder = folder or tmp_path_factory.mktemp("keyboard-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- a precedent page ------------------------------------------------------------------------


def test_glossary_words_and_pilcrows_are_not_tab_stops(browser, fixture_server):
    """Before issue 22 the seed page had 142 stops, 34 glossary words and 41 ¶ links among
    them, and "Copy citation" was the 139th."""
    figures = precedent_figures(browser, fixture_server, SEED)
    assert figures["glossary words"] == 0
    assert figures["¶ links (passages and headings)"] == 0
    assert figures["tab stops"] < 90, figures
    assert figures["Tabs to Copy citation"] < 80, figures


def test_glossary_words_are_described_to_screen_readers(browser, fixture_server):
    """Out of the tab order, a glossary word still carries its definition: Chromium exposes
    the <abbr>'s title to assistive technology (as the name of its "Abbr" node, beside
    the word's own text), so a screen reader can read it where it is."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(fixture_server + f"precedents/{SEED}/")
    word = page.locator("article abbr").first
    definition = word.get_attribute("title")
    assert definition and word.get_attribute("tabindex") is None
    cdp = context.new_cdp_session(page)
    document = cdp.send("DOM.getDocument", {"depth": 0})
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "article abbr"})
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})
    [node] = [n for n in tree["nodes"] if n["backendDOMNodeId"] == node_id(cdp, node["nodeId"])]
    exposed = {node.get(k, {}).get("value") for k in ("name", "description")}
    assert definition in exposed, node
    context.close()


def node_id(cdp, dom_node: int) -> int:
    return cdp.send("DOM.describeNode", {"nodeId": dom_node})["node"]["backendNodeId"]


# -- the search page -------------------------------------------------------------------------


def test_the_keyboard_path_from_the_search_box_to_the_first_result_is_short(browser, fixture_server):
    """Before issue 22: 73 Tabs from the query box to the first result (104 from the
    header's box), through every filter. Now Enter takes focus to the results' heading and
    one Tab reaches the first result; or, before searching, three Tabs reach "Skip to
    results"."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_search(page, fixture_server, "")
    page.focus("#cb-search-input")
    page.keyboard.type("extradition")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'cb-results-heading'")
    assert tabs_until(page, ".cb-result-title", limit=5) == 1
    open_search(page, fixture_server)
    page.focus("#cb-search-input")
    assert tabs_until(page, ".cb-skip-link[href='#cb-results-heading']", limit=5) == 3
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cb-results-heading"
    assert tabs_until(page, ".cb-result-title", limit=5) == 1
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_query_box_shows_where_the_keyboard_is(browser, fixture_server, screenshots, scheme):
    """WCAG 2.4.7 (a visible focus) and 1.4.11 (3:1 for the focus ring and the box's edge):
    the theme's reset takes the outline of inputs away. Screenshots of the keyboard walk."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    open_search(page, fixture_server, "")
    page.locator("h1").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "cb-search-input"
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, border: s.borderTopColor,"
        " page: getComputedStyle(document.body).backgroundColor}; }"
    )
    assert style["style"] == "solid" and style["width"] >= 2, style
    assert contrast(style["color"], style["page"]) >= 3, style
    assert contrast(style["border"], style["page"]) >= 3, style
    page.screenshot(path=str(screenshots / f"keyboard-1-query-box-{scheme}.png"))
    page.keyboard.type("extradition")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'cb-results-heading'")
    page.screenshot(path=str(screenshots / f"keyboard-2-results-heading-{scheme}.png"))
    page.keyboard.press("Tab")
    page.screenshot(path=str(screenshots / f"keyboard-3-first-result-{scheme}.png"))
    page.focus("#cb-search-input")
    tabs_until(page, ".cb-skip-link[href='#cb-filters-heading']", limit=6)
    page.screenshot(path=str(screenshots / f"keyboard-4-skip-to-filters-{scheme}.png"))
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_search_page_does_not_shift_while_its_results_arrive(browser, fixture_server, width):
    """Issue 21: Lighthouse measured a layout shift of 0.23 on /search/?q=extradition. The
    sum of every layout-shift entry (PerformanceObserver) must stay at 0.1 or less."""
    shift = layout_shift(browser, fixture_server, SEARCH, width=width, height=740 if width == 360 else 900)
    assert shift["total"] <= 0.1, shift["entries"]


TARGETS = ".cb-filter input, .cb-filter label, .cb-filter-more, .cb-filter-toggle, .cb-chip, .cb-show input, .cb-show label"


def test_on_a_phone_the_filter_toggle_shows_its_state_and_targets_are_large_enough(browser, fixture_server, screenshots):
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    open_search(page, fixture_server, "?q=extradition&requesting_state=BY")
    toggle = page.locator(".cb-filter-toggle")
    marker = "() => getComputedStyle(document.querySelector('.cb-filter-toggle__marker'), '::before').content"
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate(marker) == '"▸"'
    assert not page.locator(".cb-filter input").first.is_visible()
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true" and page.evaluate(marker) == '"▾"'
    assert page.locator(".cb-filter input").first.is_visible()
    page.screenshot(path=str(screenshots / "phone-filters-open.png"), full_page=True)
    small = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
          .filter(el => el.getClientRects().length)
          .map(el => { const r = el.getBoundingClientRect(); return {el: el.outerHTML.slice(0, 80), w: r.width, h: r.height}; })
          .filter(r => r.w < 24 || r.h < 24)""",
        TARGETS,
    )
    assert small == [], "WCAG 2.5.8: targets of at least 24 by 24 px"
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "false"
    # "Skip to filters" opens them.
    page.focus("#cb-search-input")
    tabs_until(page, ".cb-skip-link[href='#cb-filters-heading']", limit=6)
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.classList.contains('cb-filter-toggle')")
    context.close()


def test_on_a_desktop_the_results_get_the_width(browser, fixture_server):
    """Before issue 22 the results column was about 370 px wide beside empty space."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_search(page, fixture_server)
    width = page.locator(".cb-results").evaluate("e => e.getBoundingClientRect().width")
    assert width >= 700, width
    assert page.locator(".cb-filter input").first.is_visible()
    assert not page.locator(".cb-filter-toggle").is_visible()
    context.close()
