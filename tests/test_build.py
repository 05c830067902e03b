"""End-to-end: a real build of the fixture collection (mkdocs build --strict, then
Pagefind), with assertions on the HTML and the index; failure leaves site/ alone."""

import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from casebook.build import build
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


def test_seed_page_shows_its_key_facts(built_fixtures):
    page = parse(built_fixtures / "site" / "precedents" / SEED / "index.html")
    for fact in [
        "Requesting state Belarus",
        "Host state Spain",
        "Witness at home; Entrepreneur or business owner",
        "Blue Notice: Deleted; Diffusion: Published or circulated",
        "Data deleted, Extradition refused",
        "Detained Yes",
        "Years 2020–2025",
        "Draft, pending legal review",
        "INTERPOL National Central Bureau in Minsk",
    ]:
        assert fact.replace(" ", "") in page.joined.replace(" ", ""), fact
    assert "National Central Bank" not in page.joined.replace('"National Central Bank"', "")


def test_seed_page_carries_pagefind_annotations(built_fixtures):
    page = parse(built_fixtures / "site" / "precedents" / SEED / "index.html")
    assert page.bodies == 1
    assert page.sort == "date:2025-05-01"
    assert page.meta["facts"] == "Belarus · Blue Notice, Diffusion · Data deleted, Extradition refused · 2020–2025"
    assert page.meta["summary"].startswith("A Belarusian entrepreneur living in Spain was only a witness")
    assert sorted(page.filters) == sorted(
        [
            "requesting_state:BY",
            "host_state:ES",
            "instrument:blue-notice",
            "instrument:diffusion",
            "forum:ccf",
            "forum:national-court",
            "outcome:data-deleted",
            "outcome:extradition-refused",
            "legal_ground:interpol-data-quality",
            "legal_ground:political-persecution",
            "pattern:deleted-data-resubmitted",
            "pattern:witness-recast-as-suspect",
            "pattern:information-notice-used-punitively",
            "kind:firm-case-study",
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
    assert entry["languages"]["en"]["page_count"] == len(searchable)
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


def test_a_deleted_precedent_leaves_nothing_behind(tmp_path):
    GONE = "ve-2006-poleo"  # no other fixture links to it
    records = tmp_path / "precedents"
    shutil.copytree(FIXTURES / "precedents", records)
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(project_for(records), site_dir=site, work_dir=work).ok
    assert (site / "precedents" / GONE / "index.html").exists()
    (records / f"{GONE}.yml").unlink()
    assert build(project_for(records), site_dir=site, work_dir=work).ok
    assert not (site / "precedents" / GONE).exists()
    assert not (work / "docs" / "precedents" / f"{GONE}.md").exists()
    assert not (site / "records" / f"{GONE}.yml").exists()
    assert not (site / "precedents" / f"{GONE}.pdf").exists()
    assert not (site / "api" / "v1" / "precedents" / f"{GONE}.json").exists()
    assert GONE not in "".join(p.read_text(errors="ignore") for p in (site / "pagefind").rglob("*.json"))
