"""The site in every language (README, "Languages"): English at the root, Russian under
/ru/ with the same paths, each page naming its versions, speaking its language, marking
what is not yet translated, and a third language made of files alone."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import FIXTURES, PUBLISHED_SITE_URL, RENAMED, ROOT, copy_project
from selectolax.lexbor import LexborHTMLParser

from casebook.records.collection import Project
from casebook.records.translations import file_hash
from casebook.site.build import build
from casebook.site.links import check_site

pytestmark = pytest.mark.slow

SEED = "by-2020-blue-notice-then-diffusion"


def html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def pages(site: Path, folder: str = "") -> list[str]:
    """Site paths of the built pages (index.html files), redirects and the 404 page left out."""
    found = []
    for path in sorted((site / folder).rglob("index.html")):
        relative = path.relative_to(site).as_posix()
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:2000]:
            continue
        found.append(relative)
    return found


def english_pages(site: Path) -> list[str]:
    return [p for p in pages(site) if not p.startswith("ru/")]


def test_every_english_page_has_its_russian_page_at_the_same_path(built_fixtures):
    site = built_fixtures / "site"
    english = english_pages(site)
    assert len(english) > 50
    missing = [p for p in english if not (site / "ru" / p).is_file()]
    assert missing == []
    assert html(site / "index.html").css_first("html").attributes["lang"] == "en"
    for page in pages(site, "ru"):
        assert html(site / page).css_first("html").attributes["lang"] == "ru", page


def alternates(tree: LexborHTMLParser) -> dict[str, str]:
    return {link.attributes["hreflang"]: link.attributes["href"] for link in tree.css('head link[rel="alternate"][hreflang]')}


def resolve(site: Path, page: str, href: str) -> str:
    folder = Path(page).parent
    target = (site / folder / href).resolve()
    return (target / "index.html").relative_to(site.resolve()).as_posix()


def test_each_page_names_its_versions_and_they_name_it_back(built_fixtures):
    site = built_fixtures / "site"
    for page in english_pages(site):
        found = alternates(html(site / page))
        assert set(found) == {"en", "ru", "x-default"}, page
        assert resolve(site, page, found["ru"]) == f"ru/{page}"
        assert resolve(site, page, found["x-default"]) == page
        back = alternates(html(site / "ru" / page))
        assert resolve(site, f"ru/{page}", back["en"]) == page


def test_the_switch_lands_on_the_same_page_in_the_other_language(built_fixtures):
    site = built_fixtures / "site"
    page = f"precedents/{SEED}/index.html"
    switch = html(site / "ru" / page).css_first(".cb-language a[data-cb-language]")
    assert switch.attributes["hreflang"] == "en" and switch.attributes["lang"] == "en"
    assert switch.text(strip=True).endswith("English")
    assert resolve(site, f"ru/{page}", switch.attributes["href"]) == page
    back = html(site / page).css_first(".cb-language a[data-cb-language]")
    assert back.attributes["lang"] == "ru" and "Русский" in back.text()
    assert resolve(site, page, back.attributes["href"]) == f"ru/{page}"
    script = (site / "assets" / "javascripts" / "language.js").read_text(encoding="utf-8")
    assert "location.search" in script and "location.hash" in script and "document$" in script


def test_headings_permalinks_are_titled_in_the_pages_language(built_fixtures):
    """The headings' permalink marks get their title from the Markdown extension, not the theme."""
    site = built_fixtures / "site"
    russian = [a.attributes.get("title") for a in html(site / "ru" / "about" / "index.html").css("a.headerlink")]
    english = [a.attributes.get("title") for a in html(site / "about" / "index.html").css("a.headerlink")]
    assert russian and set(russian) == {"Постоянная ссылка"}
    assert english and set(english) == {"Permanent link"}


def test_the_theme_script_does_not_fetch_a_sitemap_beside_every_hreflang_link(built_fixtures):
    site = built_fixtures / "site"
    for bundle in [*site.glob("assets/javascripts/bundle.*.min.js"), *site.glob("ru/assets/javascripts/bundle.*.min.js")]:
        text = bundle.read_text(encoding="utf-8")
        assert '"link[rel=alternate]:not([hreflang])"' in text
        assert '"link[rel=alternate]"' not in text


