"""Hostile records: nothing a record says runs in a reader's browser or a spreadsheet.

A real build of one record per payload (tests/hostile.py, over a hundred
cross-site-scripting, Markdown, attribute-list, template, JSON/XML and CSV-formula
payloads), each payload in every text field the schema defines (the field list is read
from precedents/schema.json, so a new field is covered the day it is added). Then:

- every built file passes the by-type safety scan (tests/site_safety.py: HTML, JSON,
  CSV, XML feeds, JSON-LD, PDF), so exports added later are covered too;
- no template syntax was evaluated;
- every page, and the search page with results from the payload records, opened in
  Chromium shows no dialog, has no injected element or handler and no script link,
  requests nothing from any host but the local server, and shows each title exactly as
  written. Chromium runs with the Content Security Policy bypassed, so what is tested is
  the escaping itself; the policy is a second wall (tests/test_security_policy.py).

The check refuses Markdown links that are not web addresses; this build turns that one
check off, so the renderer is shown to be safe on its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import casebook.records.checks as checks
from casebook.records.collection import check_collection
from casebook.site.build import build
from tests.conftest import project_for, serve_folder
from tests.hostile import EVALUATED_TEMPLATE_MARKS, PAYLOADS, hostile_record, text_fields, write_hostile_collection
from tests.site_safety import scan_html, scan_pdf, scan_site, scanned_types

pytestmark = pytest.mark.slow

# Fields that hold codes, dates or identifiers: they keep valid values whatever the payload.
CODE_FIELDS = {
    "id",
    "language",
    "related[].id",
    "aliases[]",  # former ids: id-shaped, and unique across the collection
    "requesting_states[]",
    "host_states[]",
    "person.nationality[]",
    "proceedings[].state",
    "sources[].language",
    "instruments[].issued",
    "instruments[].fate_date",
    "proceedings[].filed",
    "proceedings[].decided",
    "timeline[].date",
    "sources[].date",
    "review.date",
    "person.protection[].by",
    "person.protection[].date",
    "detention.periods[].start",
    "detention.periods[].end",
    "detention.periods[].duration",
    "detention.periods[].state",
    "proceedings[].measures[].ordered",
    "proceedings[].measures[].term",
    "onward_moves[].state",
    "onward_moves[].date",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    payloads = write_hostile_collection(tmp / "precedents")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            checks,
            "RECORD_CHECKS",
            tuple(c for c in checks.RECORD_CHECKS if c is not checks.check_links_in_text_are_web_addresses),
        )
        report = build(project_for(tmp / "precedents"), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or [str(p) for p in report.problems[:20]]
    assert report.precedents == len(PAYLOADS)
    return tmp, payloads


def test_every_text_field_of_the_schema_carries_the_payloads():
    fields = set(text_fields())
    _, used = hostile_record("xx-2020-a", "<img id=x-pwned src=x onerror=alert(1)>", "xx-2020-b")
    assert set(used) == fields - CODE_FIELDS
    assert {"title", "summary", "person.name", "sources[].url", "unconfirmed[]", "proceedings[].identifiers[].value"} <= set(used)
    print(f"\n{len(PAYLOADS)} payloads x {len(used)} text fields = {len(PAYLOADS) * len(used)} placements")


def test_the_check_refuses_prose_links_that_are_not_web_addresses(hostile):
    tmp, payloads = hostile
    _, problems = check_collection(project_for(tmp / "precedents"))
    problems = [p for p in problems if not p.is_warning]  # translations without their source: warnings
    refused = {payloads[Path(p.path).stem] for p in problems}
    assert {p.message.split(";")[0] for p in problems} == {"expected links to http:// or https:// addresses"}
    links = re.compile(r"\]\(\s*<?(?!https?://)|^\[[^\]]+\]:\s*(?!https?://)", re.M)
    assert refused == {p for p in PAYLOADS if links.search(p)}
    assert len(refused) == 10


def test_every_built_file_is_safe_by_type(hostile):
    tmp, payloads = hostile
    site = tmp / "site"
    types = scanned_types(site)
    assert types[".html"] > len(payloads) and types[".json"] >= 1
    assert scan_site(site) == []


def test_the_scan_finds_what_it_looks_for():
    """The scanner is the judge of the test above; show it can say no."""
    assert scan_html('<p><img id="x-pwned" src="x" onerror="alert(1)"></p>') != []
    assert scan_html('<a href=" jav&#x09;ascript:alert(1)">x</a>') != []
    assert scan_html('<script type="application/ld+json">{"a": "</script><b>"}</script>') != []
    assert scan_html('<h1 id="title">&lt;img id=x-pwned&gt; {{ 7*7 }}</h1>') == []
    action = b"1 0 obj\n<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"
    assert scan_pdf(action) == ["a /JavaScript entry", "a /JS\\b entry"]
    assert scan_pdf(action.replace(b"/JavaScript /JS", b"/URI /URI")) != []  # a non-web link
    # Stream data may spell a name by chance; an action after the stream is still found.
    stream = b"2 0 obj\n<< /Length 9 /Filter [/ASCII85Decode /FlateDecode] >>\nstream\nGa/JS,Jm~>\nendstream\nendobj\n"
    assert scan_pdf(stream) == [] and scan_pdf(stream + action) != []


def test_no_template_syntax_is_evaluated(hostile):
    tmp, _ = hostile
    for folder in (tmp / "site", tmp / "work" / "docs"):
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".md", ".json", ".xml", ".csv", ".atom", ".txt") and path.is_file():
                text = path.read_text(encoding="utf-8")
                for mark in EVALUATED_TEMPLATE_MARKS:
                    assert mark not in text, f"{path}: {mark} (an evaluated template payload)"


PROBE = """() => {
  const found = [];
  const bad = /^(javascript|vbscript|data|file):/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(`<${el.localName}> ${attr.name}=${attr.value.slice(0, 40)}`);
      if (attr.name === 'srcdoc') found.push(`<${el.localName}> srcdoc`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name)) {
        const value = attr.value.replace(/[\\x00-\\x20\\x7f]/g, '');
        if (bad.test(value) && !(el.localName === 'img' && value.startsWith('data:image/')))
          found.push(`<${el.localName} ${attr.name}=${attr.value.slice(0, 60)}>`);
      }
    }
    if ((el.id || '').includes('pwned') || (el.getAttribute('class') || '').includes('pwned'))
      found.push(`injected <${el.localName} id=${el.id}>`);
  }
  for (const s of document.scripts) {
    if (s.type === 'application/ld+json') {  // a data block: never run; it must stay valid JSON
      try { JSON.parse(s.textContent); } catch (e) { found.push('JSON-LD that does not parse'); }
      continue;
    }
    if (!s.src && /alert\\(|pwned/.test(s.textContent)) found.push('injected script: ' + s.textContent.slice(0, 60));
  }
  for (const a of document.querySelectorAll('a[href], area[href]'))
    if (!['http:', 'https:'].includes(a.protocol)) found.push(`link with scheme ${a.protocol} ${a.getAttribute('href').slice(0, 60)}`);
  for (const el of document.querySelectorAll('base, iframe, object, embed, meta[http-equiv=refresh i]'))
    found.push(`<${el.localName}> element`);
  return found;
}"""


class Reader:
    """Chromium tabs that record dialogs and every request to another address."""

    def __init__(self, browser, base: str, tabs: int = 1):
        self.base = base
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        # Only requests to other addresses reach Python (routing every request is slow).
        self.context.route(re.compile(f"^(?!{re.escape(base)})"), self._refuse)
        self.tabs = [self.context.new_page() for _ in range(tabs)]
        for tab in self.tabs:
            tab.on("dialog", lambda dialog, tab=tab: self._dialog(tab, dialog))
        self.page = self.tabs[0]

    def _refuse(self, route):
        self.foreign.append(route.request.url)
        route.abort()

    def _dialog(self, tab, dialog):
        self.dialogs.append(f"{tab.url}: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def problems(self, tab=None) -> list[str]:
        return (tab or self.page).evaluate(PROBE)

    def visit(self, paths: list[str]):
        """Open every page, a few tabs at a time; yield (path, tab) once each has loaded."""
        for start in range(0, len(paths), len(self.tabs)):
            batch = list(zip(self.tabs, paths[start : start + len(self.tabs)], strict=False))  # the last batch may be short
            for tab, path in batch:
                tab.goto(self.base + path, wait_until="commit")
            for tab, path in batch:
                tab.wait_for_load_state("load")
                yield path, tab


@pytest.mark.browser
def test_no_page_runs_or_loads_anything_a_record_says(browser, hostile):
    tmp, payloads = hostile
    site = tmp / "site"
    base, server = serve_folder(site)
    reader = Reader(browser, base, tabs=4)
    found = {}
    titles = {}
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    try:
        for path, tab in reader.visit(pages):
            problems = reader.problems(tab)
            if problems:
                found[path] = problems
            record_id = re.fullmatch(r"precedents/(xx-[a-z0-9-]+)/index\.html", path)
            if record_id:
                titles[record_id.group(1)] = tab.evaluate("() => document.querySelector('.cb-precedent h1').textContent")
    finally:
        reader.context.close()
        server.shutdown()
    assert found == {}
    assert reader.dialogs == []
    assert reader.foreign == []
    # Each title reads exactly as written: escaped once, not evaluated, not interpreted.
    normalise = lambda text: " ".join(text.replace("\u00b6", "").split())  # noqa: E731 (the theme's permalink mark)
    assert {i: normalise(t) for i, t in titles.items()} == {i: normalise(p.ljust(5, ".")) for i, p in payloads.items()}
    print(f"\n{len(pages)} pages opened in Chromium; no dialog, no injected element, no foreign request")


SEARCHES = [
    "search/?q=pwned",
    "search/?q=alert",
    "search/?q=script",
    "search/?q=onerror",
    "search/?q=click",
    "search/?kind=public-record",
]


@pytest.mark.browser
@pytest.mark.parametrize("address", SEARCHES)
def test_search_results_and_suggestions_stay_text(browser, hostile, address):
    tmp, _ = hostile
    base, server = serve_folder(tmp / "site")
    reader = Reader(browser, base)
    try:
        reader.page.goto(base + address)
        reader.page.wait_for_selector("#cb-search[data-cb-rendered] .cb-result")
        assert reader.page.locator(".cb-result").count() >= 5
        problems = reader.problems()
        # The header box's suggestions come from the same index.
        reader.page.fill("#cb-header-q", address.split("=")[1].split("-")[0])
        reader.page.wait_for_selector("#cb-header-results:not([hidden]) .cb-suggestion")
        problems += reader.problems()
    finally:
        reader.context.close()
        server.shutdown()
    assert problems == []
    assert reader.dialogs == []
    assert reader.foreign == []


def test_the_fixture_site_is_safe_by_type(built_fixtures):
    assert scan_site(built_fixtures / "site") == []
