"""Who publishes Casebook and how a reader reaches a lawyer: ``extra.publisher`` in
mkdocs.yml, read and checked (a problem line for each bad field), and real builds of a
temporary project with and without a publisher: the footer of every page, the "Get help
from a lawyer" box on guides and precedent pages, the contact page, JSON-LD, the
corrections link to the repository, and the build's note when nothing is set. The
publisher in these tests is a placeholder on example.com; the repository's own
mkdocs.yml names none."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from casebook.pages.publication import NEUTRAL_HELP, Publisher, read_site
from casebook.records.collection import Project
from casebook.site.build import build
from casebook.tools.scratch import link_project
from tests.conftest import FIXTURES, ROOT

SEED = "by-2020-blue-notice-then-diffusion"
PUBLISHER = {
    "name": "Example Law Firm",
    "url": "https://www.example.com/",
    "contact": "https://www.example.com/contact/",
    "languages": ["English", "Russian"],
}
REPO = "https://git.example.org/casebook/casebook"


def write_config(folder: Path, publisher=None, repo_url=None) -> Path:
    """The project's mkdocs.yml with a publisher and a repository added."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    added = ""
    if repo_url:
        added += f"repo_url: {repo_url}\n"
    if publisher is not None:
        added += yaml.safe_dump({"extra": {"publisher": publisher}}, sort_keys=False)
    folder.mkdir(parents=True, exist_ok=True)
    assert not (folder / "mkdocs.yml").is_symlink(), "would write through to the project's own mkdocs.yml"
    (folder / "mkdocs.yml").write_text(config + "\n" + added, encoding="utf-8")
    return folder / "mkdocs.yml"


# -- reading the configuration --------------------------------------------------------------


def test_the_repository_names_no_publisher_and_the_build_says_so():
    site, problems = read_site(ROOT / "mkdocs.yml")
    assert problems == [] and site.publisher is None
    assert any("no publisher is set" in note and NEUTRAL_HELP in note for note in site.notes())


def test_a_configured_publisher_is_read(tmp_path):
    site, problems = read_site(write_config(tmp_path, PUBLISHER))
    assert problems == []
    assert site.publisher == Publisher(
        "Example Law Firm", "https://www.example.com/", "https://www.example.com/contact/", ("English", "Russian")
    )
    assert site.publisher.contact_text == "example.com/contact"
    assert not any("no publisher" in note for note in site.notes())


def test_an_email_contact_is_a_mailto_link(tmp_path):
    site, _ = read_site(write_config(tmp_path, {"name": "Example Law Firm", "contact": "help@example.com"}))
    assert site.publisher.contact_href == "mailto:help@example.com" and site.publisher.contact_text == "help@example.com"


@pytest.mark.parametrize(
    "publisher,expected",
    [
        ({"url": "https://www.example.com/"}, ["extra.publisher.name: expected the publisher's name as text; got None"]),
        (
            {"name": "Example Law Firm", "url": "www.example.com"},
            ["extra.publisher.url: expected a web address (http:// or https://); got 'www.example.com'"],
        ),
        (
            {"name": "Example Law Firm", "contact": "call us"},
            [
                "extra.publisher.contact: expected a contact page's address (https://...) or an e-mail address; got 'call us'",
            ],
        ),
        (
            {"name": "Example Law Firm", "languages": "English"},
            ["extra.publisher.languages: expected a list of languages, e.g. [English, Russian]; got 'English'"],
        ),
        (
            {"name": "Example Law Firm", "phone": "+1 555 0100"},
            ["extra.publisher.phone: expected one of name, url, contact, languages; got 'phone'"],
        ),
    ],
    ids=["no-name", "bad-url", "bad-contact", "languages-not-a-list", "unknown-field"],
)
def test_a_bad_publisher_field_is_a_problem_line(tmp_path, publisher, expected):
    config = write_config(tmp_path, publisher)
    site, problems = read_site(config)
    assert site.publisher is None
    assert [f"{p.field}: {p.message}" for p in problems] == expected
    lines = config.read_text(encoding="utf-8").splitlines()
    for problem in problems:  # the line of the field, or of extra.publisher when the field is missing
        assert problem.path.endswith("mkdocs.yml")
        key = problem.field.rpartition(".")[2]
        assert lines[problem.line - 1].strip().startswith((f"{key}:", "publisher:"))


def test_a_bad_publisher_refuses_the_build(tmp_path):
    project = tmp_path / "project"
    write_config(project, {"name": "Example Law Firm", "url": "not an address"})
    link_project(project, ROOT)
    records = tmp_path / "records"
    records.mkdir()
    shutil.copy(FIXTURES / "precedents" / f"{SEED}.yml", records)
    report = build(Project(project, records), site_dir=tmp_path / "site", work_dir=tmp_path / "work")
    assert not report.ok and [p.field for p in report.problems] == ["extra.publisher.url"]
    assert not (tmp_path / "site").exists()


# -- built sites ------------------------------------------------------------------------------


