"""The same site from both engines (README, "Engines"): MkDocs + Material, the default,
and Zensical. The fixture collection is built with each; every page's <article> must
read the same, word for word, and the Zensical site passes the checks the default one
does: the link check (inside the build), reproducibility, the security policy
(test_security_policy.py), the redaction scan (test_anonymity.py), Pagefind with its
filters, and a reader's path through it in Chromium.

What differs between the two sites and is allowed, outside the article text compared
here (so not asserted): the theme's assets (Zensical's own bundle and stylesheets), the
footer credit ("Made with Zensical"), the table of contents' title ("On this page"
rather than "Table of contents"), the skip link's target (Zensical's empty
``<a id="__skip">`` at the top of the article, Material's first heading), attribute
escaping (``&#x27;`` rather than ``&#39;``), ``./`` before links from the home page, and
code blocks highlighted by Pygments in Zensical (``pymdownx.superfences`` is always on
there) where MkDocs leaves ``<pre><code class="language-...">``: same text.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from casebook.cli import ENGINE_NAMES
from casebook.publish.sitemap import sitemap_xml
from casebook.site.build import build
from casebook.site.engine import EngineError, nav_sections
from casebook.site.engines import DEFAULT_ENGINE, ENGINES, engine_named
from casebook.site.links import check_site
from tests.conftest import ROOT, serve_folder
from tests.test_reproducible import PAGEFIND_UNSTABLE

SEED = "by-2020-blue-notice-then-diffusion"

# Pages whose article text may differ between the engines, each with the reason. Empty:
# none does today. Add a page only with a reason the engines cannot avoid.
ALLOWED_ARTICLE_DIFFERENCES: dict[str, str] = {}


# --- no build needed ---------------------------------------------------------------------


def test_the_command_line_offers_exactly_the_engines_there_are():
    assert ENGINE_NAMES == list(ENGINES)
    assert ENGINE_NAMES[0] == DEFAULT_ENGINE == engine_named(None).name == "mkdocs"
    with pytest.raises(ValueError, match="unknown site engine 'hugo'; known: mkdocs, zensical"):
        engine_named("hugo")


def test_the_compact_navigation_links_each_section_to_its_first_page():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    sections = nav_sections(nav)
    assert [s["title"] for s in sections] == [next(iter(item)) for item in nav]
    assert sections[0] == {"title": "Home", "url": ""}
    assert {"title": "Understand", "url": "instruments/red-notice/"} in sections
    nested = [{"Deep": [{"Inner": [{"First": "a/b.md"}]}, {"Other": "c.md"}]}, {"Out": "https://example.org/x"}]
    assert nav_sections(nested) == [{"title": "Deep", "url": "a/b/"}, {"title": "Out", "url": "https://example.org/x"}]
    with pytest.raises(EngineError, match="mkdocs.yml: nav: each top-level entry must be one 'Title: page' pair"):
        nav_sections(["index.md"])


def test_the_sitemap_lists_pages_in_the_engines_order_with_the_records_dates():
    from casebook.pages.publication import Site

    pages = ["precedents/x.md", "about.md", "index.md", "precedents/index.md", "api.md", "records/x.yml"]
    text = sitemap_xml(pages, Site(url="https://example.org/c/"), {"precedents/x.md": "2024-03-05"})
    locs = re.findall(r"<loc>([^<]+)</loc>", text)
    assert locs == [f"https://example.org/c/{p}" for p in ("", "about/", "api/", "precedents/", "precedents/x/")]
    assert text.count("<lastmod>") == 1 and "<lastmod>2024-03-05</lastmod>" in text
    assert "<loc>" not in sitemap_xml(pages, Site(), {}), "no site address, no entries (they must be full addresses)"


# --- both engines, built for real ---------------------------------------------------------


def _articles(site: Path) -> dict[str, str]:
    """Every page's <article>, its visible text with whitespace collapsed."""
    texts = {}
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        article = LexborHTMLParser(path.read_text(encoding="utf-8")).css_first("article")
        text = article.text(separator="") if article is not None else ""
        texts[path.relative_to(site).as_posix()] = re.sub(r"\s+", " ", text).strip()
    return texts


@pytest.mark.slow
def test_both_engines_build_the_same_pages_with_the_same_article_text(built_fixtures, zensical_fixtures):
    mkdocs, zensical = _articles(built_fixtures / "site"), _articles(zensical_fixtures / "site")
    assert sorted(mkdocs) == sorted(zensical)
    assert len(mkdocs) > 40 and sum(1 for text in mkdocs.values() if text) > 40
    different = sorted(page for page in mkdocs if mkdocs[page] != zensical[page])
    assert different == sorted(set(different) & set(ALLOWED_ARTICLE_DIFFERENCES)), different
    assert set(ALLOWED_ARTICLE_DIFFERENCES) <= set(different), "an allowed difference that no longer occurs: remove it"


