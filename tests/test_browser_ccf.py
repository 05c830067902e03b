"""In real Chromium, on the built fixture site: the CCF decisions table filters by data
type, decision and tag with counts and keeps its filters in the address, sorts by a
column, fits a phone; an excerpt's page says that only its header was read and fits a
phone; the search finds an excerpt by its decision number, in a list of its own; the
digest's feed links resolve (but for the excerpts on the mirror, outside the site); the
Russian table filters in Russian and the Russian search names the list in Russian."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.request import urlopen

import pytest
import yaml

from tests.conftest import ROOT, wait_rendered

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ATOM = "{http://www.w3.org/2005/Atom}"
ENTRIES = yaml.safe_load((ROOT / "precedents" / "reference" / "ccf-decisions.yml").read_text(encoding="utf-8"))["excerpts"]


def visible_rows(page) -> list[str]:
    return page.locator(".cb-ccf-table tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.id)")


def count_of(page, group: str, code: str) -> int:
    return int(page.locator(f'[data-count-for="{group}:{code}"]').inner_text())


def expected(types=(), decisions=(), tags=()) -> list[str]:
    from casebook.records.ccf_decisions import tag_code

    return sorted(
        f"{e['year']}-{e['number']}"
        for e in ENTRIES
        if (not types or set(types) & set(e["data_types"]))
        and (not decisions or e["decision"] in decisions)
        and (not tags or set(tags) & {tag_code(t) for t in e["tags"]})
    )


def test_the_table_filters_by_data_type_decision_and_tag_and_keeps_them_in_the_address(page, fixture_server):
    page.goto(fixture_server + "ccf-decisions/")
    page.wait_for_selector("form[data-cb-ccf-filters]:not([hidden])")
    assert len(visible_rows(page)) == len(ENTRIES)
    assert count_of(page, "type", "red-notice") == sum(1 for e in ENTRIES if "red-notice" in e["data_types"])
    page.get_by_role("checkbox", name="Red Notice").check()
    page.wait_for_function("() => location.search.includes('type=red-notice')")
    assert sorted(visible_rows(page)) == expected(types=["red-notice"])
    # What ticking "Not compliant" would show, counted before it is ticked.
    would = count_of(page, "decision", "not-compliant")
    page.get_by_role("checkbox", name="Not compliant").check()
    assert sorted(visible_rows(page)) == expected(types=["red-notice"], decisions=["not-compliant"])
    assert len(visible_rows(page)) == would
    status = page.locator(".cb-ccf-status").inner_text()
    assert status == f"{would} of {len(ENTRIES)} excerpts shown"
    assert "decision=not-compliant" in page.url
    # A filtered table is an address: opened again, it shows the same rows.
    page.goto(page.url)
    page.wait_for_selector("form[data-cb-ccf-filters]:not([hidden])")
    assert page.get_by_role("checkbox", name="Not compliant").is_checked()
    assert sorted(visible_rows(page)) == expected(types=["red-notice"], decisions=["not-compliant"])
    page.get_by_role("button", name="Clear the filters").click()
    assert len(visible_rows(page)) == len(ENTRIES)
    assert "type=" not in page.url
    assert page.console_errors == []


def test_a_tag_link_on_an_excerpt_page_opens_the_table_filtered_by_that_tag(page, fixture_server):
    page.goto(fixture_server + "ccf-decisions/2018-10/")
    page.get_by_role("link", name="Political character", exact=True).click()
    page.wait_for_selector("form[data-cb-ccf-filters]:not([hidden])")
    assert sorted(visible_rows(page)) == expected(tags=["political-character"])
    assert page.locator("details[data-filter=tag]").get_attribute("open") is not None
    tags = Counter(t for e in ENTRIES for t in e["tags"])
    assert count_of(page, "tag", "political-character") == tags["Political character"]


def test_the_table_sorts_by_year(page, fixture_server):
    page.goto(fixture_server + "ccf-decisions/")
    header = page.locator(".cb-ccf-table th").nth(1)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    years = page.locator(".cb-ccf-table tbody td:nth-child(2)").all_inner_texts()
    assert years == sorted(years) and years[0] == str(min(e["year"] for e in ENTRIES))


@pytest.mark.parametrize(
    "path",
    ["ccf-decisions/", "ccf-decisions/2018-15/", "ccf-decisions/2019-2/", "ru/ccf-decisions/", "ru/ccf-decisions/2017-10/"],
)
def test_the_digest_fits_a_phone(browser, fixture_server, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(fixture_server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_an_excerpt_page_says_only_its_header_was_read_and_links_the_excerpt(page, fixture_server):
    page.goto(fixture_server + "ccf-decisions/2018-10/")
    notice = page.locator(".cb-ccf-header-only")
    assert notice.is_visible()
    assert "facts and the CCF's reasoning were not read" in notice.inner_text()
    assert page.get_by_role(
        "link", name="https://europeancourt.org/en/documents/interpol/commission-control-files/decision-excerpts/2018-10/"
    ).is_visible()
    page.get_by_role("link", name="CCF Decision No. 10 (2018): a Blue Notice").click()
    page.wait_for_url("**/precedents/xx-2018-ccf-10-blue-notice/")
    page.get_by_role("link", name="CCF Decision No. 10 (2018)").first.click()
    page.wait_for_url("**/ccf-decisions/2018-10/")
    assert page.console_errors == []


@pytest.mark.parametrize("query", ["No. 2 (2024)", "2024-2"])
def test_a_decision_number_finds_its_excerpt_in_the_ccf_list(page, fixture_server, query):
    page.goto(fixture_server + "search/")
    page.wait_for_selector("#cb-search[data-cb-ready]")
    page.fill("#cb-search-input", query)
    page.press("#cb-search-input", "Enter")
    page.wait_for_function("() => /CCF decisions \\(\\d+\\)/.test(document.querySelector('label[for=cb-show-ccf]').textContent)")
    page.check("#cb-show-ccf")
    page.wait_for_function("() => location.search.includes('show=ccf')")
    wait_rendered(page)
    first = page.locator(".cb-result").first
    assert first.locator(".cb-result-title").inner_text() == "CCF Decision No. 2 (2024)"
    assert first.locator(".cb-result-kind").inner_text() == "CCF decision excerpt"
    assert page.locator(".cb-count").inner_text().split(",")[0].endswith(("CCF decision excerpt", "CCF decision excerpts"))
    assert page.console_errors == []


def test_the_digest_is_not_counted_with_the_guides_and_explanations(page, fixture_server):
    page.goto(fixture_server + "search/?q=2018-15&show=pages")
    wait_rendered(page)
    kinds = page.locator(".cb-result-kind").all_inner_texts()
    assert "CCF decision excerpt" not in kinds


def test_the_russian_table_filters_in_russian_with_the_ccfs_tags_in_english(page, fixture_server):
    page.goto(fixture_server + "ru/ccf-decisions/")
    page.wait_for_selector("form[data-cb-ccf-filters]:not([hidden])")
    assert page.locator(".cb-ccf-status").inner_text() == f"Показаны все выдержки: {len(ENTRIES)}"
    page.get_by_role("checkbox", name="Красное уведомление").check()
    page.get_by_role("checkbox", name="Не соответствует правилам Интерпола").check()
    page.wait_for_function("() => location.search.includes('decision=not-compliant')")
    shown = expected(types=["red-notice"], decisions=["not-compliant"])
    assert sorted(visible_rows(page)) == shown
    assert page.locator(".cb-ccf-status").inner_text() == f"Показано выдержек: {len(shown)} из {len(ENTRIES)}"
    # The tags are the CCF's words: English, marked so a screen reader reads them as such.
    page.locator("details[data-filter=tag] summary").click()
    tags = page.locator('details[data-filter=tag] .cb-ccf-option span[lang="en"]')
    assert tags.count() == len({t for e in ENTRIES for t in e["tags"]})
    page.get_by_role("button", name="Сбросить фильтры").click()
    assert len(visible_rows(page)) == len(ENTRIES)
    assert page.console_errors == []


def test_the_russian_search_lists_the_excerpts_under_a_russian_label(page, fixture_server):
    page.goto(fixture_server + "ru/search/?q=2024-2")
    page.wait_for_selector("#cb-search[data-cb-ready]")
    page.wait_for_function("() => /Решения CCF \\(\\d+\\)/.test(document.querySelector('label[for=cb-show-ccf]').textContent)")
    page.check("#cb-show-ccf")
    page.wait_for_function("() => location.search.includes('show=ccf')")
    wait_rendered(page)
    first = page.locator(".cb-result").first
    assert first.locator(".cb-result-title").inner_text() == "Решение CCF № 2 (2024)"
    assert first.locator(".cb-result-kind").inner_text() == "Выдержка из решения CCF"
    assert "выдерж" in page.locator(".cb-count").inner_text().split(",")[0]
    assert page.console_errors == []


def test_the_feed_links_resolve_but_for_the_excerpts_outside_the_site(fixture_server):
    url = fixture_server + "feeds/ccf-decisions.xml"
    feed = ET.fromstring(urlopen(url).read())
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(50, len(ENTRIES))
    for link in feed.iter(f"{ATOM}link"):
        href = link.get("href")
        if link.get("rel") == "related":  # the excerpt on the mirror: not this site's to serve
            assert href.startswith("https://europeancourt.org/")
            continue
        target = posixpath.normpath(posixpath.join("feeds", href))
        with urlopen(fixture_server + target.lstrip("./") + ("/" if href.endswith("/") else "")) as response:
            assert response.status == 200, href