def test_zensical_builds_both_languages(zensical_fixtures):
    site = zensical_fixtures / "site"
    assert html(site / "ru" / "precedents" / SEED / "index.html").css_first("html").attributes["lang"] == "ru"
    assert set(alternates(html(site / "precedents" / SEED / "index.html"))) == {"en", "ru", "x-default"}
    for bundle in site.glob("ru/assets/javascripts/bundle.*.min.js"):
        text = bundle.read_text(encoding="utf-8")
        assert '"link[rel=alternate][hreflang]"' not in text and '"link[rel=alternate]"' not in text
    assert check_site(site) == []


def test_addresses_are_per_language(published_site):
    site = published_site / "site"
    english, russian = html(site / f"precedents/{RENAMED}/index.html"), html(site / f"ru/precedents/{RENAMED}/index.html")
    ru_url = f"{PUBLISHED_SITE_URL}ru/precedents/{RENAMED}/"
    assert russian.css_first('link[rel="canonical"]').attributes["href"] == ru_url
    assert english.css_first('link[rel="canonical"]').attributes["href"] == f"{PUBLISHED_SITE_URL}precedents/{RENAMED}/"
    assert (
        alternates(russian)
        == alternates(english)
        == {
            "en": f"{PUBLISHED_SITE_URL}precedents/{RENAMED}/",
            "ru": ru_url,
            "x-default": f"{PUBLISHED_SITE_URL}precedents/{RENAMED}/",
        }
    )

    def meta(tree, name):
        return tree.css_first(f'meta[property="{name}"]').attributes["content"]

    assert meta(russian, "og:locale") == "ru" and meta(english, "og:locale") == "en"
    assert meta(russian, "og:url") == ru_url
    assert meta(russian, "og:image") == f"{PUBLISHED_SITE_URL}ru/cards/precedents/{RENAMED}.png"
    assert (site / f"ru/cards/precedents/{RENAMED}.png").is_file()
    assert "Запрашивает: Россия" in meta(russian, "og:image:alt")  # the card's own short label (cards.py)
    ld = json.loads(russian.css_first('script[type="application/ld+json"]').text())
    assert ld["inLanguage"] == "ru" and ld["url"] == ru_url
    assert json.loads(english.css_first('script[type="application/ld+json"]').text())["inLanguage"] == "en"
    sitemap = (site / "ru" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{ru_url}</loc>" in sitemap and f'hreflang="en" href="{PUBLISHED_SITE_URL}precedents/{RENAMED}/"' in sitemap
    root_sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PUBLISHED_SITE_URL}precedents/{RENAMED}/</loc>" in root_sitemap
    assert f"<loc>{ru_url}</loc>" not in root_sitemap  # each edition's pages in its own sitemap
    assert f'hreflang="ru" href="{ru_url}"' in root_sitemap


def test_a_russian_atom_feed_beside_each_english_one(published_site):
    site = published_site / "site"
    english = sorted(p.relative_to(site / "feeds").as_posix() for p in (site / "feeds").glob("*.xml"))
    russian = sorted(p.relative_to(site / "ru" / "feeds").as_posix() for p in (site / "ru" / "feeds").glob("*.xml"))
    assert english == russian and "precedents.xml" in russian
    feed = (site / "ru" / "feeds" / "precedents.xml").read_text(encoding="utf-8")
    assert 'xml:lang="ru"' in feed and "новые и обновлённые прецеденты" in feed.lower()
    assert f"{PUBLISHED_SITE_URL}ru/precedents/{RENAMED}/" in feed
    # The open data stays one, at the root, for every language.
    assert (site / "api" / "v1" / "precedents.json").is_file() and not (site / "ru" / "api" / "v1").exists()