@pytest.mark.slow
def test_the_zensical_site_has_no_broken_link_and_the_same_sitemap(built_fixtures, zensical_fixtures):
    site = zensical_fixtures / "site"
    assert check_site(site) == []
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (site / name).read_bytes() == (built_fixtures / "site" / name).read_bytes(), name
    assert not (site / "search.json").exists(), "Zensical's own (empty) search index is removed: Pagefind is the search"
    assert "zensical" in (site / "index.html").read_text(encoding="utf-8").lower()  # really built by Zensical


@pytest.mark.slow
def test_the_zensical_site_is_indexed_by_pagefind_with_its_filters(zensical_fixtures):
    site = zensical_fixtures / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert len(list((site / "pagefind" / "filter").glob("*.pf_filter"))) >= 1
    page = (site / "precedents" / SEED / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in page and 'data-pagefind-filter="page:precedent"' in page


@pytest.mark.slow
def test_two_zensical_builds_are_byte_identical_but_for_pagefinds_unstable_files(tmp_path, zensical_fixtures, fixture_project):
    report = build(fixture_project, site_dir=tmp_path / "site", work_dir=tmp_path / "work", engine="zensical")
    assert report.ok, report.error or report.problems

    def digests(site: Path) -> dict[str, str]:
        return {
            p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site.rglob("*")
            if p.is_file() and not PAGEFIND_UNSTABLE.match(p.relative_to(site).as_posix())
        }

    first, second = digests(zensical_fixtures / "site"), digests(tmp_path / "site")
    assert len(first) > 100
    assert first == second


@pytest.mark.slow
def test_a_zensical_failure_is_reported_and_keeps_the_old_site(tmp_path, zensical_fixtures, monkeypatch):
    import shutil

    from tests.conftest import FIXTURES, project_for

    site = tmp_path / "site"
    shutil.copytree(zensical_fixtures / "site", site)
    marker = (site / "index.html").read_text()
    docs = tmp_path / "docs"
    shutil.copytree(project_for(FIXTURES).docs_dir, docs)
    (docs / "broken-link.md").write_text("# Broken\n\n[nowhere](missing-page.md)\n")
    project = project_for(FIXTURES / "precedents")
    monkeypatch.setattr(type(project), "docs_dir", property(lambda self: docs))
    report = build(project, site_dir=site, work_dir=tmp_path / "work", engine="zensical")
    assert not report.ok
    assert report.error.startswith("zensical build --strict failed (exit 1):")
    assert "missing-page.md" in report.error
    assert (site / "index.html").read_text() == marker
    assert not (tmp_path / ".site.partial").exists()


RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.slow
@pytest.mark.browser
def test_a_reader_on_the_zensical_site_goes_home_to_a_precedent_searches_with_a_filter_and_switches_language(
    browser, zensical_fixtures
):
    base, server = serve_folder(zensical_fixtures / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(base)
        assert "Casebook" in page.title()
        page.get_by_role("link", name="All precedents").first.click()
        page.wait_for_url("**/precedents/")
        page.get_by_role("link", name="Belarus: a witness shown as wanted").click()
        page.wait_for_url(f"**/precedents/{SEED}/")
        assert page.locator("h1").first.inner_text().startswith("Belarus: a witness shown as wanted in a Blue Notice")
        # The compact navigation of a precedent page (from the pipeline, not the engine's nav).
        sidebar = page.locator(".md-sidebar--primary .md-nav__link").all_inner_texts()
        assert [t.strip() for t in sidebar][:2] == ["Home", "Understand"]
        assert page.evaluate("window.__violations") == []

        page.goto(base + "search/?instrument=diffusion")
        page.wait_for_selector(".cb-result")
        assert page.locator(".cb-result-title").first.inner_text().startswith("Belarus: a witness")
        labels = page.locator(".cb-filter-group[data-filter=instrument] label").all_inner_texts()
        assert any(text.startswith("Diffusion") for text in labels)
        page.fill("#cb-search-input", "Minsk")
        page.wait_for_function("() => location.search.includes('q=Minsk')")
        assert "instrument=diffusion" in page.url
        assert page.evaluate("window.__violations") == []

        # The language switch: the same search, query and filter kept, in Russian, and back.
        page.locator(".cb-language a[data-cb-language]").first.click()
        page.wait_for_url("**/ru/search/**")
        assert "q=Minsk" in page.url and "instrument=diffusion" in page.url
        assert page.locator("html").get_attribute("lang") == "ru"
        page.wait_for_selector(".cb-result")
        assert page.locator("#cb-search-input").input_value() == "Minsk"
        page.locator(".cb-language a[data-cb-language]").first.click()
        page.wait_for_url(lambda url: "/ru/" not in url and "/search/" in url)
        assert "q=Minsk" in page.url and page.locator("html").get_attribute("lang") == "en"
        assert page.evaluate("window.__violations") == []
        assert errors == []
    finally:
        context.close()
        server.shutdown()
