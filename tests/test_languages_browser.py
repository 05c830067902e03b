"""The Russian edition in real Chromium: the language switch lands on the same page and
keeps a search's words and filters, the Russian index stems Russian, axe finds nothing
on Russian pages, and the switch is reachable by keyboard."""

from __future__ import annotations

import shutil

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURES, project_for, serve_folder

from casebook.records.model import source_hash
from casebook.site.build import build

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SEED = "by-2020-blue-notice-then-diffusion"
# The seed's Russian summary, for these tests only: Russian words in other forms than the
# ones searched for, so a hit shows the index stems Russian.
RUSSIAN_SUMMARY = "Синтетическая аннотация для проверки поиска: экстрадиция и депортация."


@pytest.fixture(scope="module")
def russian_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("russian-site")
    records = tmp / "precedents"
    shutil.copytree(FIXTURES / "precedents", records, ignore=shutil.ignore_patterns("README.md"))
    seed = records / f"{SEED}.yml"
    data = yaml.safe_load(seed.read_text(encoding="utf-8"))
    english = " ".join(data["summary"].split())
    data["summary"] = {"en": english, "ru": RUSSIAN_SUMMARY, "ru_from": source_hash(english)}
    seed.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    report = build(project_for(records), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or report.problems
    url, server = serve_folder(tmp / "site")
    yield url
    server.shutdown()


def open_page(browser, url: str, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_the_switch_lands_on_the_same_precedent_and_back(browser, russian_site):
    context, page = open_page(browser, f"{russian_site}ru/precedents/{SEED}/")
    try:
        assert page.locator("html").get_attribute("lang") == "ru"
        page.click(".cb-language a")
        page.wait_for_url(f"{russian_site}precedents/{SEED}/")
        assert page.locator("html").get_attribute("lang") == "en"
        page.click(".cb-language a")
        page.wait_for_url(f"{russian_site}ru/precedents/{SEED}/")
        assert page.locator("html").get_attribute("lang") == "ru"
    finally:
        context.close()


def test_the_switch_follows_the_theme_s_instant_navigation(browser, russian_site):
    """After a page shown by instant navigation, the switch names that page, not the first."""
    context, page = open_page(browser, f"{russian_site}ru/precedents/")
    try:
        page.locator(f'a[href$="{SEED}/"]').first.click()
        page.wait_for_url(f"{russian_site}ru/precedents/{SEED}/")
        page.click(".cb-language a")
        page.wait_for_url(f"{russian_site}precedents/{SEED}/")
    finally:
        context.close()


def result_urls(page) -> list[str]:
    page.wait_for_selector("#cb-search[data-cb-rendered] .cb-result")
    return page.locator(".cb-result a").evaluate_all("links => links.map(a => a.href)")


@pytest.mark.parametrize("query", ["экстрадиции", "депортации"])
def test_a_russian_search_finds_other_forms_of_a_word(browser, russian_site, query):
    context, page = open_page(browser, f"{russian_site}ru/search/?q={query}")
    try:
        urls = result_urls(page)
        assert any(url.endswith(f"ru/precedents/{SEED}/") for url in urls), urls
        assert all("/ru/" in url for url in urls)  # the Russian index only
        summary = page.locator(f'.cb-result:has(a[href$="{SEED}/"])').inner_text()
        assert query not in RUSSIAN_SUMMARY and "экстрадиция" in RUSSIAN_SUMMARY
        assert summary
    finally:
        context.close()


def test_a_shared_search_address_opens_with_the_same_filters_in_the_other_language(browser, russian_site):
    query = "?q=notice&instrument=blue-notice"
    context, page = open_page(browser, f"{russian_site}search/{query}")
    try:
        page.wait_for_selector("#cb-search[data-cb-rendered]")
        checked_english = page.locator("#cb-search input[type=checkbox]:checked").count()
        page.click(".cb-language a")
        page.wait_for_url(f"{russian_site}ru/search/{query}")
        page.wait_for_selector("#cb-search[data-cb-rendered]")
        assert page.locator("#cb-search input[type=checkbox]:checked").count() == checked_english >= 1
        assert "Синее уведомление" in page.locator("#cb-search").inner_text()  # the filter's label, in Russian
        assert page.locator("#cb-search-input").input_value() == "notice"
        # The search page's own words are Russian too (search.js, from the catalogue).
        assert page.locator(".cb-search-submit").inner_text() == "Поиск"
        assert "any of" not in page.locator("#cb-search").inner_text()
    finally:
        context.close()


def test_the_switch_is_reachable_by_keyboard(browser, russian_site):
    context, page = open_page(browser, f"{russian_site}ru/precedents/{SEED}/")
    try:
        for _ in range(15):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.cb-language a')"):
                break
        else:
            pytest.fail("fifteen Tabs did not reach the language switch")
        assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "en"
        page.keyboard.press("Enter")
        page.wait_for_url(f"{russian_site}precedents/{SEED}/")
    finally:
        context.close()


LOOKS = [("light", 1280), ("dark", 1280), ("light", 360), ("dark", 360)]
PAGES = ["ru/", f"ru/precedents/{SEED}/", "ru/search/?q=экстрадиции", "ru/guides/ask-the-ccf/"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize(("scheme", "width"), LOOKS, ids=[f"{s}-{w}" for s, w in LOOKS])
@pytest.mark.parametrize("path", PAGES, ids=["home", "precedent", "search", "guide"])
def test_axe_finds_no_violation_on_russian_pages(browser, axe, russian_site, path, scheme, width):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(russian_site + path)
        if "search/" in path:
            page.wait_for_selector("#cb-search[data-cb-rendered] .cb-result")
        violations = axe.run(page).response["violations"]
    finally:
        context.close()
    summary = [f"{v['impact']}: {v['id']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in violations]
    assert summary == [], f"/{path} {scheme} {width}px"