def test_the_ccf_digest_is_in_the_russian_edition(built_fixtures):
    """The digest's table and every excerpt's page have their Russian pages, in Russian,
    with the CCF's tags as it wrote them (English, marked); their open data is the one at
    the site's root, their feed the edition's; the precedents link to them and back."""
    site = built_fixtures / "site"
    english = sorted(p for p in english_pages(site) if p.startswith("ccf-decisions/"))
    assert len(english) > 30
    for page in english:
        tree = html(site / "ru" / page)
        assert tree.css_first("html").attributes["lang"] == "ru", page
        assert resolve(site, f"ru/{page}", alternates(tree)["en"]) == page
        assert resolve(site, f"ru/{page}", tree.css_first(".cb-language a").attributes["href"]) == page
    table = html(site / "ru" / "ccf-decisions" / "index.html")
    assert " ".join(table.css_first("h1").text(separator=" ").split()).rstrip(" ¶") == "Решения CCF"
    assert [th.text(strip=True) for th in table.css(".cb-ccf-table th")][:4] == ["Номер решения", "Год", "Тип данных", "Решение"]
    assert table.css_first(".cb-ccf-status").text(strip=True).startswith("Показаны все")
    tags = table.css('.cb-ccf-table td[data-label="Теги"] span')
    assert tags and all(tag.attributes.get("lang") == "en" for tag in tags)
    links = {a.text(strip=True): a.attributes["href"] for a in table.css(".cb-ccf a")}
    for name in ("ccf-decisions.json", "ccf-decisions.csv"):
        assert (site / "ru" / "ccf-decisions" / links[name]).resolve() == (site / "api" / "v1" / name).resolve()
        assert (site / "api" / "v1" / name).is_file() and not (site / "ru" / "api" / "v1").exists()
    assert (site / "ru" / "ccf-decisions" / links["Лента Atom новых выдержек"]).resolve() == (
        site / "ru" / "feeds" / "ccf-decisions.xml"
    )
    entry = html(site / "ru" / "ccf-decisions" / "2018-10" / "index.html")
    assert entry.css_first(".cb-ccf-header-only .admonition-title").text(strip=True) == "Прочитан только заголовок"
    precedent = "ru/precedents/xx-2018-ccf-10-blue-notice/index.html"
    assert (
        resolve(site, "ru/ccf-decisions/2018-10/index.html", entry.css_first(".cb-ccf-precedent a").attributes["href"])
        == precedent
    )
    back = [a for a in html(site / precedent).css("a") if "ccf-decisions/2018-10/" in a.attributes.get("href", "")]
    assert back and back[0].text(strip=True) == "Решение CCF № 10 (2018)"
    assert resolve(site, precedent, back[0].attributes["href"]) == "ru/ccf-decisions/2018-10/index.html"
    stats = html(site / "ru" / "stats" / "index.html").css_first("#ccf-not-compliant")
    assert stats is not None and "по типам данных" in stats.text()


def test_the_russian_feeds_sitemap_lists_the_digests_feed(published_site):
    site = published_site / "site"
    feeds = (site / "ru" / "feeds" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PUBLISHED_SITE_URL}ru/feeds/ccf-decisions.xml</loc>" in feeds
    assert f"<loc>{PUBLISHED_SITE_URL}feeds/ccf-decisions.xml</loc>" not in feeds
    assert f"<loc>{PUBLISHED_SITE_URL}feeds/ccf-decisions.xml</loc>" in (site / "feeds" / "sitemap.xml").read_text(
        encoding="utf-8"
    )
    feed = (site / "ru" / "feeds" / "ccf-decisions.xml").read_text(encoding="utf-8")
    assert 'xml:lang="ru"' in feed and f"{PUBLISHED_SITE_URL}ru/ccf-decisions/2018-10/" in feed


def test_russian_pdfs_embed_a_cyrillic_font(published_site):
    data = (published_site / "site" / "ru" / "precedents" / f"{SEED}.pdf").read_bytes()
    assert b"DejaVu" in data and b"/Lang (ru)" in data


def test_untranslated_prose_is_the_english_marked_and_noted(built_fixtures):
    """The fixture records are in English only: their Russian pages show the English,
    marked lang="en", under a Russian note; nothing is dropped."""
    tree = html(built_fixtures / "site" / "ru" / "precedents" / SEED / "index.html")
    summary = tree.css_first(".cb-summary")
    blocks = summary.css(".cb-untranslated")
    assert blocks and all(block.attributes["lang"] == "en" for block in blocks)
    assert summary.css_first(".cb-translation-note").text(strip=True) == "Ещё не переведено; ниже — английский оригинал."
    english = html(built_fixtures / "site" / "precedents" / SEED / "index.html").css_first(".cb-summary")
    assert " ".join(english.text(separator=" ").split()) in " ".join(summary.text(separator=" ").split())
    assert [p.attributes.get("id") for p in blocks] == [p.attributes.get("id") for p in english.css("p")]  # anchors kept


