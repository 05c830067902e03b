"""Publishing, end to end: real builds (MkDocs + Pagefind), then the exports compared with
what the built pages show, JSON-LD and sharing tags read from the HTML, feeds checked
against the pages they link to, redirects, sitemap and canonical links with a site
address, and identical output from identical input."""

from __future__ import annotations

import csv
import gzip
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import referencing

from casebook.site.build import build
from tests.conftest import FORMER, PUBLISHED_SITE_URL, RENAMED, project_for, write_publishing_collection

pytestmark = pytest.mark.slow

SEED = "by-2020-blue-notice-then-diffusion"
ATOM = "{http://www.w3.org/2005/Atom}"


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Head(HTMLParser):
    """The parts of a built page these tests read: meta tags, links, JSON-LD, the h1, and
    the text of every element that has an id (``text[id]``)."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self.ids, self.text = {}, [], [], {}, {}
        self.h1 = ""
        self._script = None
        self._stack: list[tuple[str, str | None]] = []  # open elements: (tag, id)
        self._chunks: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content")
        if tag == "link":
            self.links.append(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs
            self._chunks.setdefault(attrs["id"], [])
        if tag not in VOID:
            self._stack.append((tag, attrs.get("id") or ("h1" if tag == "h1" else None)))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        for tag, key in self._stack:
            if tag == "h1":
                self.h1 += data
            if key and key in self._chunks:
                self._chunks[key].append(data)

    def close(self):
        super().close()
        self.text = {key: " ".join("".join(chunks).split()) for key, chunks in self._chunks.items()}


def read(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    head.close()
    return head


def facts_table(html: str) -> dict:
    """Key facts as shown: {row label: cell text}."""
    table = re.search(r'<div class="cb-facts">(.*?)</div>', html, re.S).group(1)
    rows = re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", table, re.S)
    return {re.sub(r"<[^>]+>", "", k).strip(): " ".join(re.sub(r"<[^>]+>", "", v).split()) for k, v in rows}


# -- exports against the pages --------------------------------------------------------------


@pytest.mark.parametrize("site_fixture", ["built_fixtures", "published_site"])
def test_exports_hold_every_precedent_with_the_values_the_pages_show(request, site_fixture):
    site = request.getfixturevalue(site_fixture) / "site"
    pages = sorted(p.parent.name for p in (site / "precedents").glob("*/index.html") if "data-pagefind-body" in p.read_text())
    assert SEED in pages
    everything = json.loads((site / "api/v1/precedents.json").read_text())
    one_each = sorted(p.stem for p in (site / "api/v1/precedents").glob("*.json"))
    rows = list(csv.DictReader(io.StringIO((site / "api/v1/precedents.csv").read_text(encoding="utf-8-sig"))))
    assert pages == one_each == sorted(d["record"]["id"] for d in everything["precedents"]) == sorted(r["id"] for r in rows)
    assert everything["count"] == len(pages)
    assert sorted(p.stem for p in (site / "precedents").glob("*.pdf")) == pages
    record_schema = json.loads((site / "api/v1/schema.json").read_text())
    registry = referencing.Registry().with_resource(record_schema["$id"], referencing.Resource.from_contents(record_schema))
    validator = jsonschema.Draft202012Validator(
        json.loads((site / "api/v1/precedent.schema.json").read_text()), registry=registry
    )
    for path in (site / "api/v1/precedents").glob("*.json"):
        assert list(validator.iter_errors(json.loads(path.read_text()))) == [], path.name

    html = (site / "precedents" / SEED / "index.html").read_text()
    page = read(site / "precedents" / SEED / "index.html")
    shown = facts_table(html)
    exported = json.loads((site / f"api/v1/precedents/{SEED}.json").read_text())
    record, derived = exported["record"], exported["derived"]
    row = next(r for r in rows if r["id"] == SEED)
    assert page.h1.strip().removesuffix("¶") == record["title"] == row["title"]
    assert shown["Requesting state"] == row["requesting_state_names"] == derived["labels"]["countries"]["BY"]
    assert shown["Host state"] == row["host_state_names"] == "Spain"
    assert shown["Outcome"] == ", ".join(derived["labels"]["outcomes"][o] for o in record["outcomes"])
    assert row["outcome_labels"] == "; ".join(derived["labels"]["outcomes"][o] for o in record["outcomes"])
    assert shown["Years"] == derived["years"] == row["years"]
    assert page.text["summary-1"] == derived["summary_text"] == row["summary"]
    assert page.text["headnote-1"] == derived["headnote_text"]
    assert f'data-pagefind-sort="date:{derived["sort_date"]}"' in html
    assert page.text["source-1"].find(record["sources"][0]["title"]) >= 0
    assert page.text["citation"] == derived["citation"], "the page cites exactly as the data does"
    # The CSV's address: full where the site's address is set, else the page's path from
    # the site's root (it was empty; docs/api.md says so).
    expected_url = (PUBLISHED_SITE_URL if site_fixture == "published_site" else "") + f"precedents/{SEED}/"
    assert row["url"] == expected_url and row["path"] == f"precedents/{SEED}/"


def test_precedent_pages_carry_jsonld_and_sharing_tags(published_site):
    site = published_site / "site"
    for record_id in (SEED, RENAMED):
        page = read(site / "precedents" / record_id / "index.html")
        assert len(page.jsonld) == 1
        raw = page.jsonld[0]
        assert "<" not in raw and ">" not in raw, "markup inside JSON-LD is escaped as \\u003c"
        data = json.loads(raw)
        exported = json.loads((site / f"api/v1/precedents/{record_id}.json").read_text())
        permalink = f"{PUBLISHED_SITE_URL}precedents/{record_id}/"
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["headline"] == exported["record"]["title"]
        assert data["identifier"] == record_id
        assert data["url"] == data["mainEntityOfPage"] == permalink == exported["derived"]["url"]
        assert data["description"] == exported["derived"]["summary_text"]
        assert data["publisher"]["name"] == "Casebook" and data["license"].startswith("https://creativecommons.org/")
        assert [c["name"] for c in data["citation"]] == [s["title"] for s in exported["record"]["sources"]]
        assert page.meta["og:url"] == permalink and page.meta["og:type"] == "article"
        assert page.meta["og:title"] and page.meta["twitter:card"] == "summary_large_image"
        card = f"{PUBLISHED_SITE_URL}cards/precedents/{record_id}.png"
        assert page.meta["og:image"] == data["image"]["url"] == card  # full addresses, with the site's address
        assert data["publisher"]["logo"]["url"] == f"{PUBLISHED_SITE_URL}cards/logo.png"
        assert (site / "cards" / "precedents" / f"{record_id}.png").is_file() and (site / "cards" / "logo.png").is_file()
        assert page.meta["description"]
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [permalink]
    renamed = json.loads(read(site / "precedents" / RENAMED / "index.html").jsonld[0])
    assert renamed["headline"].startswith('=HYPERLINK("https://example.org") Synthetic </script><b>renamed</b>')
    assert renamed["dateModified"] == "2024-03-05"


PNG = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG), path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_precedent_and_main_page_names_its_sharing_card(built_fixtures):
    """Without a site address: every card exists, is 1200 x 630, and every page's tags and
    JSON-LD name it by an address relative to the page that resolves to the file."""
    site = built_fixtures / "site"
    precedents = sorted(p.stem for p in (site / "records").glob("*.yml"))
    assert SEED in precedents
    for record_id in precedents:
        url = f"precedents/{record_id}/"
        page = read(site / url / "index.html")
        image = posixpath.normpath(posixpath.join(url, page.meta["og:image"]))
        assert image == f"cards/precedents/{record_id}.png"
        assert png_size(site / image) == (1200, 630)
        assert page.meta["og:image:type"] == "image/png"
        assert (page.meta["og:image:width"], page.meta["og:image:height"]) == ("1200", "630")
        assert page.meta["og:image:alt"].startswith(page.h1.strip().removesuffix("¶") + ". Requesting state")
        data = json.loads(page.jsonld[0])
        assert posixpath.normpath(posixpath.join(url, data["image"]["url"])) == image
        logo = posixpath.normpath(posixpath.join(url, data["publisher"]["logo"]["url"]))
        assert png_size(site / logo) == (512, 512)
    # the seed's alternative text says what its card shows, from the record
    alt = read(site / "precedents" / SEED / "index.html").meta["og:image:alt"]
    assert "Requesting state: Belarus. Instruments: Blue Notice; Diffusion. Outcomes: Data deleted, Extradition refused." in alt
    # main pages (the navigation's) have cards of their own; others share the home page's
    for url, card in (("", "cards/home.png"), ("search/", "cards/search.png"), ("precedents/", "cards/precedents.png")):
        page = read(site / url / "index.html")
        assert posixpath.normpath(posixpath.join(url or ".", page.meta["og:image"])) == card, url
        assert png_size(site / card) == (1200, 630) and page.meta["og:image:alt"]
    browse = next((site / "browse").glob("*/*/index.html"))
    url = browse.parent.relative_to(site).as_posix() + "/"
    assert posixpath.normpath(posixpath.join(url, read(browse).meta["og:image"])) == "cards/home.png"
    assert "og:image" not in read(site / "404.html").meta or read(site / "404.html").meta["og:image"].endswith("home.png")


def test_every_page_has_a_description_of_its_own(built_fixtures):
    site = built_fixtures / "site"
    site_description = read(site / "index.html").meta["description"]
    for path in sorted(site.rglob("*.html")):
        page = read(path)
        relative = path.relative_to(site).as_posix()
        assert page.meta.get("description"), relative
        generated = relative.startswith(("precedents/", "browse/", "reference/"))
        if generated:
            assert page.meta["description"] != site_description, f"{relative} uses the site's description"


def test_feeds_are_atom_and_every_entry_opens_a_page(built_fixtures, published_site):
    for root, base in ((built_fixtures / "site", None), (published_site / "site", PUBLISHED_SITE_URL)):
        feeds = sorted((root / "feeds").glob("*.xml"))
        names = {f.name for f in feeds}
        assert {"precedents.xml", "requesting-state-BY.xml", "instrument-diffusion.xml", "sitemap.xml"} <= names
        for feed in feeds:
            if feed.name == "sitemap.xml":
                continue
            tree = ET.parse(feed).getroot()
            assert tree.tag == f"{ATOM}feed"
            for required in ("id", "title", "updated", f"author/{ATOM}name"):
                assert (tree.findtext(ATOM + required) or "").strip(), (feed.name, required)
            entries = tree.findall(f"{ATOM}entry")
            assert entries, feed.name
            for entry in entries:
                for required in ("id", "title", "updated"):
                    assert (entry.findtext(ATOM + required) or "").strip()
                for link in entry.findall(f"{ATOM}link"):
                    href = link.get("href")
                    if link.get("rel") == "related":  # a CCF excerpt on the mirror (ccf-decisions.xml): not this site's
                        assert href.startswith("https://europeancourt.org/"), href
                        continue
                    if base:
                        assert href.startswith(base), href
                        target = href[len(base) :]
                    else:
                        target = posixpath.normpath(posixpath.join("feeds", href))
                    target_path = root / target
                    if link.get("rel") == "alternate":
                        target_path = target_path / "index.html"
                        assert "data-pagefind-body" in target_path.read_text(), href
                    assert target_path.is_file(), (feed.name, href)


def test_pages_announce_their_feeds(built_fixtures):
    site = built_fixtures / "site"
    page = read(site / "precedents" / SEED / "index.html")
    feeds = [link["href"] for link in page.links if link.get("type") == "application/atom+xml"]
    assert all(link.get("rel") == "alternate" for link in page.links if link.get("type") == "application/atom+xml")
    assert feeds == [
        "../../feeds/precedents.xml",
        "../../feeds/requesting-state-BY.xml",
        "../../feeds/instrument-blue-notice.xml",
        "../../feeds/instrument-diffusion.xml",
    ]
    for href in feeds:
        assert (site / "precedents" / SEED / href).resolve().is_file()
    browse = read(site / "browse" / "requesting-state" / "BY" / "index.html")
    assert "../../../feeds/requesting-state-BY.xml" in [link["href"] for link in browse.links]
    home = read(site / "index.html")
    assert "feeds/precedents.xml" in [link["href"] for link in home.links]


def test_a_former_id_redirects_and_stays_out_of_the_index(published_site):
    site = published_site / "site"
    redirect = (site / "precedents" / FORMER / "index.html").read_text()
    assert f'url=../{RENAMED}/"' in redirect and "<script" not in redirect
    assert FORMER not in (site / "sitemap.xml").read_text()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    searchable = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text()]
    english = [p for p in searchable if p.relative_to(site).parts[0] != "ru"]
    assert entry["languages"]["en"]["page_count"] == len(english)
    assert entry["languages"]["ru"]["page_count"] == len(searchable) - len(english)
    assert not any(FORMER in p.as_posix() for p in searchable)
    assert f'url=../{RENAMED}/"' in (site / "ru" / "precedents" / FORMER / "index.html").read_text()


def test_site_address_gives_canonical_links_and_a_dated_sitemap(published_site, built_fixtures):
    sitemap = ET.parse(published_site / "site" / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in sitemap.findall(f"{ns}url")}
    assert entries[f"{PUBLISHED_SITE_URL}precedents/{RENAMED}/"] == "2024-03-05"
    assert f"{PUBLISHED_SITE_URL}api/" in entries
    assert all(loc.startswith(PUBLISHED_SITE_URL) for loc in entries)
    without = (built_fixtures / "site" / "sitemap.xml").read_text()
    assert "<loc>" not in without, "no site address, no sitemap entries (they must be full addresses)"
    assert 'rel="canonical"' not in (built_fixtures / "site" / "precedents" / SEED / "index.html").read_text()


def test_the_precedent_page_links_its_pdf_and_json(built_fixtures):
    site = built_fixtures / "site"
    html = (site / "precedents" / SEED / "index.html").read_text()
    assert f'href="../{SEED}.pdf"' in html and (site / "precedents" / f"{SEED}.pdf").read_bytes().startswith(b"%PDF-")
    assert f'href="../../api/v1/precedents/{SEED}.json"' in html
    assert 'href="#cite"' in html
    page = read(site / "precedents" / SEED / "index.html")
    for anchor in ("summary-1", "headnote-1", "event-1", "event-9", "lesson-4", "source-1", "unconfirmed-5", "cite", "citation"):
        assert anchor in page.ids, anchor


def test_identical_input_builds_identical_files(tmp_path):
    """No clock in the output: two builds of the same records give the same bytes."""
    records = write_publishing_collection(tmp_path / "precedents")
    sites = []
    for name in ("one", "two"):
        report = build(project_for(records), tmp_path / name / "site", tmp_path / name / "work", site_url=PUBLISHED_SITE_URL)
        assert report.ok, report.error or report.problems
        sites.append(tmp_path / name / "site")

    def published(site: Path) -> dict:
        paths = [p for p in site.rglob("*") if p.is_file() and p.relative_to(site).parts[0] in ("api", "feeds", "precedents")]
        paths += [site / "sitemap.xml", site / "sitemap.xml.gz"]
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in paths}

    first, second = (published(site) for site in sites)
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    assert any(k.endswith(".pdf") for k in first)
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]


def test_a_build_without_a_site_address_says_so_once_at_the_end(tmp_path, fixture_project, capsys):
    from casebook.site.build import SITE_URL_NOTE, build_site

    assert build_site(fixture_project, tmp_path / "a" / "site", tmp_path / "a" / "work") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "site address" in line] == [SITE_URL_NOTE]
    assert lines.index(SITE_URL_NOTE) > next(n for n, line in enumerate(lines) if line.startswith("built "))
    assert "--site-url" in SITE_URL_NOTE and "sharing tags" in SITE_URL_NOTE
    assert build_site(fixture_project, tmp_path / "b" / "site", tmp_path / "b" / "work", site_url=PUBLISHED_SITE_URL) == 0
    assert "site address" not in capsys.readouterr().out
