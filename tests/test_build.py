"""End-to-end: a real build of the fixture collection (mkdocs build --strict, then
Pagefind), with assertions on the HTML and the index; failure leaves site/ alone."""

import gzip
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

import casebook.site.build
import casebook.site.engine
from casebook.site.build import build
from casebook.site.engine import Indexing
from tests.conftest import FIXTURES, project_for

pytestmark = pytest.mark.slow

SEED = "by-2020-blue-notice-then-diffusion"


class Page(HTMLParser):
    """Collects what the tests look at: filters, body markers, facts table, links."""

    def __init__(self):
        super().__init__()
        self.filters, self.bodies, self.links, self.text = [], 0, [], []
        self.sort = None
        self.meta = {}
        self._meta_key = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-pagefind-filter" in attrs:
            self.filters.append(attrs["data-pagefind-filter"])
        if "data-pagefind-body" in attrs:
            self.bodies += 1
            self.sort = attrs.get("data-pagefind-sort")
        if "data-pagefind-meta" in attrs:
            self._meta_key = attrs["data-pagefind-meta"]
            self.meta[self._meta_key] = ""
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        self._meta_key = None

    def handle_data(self, data):
        self.text.append(data)
        if self._meta_key:
            self.meta[self._meta_key] += data


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.joined = " ".join(" ".join(page.text).split())
    return page


