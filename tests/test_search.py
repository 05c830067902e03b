"""Search as lawyers use it, in real Chromium against real builds: queries, filters with
counts, filter-only browsing, shareable addresses, the back button, the keyboard,
legal identifiers, sub-path hosting and the theme's instant navigation."""

import json
import re
import shutil

import pytest

from casebook.pages.render import FILTER_KEYS, PAGE_FILTER
from casebook.records.collection import Project
from casebook.site.build import build
from tests.conftest import FIXTURES, ROOT, project_for, record, serve_folder, wait_rendered, write_records

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = "by-2020-blue-notice-then-diffusion"
RECORDS = [
    record(
        "ru-2015-alpha",
        title="Alpha: Russian red notice, Spanish court refuses extradition",
        instruments=[{"type": "red-notice", "fate": "deleted"}],
        proceedings=[
            {
                "forum": "ecthr",
                "kind": "human-rights-complaint",
                "outcome": "violation-found",
                "identifiers": [{"scheme": "ecthr-application", "value": "56751/16"}],
            }
        ],
        outcomes=["extradition-refused"],
        timeline=[{"date": "2015-03", "event": "Arrested."}, {"date": "2016", "event": "Released."}],
        misuse_patterns=["critic-targeted"],
    ),
    record(
        "ru-2018-beta",
        title="Beta: Russian diffusion deleted by the CCF",
        host_states=["DE"],
        instruments=[{"type": "diffusion", "fate": "deleted"}],
        proceedings=[
            {
                "forum": "ccf",
                "kind": "ccf-request",
                "outcome": "data-deleted",
                "identifiers": [{"scheme": "ccf-decision", "value": "No. 10 (2018)"}],
            }
        ],
        outcomes=["data-deleted"],
        timeline=[{"date": "2018-07", "event": "Deleted."}],
        misuse_patterns=["deleted-data-resubmitted"],
    ),
    record(
        "tr-2017-gamma",
        title="Gamma: Turkish red notice, released in Spain",
        requesting_states=["TR"],
        proceedings=[
            {
                "forum": "national-court",
                "state": "ES",
                "kind": "extradition",
                "outcome": "extradition-refused",
                "identifiers": [{"scheme": "ecli", "value": "ECLI:ES:AN:2017:1234"}],
            }
        ],
        outcomes=["extradition-refused", "released"],
        timeline=[{"date": "2017-08-19", "event": "Arrested in Granada."}],
    ),
    record(
        "by-2021-delta",
        title="Delta: Belarusian diffusion, Poland refuses extradition",
        requesting_states=["BY"],
        host_states=["PL"],
        person={"status_at_home": "accused", "profiles": ["journalist"], "protection": [{"status": "refugee", "by": "PL"}]},
        onward_moves=[{"kind": "returned-to-residence", "state": "PL"}],
        instruments=[{"type": "diffusion", "fate": "published"}],
        proceedings=[
            {
                "forum": "ecthr",
                "kind": "human-rights-complaint",
                "outcome": "pending",
                "identifiers": [{"scheme": "ecthr-application", "value": "12345/05"}],
            }
        ],
        outcomes=["extradition-refused"],
        timeline=[{"date": "2021-09", "event": "Arrested."}],
    ),
]
TITLES = {r["id"]: r["title"] for r in RECORDS}
TITLES[SEED] = "Belarus: a witness shown as wanted in a Blue Notice"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    records = write_records(tmp / "precedents", RECORDS)
    shutil.copy(FIXTURES / "precedents" / f"{SEED}.yml", records)
    report = build(project_for(records), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or report.problems
    url, server = serve_folder(tmp / "site")
    yield url, tmp / "site"
    server.shutdown()


def open_search(page, url, query=""):
    page.goto(url + "search/" + query)
    page.wait_for_selector("#cb-search[data-cb-ready]")


def result_titles(page):
    """Titles on screen once the results for the current address have been drawn."""
    wait_rendered(page)
    return page.locator(".cb-result-title").all_inner_texts()


def wait_count(page, n):
    """Wait until the result count reads ``n`` precedents (the page may be re-rendered meanwhile)."""
    page.wait_for_function(
        "n => { const c = document.querySelector('.cb-count'); return c !== null"
        " && new RegExp('^' + n + ' precedents?, ').test(c.textContent); }",
        arg=n,
    )


def option(page, key, value):
    """An option's label as a reader sees it, e.g. "Russia (2)"."""
    return " ".join(page.locator(f"label[for='cb-f-{key}-{value}']").inner_text().split())


def ids_of(titles):
    return sorted(i for i, t in TITLES.items() for title in titles if title.startswith(t))


def test_a_query_finds_the_first_precedent(page, search_site):
    url, _ = search_site
    open_search(page, url)
    page.fill("#cb-search-input", "Minsk")
    page.wait_for_selector(".cb-result")
    assert result_titles(page)[0].startswith(TITLES[SEED])
    assert "q=Minsk" in page.url
    assert page.console_errors == []


def test_every_filter_group_is_present_with_counts(page, search_site):
    url, _ = search_site
    open_search(page, url)
    groups = page.locator(".cb-filter-group").evaluate_all("gs => gs.map(g => g.dataset.filter)")
    assert groups == list(FILTER_KEYS.values())
    russia = option(page, "requesting_state", "RU")
    assert russia == "Russia (2)"
    assert option(page, "instrument", "diffusion") == "Diffusion (3)"
    keys = page.evaluate("async () => Object.keys(await (await import('../pagefind/pagefind.js')).filters()).sort()")
    assert keys == sorted([*FILTER_KEYS.values(), PAGE_FILTER])


def test_two_filters_narrow_the_results(page, search_site):
    url, _ = search_site
    open_search(page, url, "?requesting_state=RU")
    assert ids_of(result_titles(page)) == ["ru-2015-alpha", "ru-2018-beta"]
    page.check("#cb-f-outcome-extradition-refused")
    wait_count(page, 1)
    assert ids_of(result_titles(page)) == ["ru-2015-alpha"]
    assert "requesting_state=RU" in page.url and "outcome=extradition-refused" in page.url


def test_filters_alone_list_every_matching_precedent_newest_first(page, search_site):
    url, _ = search_site
    open_search(page, url, "?instrument=diffusion")
    titles = result_titles(page)
    assert ids_of(titles) == sorted(["ru-2018-beta", "by-2021-delta", SEED])
    assert titles[0].startswith(TITLES[SEED])  # latest dated event 2025 (the firm's account)
    assert titles[-1].startswith(TITLES["ru-2018-beta"])


def test_opening_the_search_page_fetches_no_index(page, search_site):
    """Before any word or filter, the counts come with the build's vocabulary file: an
    empty Pagefind search would fetch every chunk of the word index, and the filter
    index is fetched only after a first search has shown its results."""
    url, _ = search_site
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    open_search(page, url)
    assert option(page, "instrument", "diffusion") == "Diffusion (3)"
    page.wait_for_load_state("networkidle")
    assert [u for u in fetched if u.endswith((".pf_index", ".pf_filter"))] == []


def test_counts_follow_the_query_once_the_filter_index_is_loaded(page, search_site):
    url, _ = search_site
    open_search(page, url, "?q=Minsk")
    page.wait_for_function("() => document.getElementById('cb-search').dataset.cbCounted === location.search")
    assert option(page, "instrument", "diffusion") == "Diffusion (1)"
    assert option(page, "requesting_state", "RU") == "Russia (0)"
    assert page.console_errors == []


def test_every_precedent_holds_the_word_that_filter_only_browsing_searches(page, search_site):
    """Filter-only browsing searches one word every precedent page holds (see search.js),
    so that Pagefind fetches one chunk of its word index rather than all of them."""
    url, site = search_site
    open_search(page, url)
    term = page.get_attribute("#cb-search", "data-browse-term")
    assert term == "precedent"
    found = page.evaluate(
        "async t => { const pf = await import('../pagefind/pagefind.js'); const r = await pf.search(t);"
        " return (await Promise.all(r.results.map(x => x.data()))).map(d => d.url); }",
        term,
    )
    precedents = sorted(p.parent.name for p in (site / "precedents").glob("*/index.html"))
    assert precedents == sorted([*TITLES])
    assert {u.rstrip("/").rsplit("/", 1)[-1] for u in found if "/precedents/" in u} >= set(precedents)


def test_the_address_restores_query_filters_and_sort(page, browser, search_site):
    url, _ = search_site
    open_search(page, url)
    page.fill("#cb-search-input", "extradition")
    page.wait_for_function("() => location.search.includes('q=extradition')")
    page.check("#cb-f-requesting_state-RU")
    page.select_option("#cb-sort", "oldest")
    page.wait_for_function("() => location.search.includes('sort=oldest')")
    first = result_titles(page)
    shared = page.url
    other = browser.new_context().new_page()
    other.goto(shared)
    other.wait_for_selector("#cb-search[data-cb-ready]")
    assert other.input_value("#cb-search-input") == "extradition"
    assert other.is_checked("#cb-f-requesting_state-RU")
    assert other.input_value("#cb-sort") == "oldest"
    assert result_titles(other) == first
    other.context.close()


def test_the_back_button_steps_through_changes(page, search_site):
    url, _ = search_site
    open_search(page, url, "?requesting_state=RU")
    assert len(result_titles(page)) == 2
    page.check("#cb-f-instrument-diffusion")
    wait_count(page, 1)
    page.go_back()
    wait_count(page, 2)
    assert not page.is_checked("#cb-f-instrument-diffusion")
    assert "instrument" not in page.url


def test_keyboard_only(page, search_site):
    url, _ = search_site
    page.goto(url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "cb-header-q"
    page.keyboard.type("Minsk")
    page.wait_for_selector("#cb-header-results:not([hidden]) .cb-suggestion")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('cb-suggestion')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/precedents/{SEED}/")
    # On the search page: Enter submits and takes focus to the results, the next Tab
    # reaches the first result; "Skip to filters" reaches the filters, Space ticks one.
    open_search(page, url)
    page.focus("#cb-search-input")
    page.keyboard.type("extradition")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'cb-results-heading'")
    assert page.evaluate("document.activeElement.textContent").endswith(" precedents, best match first")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cb-result-title')")
    page.focus("#cb-search-input")
    for expected in ("Search", "Order", "Skip to results", "Skip to filters"):
        page.keyboard.press("Tab")
        focused = page.evaluate("(e => e.tagName === 'SELECT' ? e.labels[0].textContent : e.textContent)(document.activeElement)")
        assert focused.startswith(expected), (expected, focused)
    assert page.locator(".cb-skip-link:focus").is_visible(), "a skip link shows when it has the focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cb-filters-heading"
    assert "q=extradition" in page.url and page.locator(".cb-search-form").count() == 1, "the page was not drawn again"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('.cb-chip') !== null")
    assert page.console_errors == []


@pytest.mark.parametrize(
    "identifier,expected",
    [
        ("56751/16", "ru-2015-alpha"),
        ("ECLI:ES:AN:2017:1234", "tr-2017-gamma"),
        ("No. 10 (2018)", "ru-2018-beta"),
        ("12345/05", "by-2021-delta"),
    ],
)
def test_legal_identifiers_are_findable(page, search_site, identifier, expected):
    url, _ = search_site
    open_search(page, url)
    page.fill("#cb-search-input", identifier)
    page.wait_for_selector(".cb-result")
    assert ids_of(result_titles(page)[:1]) == [expected]


def test_no_result_points_at_navigation_or_search_pages(page, search_site):
    url, site = search_site
    found = (
        page.evaluate(
            """async () => {
            const pagefind = await import('./pagefind/pagefind.js');
            const urls = [];
            for (const q of ['precedent', 'search', 'browse', 'the', 'skip', 'edit', 'casebook']) {
                const s = await pagefind.search(q);
                for (const r of s.results) urls.push((await r.data()).url);
            }
            return [...new Set(urls)];
        }"""
        )
        if page.goto(url)
        else None
    )
    assert found, "the queries should find something"
    for address in found:
        assert not address.startswith(("/search", "/browse", "/404")), address
        assert address != "/precedents/", address


def test_works_under_a_sub_path(page, tmp_path, search_site):
    _, site = search_site
    shutil.copytree(site, tmp_path / "casebook")
    url, server = serve_folder(tmp_path)
    try:
        open_search(page, url + "casebook/", "?q=Minsk")
        page.wait_for_selector(".cb-result")
        href = page.locator(".cb-result-title").first.get_attribute("href")
        assert href == f"/casebook/precedents/{SEED}/"
        page.click(".cb-result-title")
        page.wait_for_url(f"**/casebook/precedents/{SEED}/")
        assert page.console_errors == []
    finally:
        server.shutdown()


def test_instant_navigation_leaves_no_stale_state(page, search_site):
    url, _ = search_site
    page.goto(url)
    page.get_by_role("link", name="Search", exact=True).first.click()
    page.wait_for_selector("#cb-search[data-cb-ready]")
    page.fill("#cb-search-input", "Gamma")
    page.wait_for_selector(".cb-result")
    page.click(".cb-result-title")
    page.wait_for_url("**/precedents/tr-2017-gamma/")
    page.go_back()
    page.wait_for_selector("#cb-search[data-cb-ready]")
    assert page.input_value("#cb-search-input") == "Gamma"
    assert ids_of(result_titles(page)) == ["tr-2017-gamma"]
    assert page.locator("#cb-search").count() == 1
    assert page.locator(".cb-search-form").count() == 1, "the search page was set up twice"
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readable_on_a_phone(browser, search_site, scheme):
    url, _ = search_site
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    open_search(page, url, "?q=extradition")
    page.wait_for_selector(".cb-result")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    colours = page.evaluate(
        "() => { const a = getComputedStyle(document.querySelector('.cb-result-title')); const b = getComputedStyle(document.body);"
        " return [a.color, b.backgroundColor]; }"
    )
    assert colours[0] != colours[1]
    context.close()


LABELS = (
    "Requesting state|Host state|Person|Instruments|Forums|Outcome|Detained|Years|Sourcing|Key facts|Precedent|"
    "Type|Issued by|Issued|What it claimed|What became of it|Note|Body|Filed|Decided|Grounds argued|Grounds|"
    "Identifiers|Review note|Review|Official identifiers|Citing a passage"
)
RUN_TOGETHER = re.compile(rf"\b(?:{LABELS})(?=[A-Z0-9])|\bstateInstruments")
BOILERPLATE = ("Download PDF", "Copy citation", "Citing a passage", "Draft, pending legal review", "Get help from a lawyer")


def test_the_real_collection_is_searchable(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("real")
    report = build(Project(ROOT), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or report.problems
    import yaml

    records = [yaml.safe_load(p.read_text()) for p in sorted(Project(ROOT).precedents.glob("*.yml"))]
    expected = {}
    for data in records:
        for code in data["requesting_states"]:
            expected[code] = expected.get(code, 0) + 1
    url, server = serve_folder(tmp / "site")
    page = browser.new_context().new_page()
    try:
        open_search(page, url, "?q=Minsk")
        page.wait_for_selector(".cb-result")
        assert any(t.startswith(TITLES[SEED]) for t in result_titles(page))
        fetched = []
        page.on("requestfinished", lambda request: fetched.append(request.url))
        open_search(page, url, "?instrument=red-notice")
        assert result_titles(page)
        page.wait_for_load_state("networkidle")
        chunks = list((tmp / "site" / "pagefind" / "index").glob("*.pf_index"))
        browsed = [u for u in fetched if u.endswith(".pf_index")]
        assert len(chunks) > 2 and 1 <= len(browsed) <= 2, (len(browsed), len(chunks))  # not the whole word index
        same = page.evaluate(
            """async () => { const pf = await import('../pagefind/pagefind.js'); const all = await pf.filters();
              const differ = [];
              for (const key of Object.keys(all)) for (const value of Object.keys(all[key])) {
                if (key === 'page' && value !== 'precedent') continue; // only precedents hold the word
                const f = { filters: { [key]: { any: [value] } } };
                const a = (await pf.search(null, f)).results.map(r => r.id).sort().join();
                const b = (await pf.search('precedent', f)).results.map(r => r.id).sort().join();
                if (a !== b) differ.push(key + ':' + value);
              }
              return differ; }"""
        )
        assert same == [], "filter-only browsing by the word 'precedent' must list what an empty search lists"
        totals = page.evaluate("async () => (await (await import('../pagefind/pagefind.js')).filters()).requesting_state")
        assert totals == expected
        vocab = json.loads((tmp / "site" / "assets" / "casebook-vocabularies.json").read_text())
        assert set(vocab["labels"]["requesting_state"]) == set(expected)
        # What search shows of a page (excerpts are cut from it) holds no labels run into
        # their values ("OutcomeExtradition refused", "stateInstrumentsForums...") and none
        # of the words every precedent page repeats (issue 22).
        contents = page.evaluate(
            """async () => { const pf = await import('../pagefind/pagefind.js'); const s = await pf.search(null);
              return Promise.all(s.results.map(async r => { const d = await r.data(); return [d.url, d.content]; })); }"""
        )
        assert len(contents) > len(records)
        for address, content in contents:
            assert not RUN_TOGETHER.search(content), (address, RUN_TOGETHER.search(content).group(0))
            if "/precedents/" in address or "/guides/" in address:
                for boilerplate in BOILERPLATE:
                    assert boilerplate not in content, (address, boilerplate)
    finally:
        page.context.close()
        server.shutdown()


# -- issue 22: filters that answer the question asked; results that are precedents --------


def test_diffusion_deleted_by_the_ccf_does_not_return_the_belarus_case(page, search_site):
    """The CCF deleted the Belarus case's Blue Notice; its diffusion stayed in circulation.
    The plain facets match the case as a whole; the pairs keep what happened to what."""
    url, _ = search_site
    open_search(page, url, "?instrument=diffusion&forum=ccf&outcome=data-deleted")
    assert SEED in ids_of(result_titles(page)), "the plain facets match the case as a whole"
    open_search(page, url, "?instrument_fate=diffusion:deleted&forum_outcome=ccf:data-deleted")
    assert ids_of(result_titles(page)) == ["ru-2018-beta"]
    assert option(page, "instrument_fate", "diffusion-deleted").startswith("Diffusion: deleted")
    # The result card shows the pairs.
    open_search(page, url, "?q=Minsk")
    card = page.locator(".cb-result", has=page.locator(f".cb-result-title[href$='/{SEED}/']"))
    facts = " ".join(card.locator(".cb-result-facts").all_inner_texts())
    assert "Blue Notice: deleted as non-compliant; Diffusion: published or circulated" in facts
    assert "Decisions: CCF: data deleted; National court (Spain): extradition refused; CCF: not known" in facts
    assert "Outcome of the case: Data deleted, Extradition refused" in facts
    assert page.console_errors == []


def counts_in(page, key):
    """{value: the number beside it} for the options of a filter group, in screen order."""
    return page.locator(f".cb-filter-group[data-filter={key}] .cb-filter:not([hidden]) input").evaluate_all(
        "boxes => boxes.map(b => [b.value, b.checked, b.labels[0].querySelector('.cb-filter-count').textContent])"
    )


@pytest.mark.parametrize(
    "address",
    ["?outcome=extradition-refused", "?q=extradition", "?requesting_state=RU&outcome=data-deleted"],
    ids=["a-ticked-group", "words", "two-groups"],
)
def test_the_number_beside_an_option_is_what_ticking_it_gives(page, search_site, address):
    """Options of a group combine with "or": ticking one in a group with ticks adds
    results. Each unticked option's number must equal the results ticking it gives, and
    the options keep their places while a reader ticks."""
    url, _ = search_site
    for key in ("outcome", "requesting_state", "instrument_fate"):
        open_search(page, url, address)
        page.wait_for_function("() => document.getElementById('cb-search').dataset.cbCounted === location.search")
        before = counts_in(page, key)
        legend = page.locator(f".cb-filter-group[data-filter={key}] legend").inner_text()
        assert legend.endswith("· any of"), legend
        unticked = [(value, int(count.strip("()"))) for value, checked, count in before if not checked]
        assert unticked
        for value, promised in unticked[:2]:
            open_search(page, url, address)
            page.wait_for_function("() => document.getElementById('cb-search').dataset.cbCounted === location.search")
            page.check(f".cb-filter-group[data-filter={key}] input[value='{value}']")
            page.wait_for_function("() => document.getElementById('cb-search').dataset.cbCounted === location.search")
            got = len(result_titles(page))
            assert got == promised, f"{address}: ticking {key}={value} promised {promised}, gave {got}"
            after = [v for v, _, _ in counts_in(page, key)]
            assert after[: len(before)] == [v for v, _, _ in before], "options moved while ticking"
    assert page.console_errors == []


def test_results_are_precedents_and_say_what_they_are(page, search_site):
    url, _ = search_site
    open_search(page, url, "?q=extradition")
    precedents = result_titles(page)
    assert precedents and set(ids_of(precedents)) <= set(TITLES)
    kinds = page.locator(".cb-result-kind").all_inner_texts()
    assert kinds == ["Precedent"] * len(precedents)
    switch = page.locator("label[for='cb-show-pages']")
    page.wait_for_function("() => /\\(\\d+\\)$/.test(document.querySelector(\"label[for='cb-show-pages']\").textContent)")
    pages = int(switch.inner_text().rsplit("(", 1)[1].rstrip(")"))
    assert pages > 0
    assert page.locator("label[for='cb-show-precedents']").inner_text() == f"Precedents ({len(precedents)})"
    page.check("#cb-show-pages")
    page.wait_for_function("() => location.search.includes('show=pages')")
    others = result_titles(page)
    assert len(others) == min(pages, 20) and not set(ids_of(others))
    kinds = set(page.locator(".cb-result-kind").all_inner_texts())
    assert "Precedent" not in kinds and kinds <= {"Guide", "Misuse pattern", "Instrument", "Reference", "The rules", "Page"}
    assert page.locator(".cb-count").inner_text().endswith("guides and explanations, best match first")
    # A filter is about precedents: ticking one goes back to them.
    page.check("#cb-f-requesting_state-RU")
    page.wait_for_function("() => !location.search.includes('show=pages')")
    assert set(ids_of(result_titles(page))) <= {"ru-2015-alpha", "ru-2018-beta"}
    assert page.console_errors == []


def test_the_order_menu_says_what_the_order_is(page, search_site):
    url, _ = search_site
    open_search(page, url, "?instrument=diffusion")
    options = page.locator("#cb-sort option").all_inner_texts()
    assert options == ["Newest first", "Oldest first"], "no 'Best match' without words to match"
    assert page.locator("#cb-sort option:checked").inner_text() == "Newest first"
    assert page.locator(".cb-count").inner_text() == "3 precedents, newest first"
    page.fill("#cb-search-input", "Minsk")
    page.wait_for_function("() => location.search.includes('q=Minsk')")
    wait_count(page, 1)
    assert page.locator("#cb-sort option:checked").inner_text() == "Best match"
    assert page.locator(".cb-count").inner_text() == "1 precedent, best match first"
    page.select_option("#cb-sort", "oldest")
    page.wait_for_function("() => location.search.includes('sort=oldest')")
    assert page.locator(".cb-count").inner_text() == "1 precedent, oldest first"