def build_project(tmp: Path, publisher=None, repo_url=None):
    project = tmp / "project"
    write_config(project, publisher, repo_url)  # before link_project, which would link the real one
    link_project(project, ROOT)
    records = tmp / "records"
    records.mkdir()
    shutil.copy(FIXTURES / "precedents" / f"{SEED}.yml", records)
    report = build(Project(project, records), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or report.problems
    return tmp / "site", report


@pytest.fixture(scope="module")
def with_publisher(tmp_path_factory):
    return build_project(tmp_path_factory.mktemp("with-publisher"), PUBLISHER, REPO)


@pytest.fixture(scope="module")
def without_publisher(tmp_path_factory):
    return build_project(tmp_path_factory.mktemp("without-publisher"))


def parse(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def text(node) -> str:
    """The words of ``node`` as a reader sees them (a space between paragraphs, none before a full stop)."""
    return re.sub(r" ([.,:;)])", r"\1", " ".join(node.text(deep=True, separator=" ").split()))


def links_from(site: Path, page: Path, node) -> set[str]:
    """The addresses ``node`` links to, as paths from the site's root (/contact/)."""
    base = "/" + page.parent.relative_to(site).as_posix().strip(".") + "/"
    return {posixpath.normpath(posixpath.join(base.replace("//", "/"), a.attributes["href"])) + "/" for a in node.css("a[href]")}


def every_page(site: Path, edition: str = ""):
    """The pages of one edition: the English (at the root) or, with ``edition="ru"``, the Russian."""
    pages = [p for p in sorted(site.rglob("index.html")) if "pagefind" not in p.parts]
    if edition:
        return [p for p in pages if p.relative_to(site).parts[0] == edition]
    return [p for p in pages if p.relative_to(site).parts[0] != "ru"]


HELP_PAGES = [f"precedents/{SEED}/index.html", "guides/ask-the-ccf/index.html", "guides/arrested-abroad/index.html"]


@pytest.mark.slow
def test_without_a_publisher_every_page_gives_the_neutral_advice(without_publisher):
    site, report = without_publisher
    assert any("no publisher is set" in note for note in report.notes)
    assert any("no repo_url is set" in note for note in report.notes)
    pages = every_page(site)
    assert len(pages) > 50
    for path in pages:
        tree = parse(path)
        footer = tree.css_first(".md-footer .md-copyright")
        if footer is None:  # the redirect pages of former ids have no theme
            continue
        words = text(footer)
        assert NEUTRAL_HELP in words and "Published by" not in words, path
        assert "/contact/" in links_from(site, path, footer), path
        assert "Corrections to this site" in words, path
    for page in HELP_PAGES:
        box = parse(site / page).css_first(".cb-help")
        assert box is not None, page
        assert text(box) == (
            "Get help from a lawyer Every case is different, and Casebook is not legal advice. "
            f"{NEUTRAL_HELP} Get help and contact"
        )
    jsonld = json.loads(parse(site / HELP_PAGES[0]).css_first("script[type='application/ld+json']").text())
    logo = jsonld["publisher"].pop("logo")  # the site's logo (issue 21: Google's Article guidelines)
    assert logo["@type"] == "ImageObject" and logo["url"].endswith("cards/logo.png")
    assert jsonld["publisher"] == {"@type": "Organization", "name": "Casebook"}
    contact = text(parse(site / "contact" / "index.html").css_first("article"))
    assert NEUTRAL_HELP in contact and "Open an issue" not in contact


@pytest.mark.slow
def test_with_a_publisher_every_page_names_it_and_links_its_contact(with_publisher):
    site, report = with_publisher
    assert not any("no publisher" in note or "no repo_url" in note for note in report.notes)
    for path in every_page(site):
        footer = parse(path).css_first(".md-footer .md-copyright")
        if footer is None:
            continue
        assert text(footer).startswith(
            "Published by Example Law Firm. Get help from a lawyer: example.com/contact (English, Russian)."
        ), path
        assert footer.css_first("a[href='https://www.example.com/']") is not None, path
        assert footer.css_first("a[href='https://www.example.com/contact/']") is not None, path
        assert footer.css_first(f"a[href='{REPO}/issues']") is not None, path  # corrections: the repository
    for path in every_page(site, "ru"):  # the Russian edition names the publisher in Russian
        footer = parse(path).css_first(".md-footer .md-copyright")
        if footer is None:
            continue
        assert text(footer).startswith("Издатель Example Law Firm."), path
        assert footer.css_first("a[href='https://www.example.com/contact/']") is not None, path
    for page in HELP_PAGES:
        box = parse(site / page).css_first(".cb-help")
        assert text(box) == (
            "Get help from a lawyer Every case is different, and Casebook is not legal advice. "
            "Casebook is published by Example Law Firm. Contact: example.com/contact. "
            "Languages spoken: English, Russian. Get help and contact"
        ), page
        assert box.css_first("a[href='https://www.example.com/contact/']") is not None
    jsonld = json.loads(parse(site / HELP_PAGES[0]).css_first("script[type='application/ld+json']").text())
    assert jsonld["publisher"].pop("logo")["url"].endswith("cards/logo.png")
    assert jsonld["publisher"] == {
        "@type": "Organization",
        "name": "Example Law Firm",
        "url": "https://www.example.com/",
        "contactPoint": {
            "@type": "ContactPoint",
            "url": "https://www.example.com/contact/",
            "availableLanguage": ["English", "Russian"],
        },
    }
    contact = parse(site / "contact" / "index.html").css_first("article")
    assert "Example Law Firm" in text(contact) and contact.css_first(f"a[href='{REPO}/issues']") is not None
    edit = parse(site / HELP_PAGES[0]).css_first(f"a[href='{REPO}/edit/main/precedents/{SEED}.yml']")
    assert edit is not None and text(edit) == "Suggest a correction"