def test_every_russian_page_says_the_english_is_authoritative(built_fixtures):
    site = built_fixtures / "site"
    for page in pages(site, "ru"):
        note = html(site / page).css_first(".cb-footer-translation")
        assert note is not None and "Основным является английский текст" in note.text(), page
    assert html(site / "index.html").css_first(".cb-footer-translation") is None


# Proper names and codes a Russian page may write as in English.
ALLOWED_ENGLISH = {"Casebook", "CCF", "INTERPOL", "UNHCR", "RPD", "JSON", "CSV", "PDF", "ECLI", "ECtHR", "NCB", "SLTD"}


def interface_strings() -> set[str]:
    """Every catalogue msgid, placeholders taken out, that has a word of three letters."""
    found = set()
    with open(ROOT / "docs" / "locales" / "casebook.pot", "rb") as handle:
        for message in read_po(handle):
            for text in [message.id] if isinstance(message.id, str) else list(message.id or ()):
                text = re.sub(r"\{[a-z_]+\}|%\(?[a-z_]*\)?[sd]", "", text or "").strip(" .:,;()")
                if re.search(r"[A-Za-z]{3}", text) and text not in ALLOWED_ENGLISH:
                    found.add(text)
    return found


def visible_russian_text(path: Path) -> str:
    """What a reader sees of a Russian page, less what is marked as another language (the
    English of a text not yet translated, the switch's "English"), code and identifiers,
    bibliographic data (sources and footnotes cite titles as published) and the theme's
    product name in its footer."""
    tree = html(path)
    selectors = ["head", "script", "style", "noscript", "[hidden]", '[aria-hidden="true"]', '[lang]:not([lang="ru"])']
    selectors += ["code", ".cb-sources", ".footnote", ".md-copyright a", ".cb-edit a", ".cb-permalink"]
    for selector in selectors:
        for node in tree.css(selector):
            node.decompose()
    text = " ".join(tree.body.text(separator=" ").split())
    return re.sub(r"https?://\S+", " ", text)  # addresses written out (sources, the API's examples)


def test_no_english_interface_string_on_a_russian_page(built_fixtures):
    site = built_fixtures / "site"
    strings = interface_strings()
    assert len(strings) > 300
    patterns = {s: re.compile(r"(?<![A-Za-z])" + re.escape(s) + r"(?![A-Za-z])") for s in strings}
    left: dict[str, list[str]] = {}
    for page in pages(site, "ru") + ["ru/404.html"]:
        text = visible_russian_text(site / page)
        for string, pattern in patterns.items():
            if pattern.search(text):
                left.setdefault(string, []).append(page)
    assert left == {}, "\n".join(f"{s!r}: {p[:3]}" for s, p in sorted(left.items()))


def test_the_check_can_fail():
    tree = LexborHTMLParser('<html lang="ru"><body><p>Key facts</p><p lang="en">Timeline</p></body></html>')
    text = " ".join(tree.body.text(separator=" ").split())
    assert "Key facts" in text and "Key facts" in interface_strings()


def test_every_russian_page_passes_the_link_check(built_fixtures):
    site = built_fixtures / "site"
    assert check_site(site) == []
    assert len(pages(site, "ru")) == len(english_pages(site))


def root_relative(tree: LexborHTMLParser) -> list[str]:
    return [
        value
        for node in tree.css("[href], [src], [action]")
        for name in ("href", "src", "action")
        if (value := node.attributes.get(name) or "").startswith("/") and not value.startswith("//")
    ]