def _files(site):
    """Every file of a built site, by site-relative path: what "the old site is kept" compares."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _failing_pagefind(partial):
    """The real indexer, made to fail: an option it does not know."""
    command = [sys.executable, "-m", "pagefind", "--site", str(partial), "--no-such-option"]
    return Indexing(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), partial)


def test_seed_page_shows_its_key_facts(built_fixtures):
    page = parse(built_fixtures / "site" / "precedents" / SEED / "index.html")
    for fact in [
        "Requesting state Belarus",
        "Host state Spain",
        "Witness at home; Entrepreneur or business owner",
        "Blue Notice: Deleted as non-compliant; Diffusion: Published or circulated",
        "Data deleted, Extradition refused",
        "Detained Yes",
        "Years 2020–2025",
        "Draft, pending legal review",
        "INTERPOL National Central Bureau in Minsk",
    ]:
        assert fact.replace(" ", "") in page.joined.replace(" ", ""), fact
    assert "National Central Bank" not in page.joined.replace('"National Central Bank"', "")


def test_the_title_is_the_pages_one_heading_with_glossary_words_explained(built_fixtures):
    """The title is Markdown-escaped text in a heading the engine reads (md_in_html): so
    it is the table of contents' first entry, and its glossary words carry their
    expansion or definition, as in every other heading; no record text becomes markup."""
    html = (built_fixtures / "site" / "precedents" / "by-2020-ccf-co-accused" / "index.html").read_text()
    heading = re.search(r'<h1 id="title">(.*?)</h1>', html, re.S).group(1)
    assert heading.startswith('<abbr title="Commission for the Control of INTERPOL\'s Files">CCF</abbr> decision of')
    assert re.sub(r"<[^>]+>", "", heading).startswith("CCF decision of 9 October 2020 (Belarus): red notice deleted")
    assert html.count("<h1") == 1
    assert 'class="md-skip" href="#title"' in html or 'href="#title" class="md-skip"' in html


def test_seed_page_carries_pagefind_annotations(built_fixtures):
    page = parse(built_fixtures / "site" / "precedents" / SEED / "index.html")
    assert page.bodies == 1
    assert page.sort == "date:2025-05-01"
    # Each instrument with what became of it (issue 22: "Blue Notice, Diffusion · Data
    # deleted" read as if the diffusion had been deleted), each forum with its decision.
    assert page.meta["facts"] == "Belarus · Blue Notice: deleted as non-compliant; Diffusion: published or circulated · 2020–2025"
    assert page.meta["proceedings"] == "CCF: data deleted; National court (Spain): extradition refused; CCF: not known"
    assert page.meta["outcome"] == "Data deleted, Extradition refused"
    assert page.meta["summary"].startswith("A Belarusian entrepreneur living in Spain was only a witness")
    assert sorted(page.filters) == sorted(
        [
            "requesting_state:BY",
            "host_state:ES",
            "instrument:blue-notice",
            "instrument:diffusion",
            "instrument_fate:blue-notice:deleted",
            "instrument_fate:diffusion:published",
            "forum:ccf",
            "forum:national-court",
            "forum_outcome:ccf:data-deleted",
            "forum_outcome:ccf:unknown",
            "forum_outcome:national-court:extradition-refused",
            "outcome:data-deleted",
            "outcome:extradition-refused",
            "legal_ground:interpol-data-quality",
            "legal_ground:political-persecution",
            "pattern:deleted-data-resubmitted",
            "pattern:witness-recast-as-suspect",
            "pattern:information-notice-used-punitively",
            "kind:firm-case-study",
            "page:precedent",
        ]
        + [f"year:{y}" for y in range(2020, 2026)]
    )


def test_seed_page_links_to_its_record_and_explanations(built_fixtures):
    site = built_fixtures / "site"
    page = parse(site / "precedents" / SEED / "index.html")
    assert f"../../records/{SEED}.yml" in page.links
    assert (site / "records" / f"{SEED}.yml").read_text() == (FIXTURES / "precedents" / f"{SEED}.yml").read_text()
    assert "../../reference/legal-grounds/#interpol-data-quality" in page.links
    assert "../../browse/requesting-state/BY/" in page.links


def test_pagefind_index_covers_exactly_the_content_pages(built_fixtures):
    site = built_fixtures / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    searchable = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text())
    # One index per language (<html lang>): the Russian edition's pages under ru/.
    english = [p for p in searchable if not p.startswith("ru/")]
    assert entry["languages"]["en"]["page_count"] == len(english)
    assert entry["languages"]["ru"]["page_count"] == len(searchable) - len(english) == len(english)
    assert "search/index.html" not in searchable and "404.html" not in searchable
    assert "browse/index.html" not in searchable
    assert f"precedents/{SEED}/index.html" in searchable
    assert list((site / "pagefind" / "filter").glob("*.pf_filter"))
    assert list((site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_no_precedent_page_is_listed_in_the_sidebar(built_fixtures):
    html = (built_fixtures / "site" / "index.html").read_text()
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    assert SEED not in nav


def test_no_third_party_requests_in_the_html(built_fixtures):
    site = built_fixtures / "site"
    for path in site.rglob("*.html"):
        html = path.read_text()
        for match in re.finditer(r'(?:src|href)="(https?:)?//([^/"]+)', html):
            if match.group(0).startswith('href="'):
                continue  # links a reader chooses to follow are fine
            pytest.fail(f"{path}: loads from {match.group(2)}")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_build_refuses_a_collection_with_problems_and_keeps_the_old_site(tmp_path, built_fixtures):
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    broken = tmp_path / "precedents"
    broken.mkdir()
    (broken / "bad.yml").write_text("id: bad\n")
    report = build(project_for(broken), site_dir=site, work_dir=tmp_path / "work")
    assert not report.ok and report.problems
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert not (tmp_path / ".site.partial").exists()


def test_an_engine_failure_keeps_the_old_site(tmp_path, built_fixtures, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    marker = (site / "index.html").read_text()
    docs = tmp_path / "docs"
    shutil.copytree(project_for(FIXTURES).docs_dir, docs)
    (docs / "broken-link.md").write_text("# Broken\n\n[nowhere](missing-page.md)\n")
    project = project_for(FIXTURES / "precedents")
    monkeypatch.setattr(type(project), "docs_dir", property(lambda self: docs))
    report = build(project, site_dir=site, work_dir=tmp_path / "work")
    assert not report.ok
    assert "mkdocs build --strict failed" in report.error
    assert (site / "index.html").read_text() == marker
    assert not (tmp_path / ".site.partial").exists()


def test_a_pagefind_failure_keeps_the_old_site(tmp_path, built_fixtures, monkeypatch):
    """The real indexer, made to fail (an option it does not know), after mkdocs succeeded."""
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    before = _files(site)

    monkeypatch.setattr(casebook.site.build, "start_pagefind", _failing_pagefind)
    report = build(project_for(FIXTURES / "precedents"), site_dir=site, work_dir=tmp_path / "work")
    assert not report.ok
    assert report.error.startswith("pagefind failed (exit ")
    assert _files(site) == before
    assert not (tmp_path / ".site.partial").exists()


def test_a_broken_link_keeps_the_old_site(tmp_path, built_fixtures, monkeypatch):
    """A link mkdocs cannot see (raw HTML) to a page that does not exist: the link check
    of the new site refuses it, after mkdocs and Pagefind succeeded."""
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    before = _files(site)
    docs = tmp_path / "docs"
    shutil.copytree(project_for(FIXTURES).docs_dir, docs)
    (docs / "broken-raw-link.md").write_text('# Broken\n\n<p><a href="../no-such-page/">nowhere</a></p>\n')
    project = project_for(FIXTURES / "precedents")
    monkeypatch.setattr(type(project), "docs_dir", property(lambda self: docs))
    report = build(project, site_dir=site, work_dir=tmp_path / "work")
    assert not report.ok and report.error == ""
    # The page, and its copy in the Russian edition (the English under a note).
    assert [str(p) for p in report.problems] == [
        "site/broken-raw-link/index.html:"
        + str(report.problems[0].line)
        + ": broken link '../no-such-page/': no-such-page/index.html does not exist",
        "site/ru/broken-raw-link/index.html:"
        + str(report.problems[1].line)
        + ": broken link '../no-such-page/': ru/no-such-page/index.html does not exist",
    ]
    assert {"mkdocs", "pagefind", "links"} <= set(report.seconds)
    assert _files(site) == before
    assert not (tmp_path / ".site.partial").exists()


def _pagefind_texts(site) -> str:
    """Every Pagefind index file, decompressed (they are gzip with a 'pagefind_dcd' prefix)."""
    out = []
    for path in (site / "pagefind").rglob("*"):
        if path.suffix in (".pf_fragment", ".pf_filter", ".pf_meta", ".pf_index"):
            out.append(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(out)


def test_a_deleted_precedent_leaves_nothing_behind(tmp_path):
    GONE = "ve-2006-poleo"  # no other fixture links to it; the only one from VE and the only one hosted in PE
    records = tmp_path / "precedents"
    shutil.copytree(FIXTURES / "precedents", records)
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(project_for(records), site_dir=site, work_dir=work).ok
    leftovers = [
        site / "precedents" / GONE,
        site / "records" / f"{GONE}.yml",
        site / "api" / "v1" / "precedents" / f"{GONE}.json",
        site / "precedents" / f"{GONE}.pdf",
        site / "browse" / "requesting-state" / "VE",
        site / "browse" / "host-state" / "PE",
        work / "docs" / "precedents" / f"{GONE}.md",
        work / "docs" / "browse" / "requesting-state" / "VE.md",
        work / "docs" / "browse" / "host-state" / "PE.md",
    ]
    assert all(path.exists() for path in leftovers)
    index = _pagefind_texts(site)
    assert f"/precedents/{GONE}/" in index and "bVE" in index  # the page and its filter value, before

    (records / f"{GONE}.yml").unlink()
    assert build(project_for(records), site_dir=site, work_dir=work).ok
    assert [path for path in leftovers if path.exists()] == []
    index = _pagefind_texts(site)
    assert f"/precedents/{GONE}/" not in index and "bVE" not in index
    for page in ("browse/index.html", "precedents/index.html", "reference/misuse-patterns/index.html"):
        html = (site / page).read_text()
        assert GONE not in html and "requesting-state/VE/" not in html, page
    vocabularies = json.loads((site / "assets" / "casebook-vocabularies.json").read_text())
    assert "VE" not in vocabularies["labels"]["requesting_state"] and "PE" not in vocabularies["labels"]["host_state"]
    assert not (site / "precedents" / f"{GONE}.pdf").exists()
    assert not (site / "api" / "v1" / "precedents" / f"{GONE}.json").exists()


class _Tokens(HTMLParser):
    """A page as a list of tags (attributes sorted), text and comments, without the
    whitespace between block elements, which does not render."""

    BLOCK = {"html", "head", "body", "main", "article", "nav", "header", "footer", "section", "aside", "div", "p"}
    BLOCK |= {"table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption"}
    BLOCK |= {"svg", "g", "rect", "line", "defs", "marker", "path", "title", "desc", "form", "label", "input", "button"}
    BLOCK |= {"details", "summary", "fieldset", "legend"}  # the CCF decisions table's filters
    BLOCK |= {"meta", "link", "script", "style", "template", "details", "summary", "blockquote"}
    BLOCK |= {f"h{level}" for level in range(1, 7)}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        # A boolean attribute has three spellings (data-x, data-x="", data-x="data-x").
        self.tokens.append(("<", tag, tuple(sorted((k, k if v in (None, "") else v) for k, v in attrs))))

    def handle_endtag(self, tag):
        self.tokens.append((">", tag))

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", re.sub(r"\s+", " ", self.tokens[-1][1] + data))
        else:
            self.tokens.append(("text", data))

    def handle_comment(self, data):
        self.tokens.append(("comment", data))

    @classmethod
    def of(cls, text):
        parser = cls()
        parser.feed(text)
        tokens = parser.tokens
        return [
            token
            for i, token in enumerate(tokens)
            if not (
                token == ("text", " ")
                and any(0 <= j < len(tokens) and tokens[j][0] in "<>" and tokens[j][1] in cls.BLOCK for j in (i - 1, i + 1))
            )
        ]


def test_setting_html_aside_for_the_engine_changes_no_page(tmp_path, built_fixtures, fixture_project, monkeypatch):
    """set_aside.py takes the finished HTML blocks out of the generated pages before the
    engine runs and puts them back after; built without that, every page is the same
    (attribute order and the whitespace between block elements aside)."""
    monkeypatch.setattr(casebook.site.build, "set_aside_html", lambda pages: (pages, {}))
    report = build(fixture_project, site_dir=tmp_path / "site", work_dir=tmp_path / "work")
    assert report.ok, report.error or report.problems
    pages = sorted(p.relative_to(built_fixtures / "site") for p in (built_fixtures / "site").rglob("*.html"))
    assert pages == sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*.html"))
    assert (built_fixtures / "work" / "docs" / "precedents" / f"{SEED}.md").read_text().count("<!--casebook-html") > 10
    different = [
        page.as_posix()
        for page in pages
        if _Tokens.of((built_fixtures / "site" / page).read_text()) != _Tokens.of((tmp_path / "site" / page).read_text())
    ]
    if different:
        import difflib

        first = different[0]
        one, two = (_Tokens.of((folder / first).read_text()) for folder in (built_fixtures / "site", tmp_path / "site"))
        print("\n".join(list(difflib.unified_diff([str(t) for t in one], [str(t) for t in two], lineterm=""))[:40]))
    assert different == []


def test_record_copies_and_precedent_json_are_published_beside_the_engine(built_fixtures):
    """One file per precedent that the engine would only copy: written into the site
    while Pagefind indexes (build.py), linked from the page in raw HTML."""
    site, docs = built_fixtures / "site", built_fixtures / "work" / "docs"
    assert not (docs / "records").exists() and not (docs / "api" / "v1" / "precedents").exists()
    assert (docs / "api" / "v1" / "precedents.json").is_file(), "a file a hand-written page links to stays"
    assert (site / "records" / f"{SEED}.yml").read_bytes() == (FIXTURES / "precedents" / f"{SEED}.yml").read_bytes()
    assert json.loads((site / "api" / "v1" / "precedents" / f"{SEED}.json").read_text())["record"]["id"] == SEED
    page = parse(site / "precedents" / SEED / "index.html")
    assert f"../../records/{SEED}.yml" in page.links and f"../../api/v1/precedents/{SEED}.json" in page.links


def test_the_second_process_builds_the_same_site_and_a_failure_keeps_the_old_one(tmp_path, built_fixtures, monkeypatch):
    """With exports, half the precedent pages and the PDFs made in the build's second
    process (worker.py; here even for the small fixture collection), a Pagefind failure
    stops that process and the writing beside the index, and leaves no partial site and
    the old one as it was. Built again, the site is the one built in one process."""
    import casebook.publish.worker

    monkeypatch.setattr(casebook.publish.worker, "SEPARATE_FROM", 1)
    monkeypatch.setattr(casebook.publish.worker.os, "cpu_count", lambda: 2)  # also on a one-core runner
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    before = _files(site)

    monkeypatch.setattr(casebook.site.build, "start_pagefind", _failing_pagefind)
    report = build(project_for(FIXTURES / "precedents"), site_dir=site, work_dir=tmp_path / "work")
    assert not report.ok and report.error.startswith("pagefind failed (exit ")
    assert _files(site) == before
    assert not (tmp_path / ".site.partial").exists()
    assert not [child for child in multiprocessing.active_children() if child.name == "casebook-publishing"]

    monkeypatch.setattr(casebook.site.build, "start_pagefind", casebook.site.engine.start_pagefind)
    report = build(project_for(FIXTURES / "precedents"), site_dir=site, work_dir=tmp_path / "work")
    assert report.ok, report.error or report.problems
    # Pagefind's own files aside (its index names vary between runs; test_reproducible.py
    # checks that searches give the same results), every file is the same.
    built = _files(site)
    assert {k: v for k, v in built.items() if not k.startswith("pagefind/")} == {
        k: v for k, v in before.items() if not k.startswith("pagefind/")
    }, "the same site as the build in one process"