def test_the_russian_404_page_leads_to_russian_pages(built_fixtures):
    """Built without a site address (as here), the engine writes the Russian 404 page's
    links from the site's root, as the English one's; finishing puts them, and the
    theme's settings, under /ru/, and the link check resolves every one. Its heading is
    Russian too."""
    site = built_fixtures / "site"
    russian, english = html(site / "ru" / "404.html"), html(site / "404.html")
    assert root_relative(russian) and all(link.startswith("/ru/") for link in root_relative(russian))
    assert "/ru/search/" in root_relative(russian) and "/ru/assets/javascripts/language.js" in root_relative(russian)
    settings = json.loads(russian.css_first("script#__config").text())
    assert settings["base"] == "/ru/" and settings["search"].startswith("/ru/assets/")
    assert any(
        "\u0400" <= ch <= "\u04ff" for text in settings["translations"].values() for ch in text
    )  # the theme's Russian words kept
    # its heading in Russian (docs/overrides/404.html, through the catalogue), the English one the theme's
    assert russian.css_first("article h1").text() == "404 — страница не найдена"
    assert english.css_first("article h1").text() == "404 - Not found"
    # the English 404 page keeps the site's root
    assert not any(link.startswith("/ru/") for link in root_relative(english)) and "/search/" in root_relative(english)
    assert json.loads(english.css_first("script#__config").text())["base"] == "/"


# -- a third language, made of files alone; stale translations ----------------------------

UK_PO = r"""msgid ""
msgstr ""
"Language: uk\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "Key facts"
msgstr "Основні факти"
"""


@pytest.fixture(scope="module")
def three_languages(tmp_path_factory):
    """A copy of the project with a tiny Ukrainian catalogue and one Ukrainian page, no
    code changed; in it, the English about page and the seed's summary changed after
    their Russian translations were made."""
    root = copy_project(tmp_path_factory.mktemp("three-languages"))
    records = root / "records"
    shutil.copytree(FIXTURES / "precedents", records, ignore=shutil.ignore_patterns("README.md"))
    (root / "docs" / "locales" / "uk.po").write_text(UK_PO, encoding="utf-8")
    about = root / "docs" / "about.md"
    # Its "translation": the English page with a Ukrainian title and heading (ids kept, as a
    # translator keeps them: other pages link to them).
    english = about.read_text(encoding="utf-8")
    about_uk = english.replace("title: About Casebook", f'title: Про Casebook\ntranslated_from: "{file_hash(about)}"', 1)
    about_uk = about_uk.replace("# About Casebook", "# Про Casebook", 1)
    assert about_uk != english
    (root / "docs" / "about.uk.md").write_text(about_uk, encoding="utf-8")
    # The English about page changes after both translations were made: both are stale now...
    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence added after the translations.\n", encoding="utf-8")
    # ...and so is the seed's Russian summary.
    seed = records / f"{SEED}.yml"
    data = yaml.safe_load(seed.read_text(encoding="utf-8"))
    data["summary"] = {"en": data["summary"] + " Changed.", "ru": "Старый перевод аннотации.", "ru_from": "00000000"}
    seed.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    report = build(Project(root=root, precedents=records), site_dir=root / "site", work_dir=root / "work")
    assert report.ok, report.error or report.problems
    return root / "site"


def test_a_third_language_needs_only_files(three_languages):
    site = three_languages
    assert html(site / "uk" / "index.html").css_first("html").attributes["lang"] == "uk"
    assert set(alternates(html(site / "index.html"))) == {"en", "ru", "uk", "x-default"}
    precedent = html(site / "uk" / "precedents" / SEED / "index.html")
    assert "Основні факти" in precedent.body.text()
    about = html(site / "uk" / "about" / "index.html")
    assert about.css_first("h1").text(strip=True).rstrip("¶") == "Про Casebook"
    # A page with no Ukrainian yet is the English, marked, under a note (in English: the
    # tiny catalogue has no words for it).
    other = html(site / "uk" / "misconceptions" / "index.html")
    assert other.css_first(".cb-translation-note--untranslated") is not None
    assert other.css_first('div[lang="en"]') is not None
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {"en", "ru", "uk"} <= set(entry["languages"])
    assert check_site(site) == []


def test_stale_translations_are_kept_with_a_note(three_languages):
    about = html(three_languages / "ru" / "about" / "index.html")
    note = about.css_first(".cb-translation-note--stale")
    assert note is not None and "изменился после перевода" in note.text()
    assert about.css_first("h1").text(strip=True).rstrip("¶") == "О проекте Casebook"  # the old translation, kept
    summary = html(three_languages / "ru" / "precedents" / SEED / "index.html").css_first(".cb-summary")
    assert "Старый перевод аннотации." in summary.text()
    assert "Английский текст изменился после перевода." in summary.text()
