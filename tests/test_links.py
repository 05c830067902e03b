"""Every internal link, anchor and asset of a built site resolves, and the build refuses
to publish a site where one does not."""

import shutil

import pytest

from casebook.site.links import check_site, external_addresses

pytestmark = pytest.mark.slow


def test_the_built_fixture_site_has_no_broken_link(built_fixtures):
    assert check_site(built_fixtures / "site") == []


def test_external_source_addresses_are_well_formed(built_fixtures):
    from urllib.parse import urlsplit

    addresses = external_addresses(built_fixtures / "site")
    assert addresses
    for address in addresses:
        parts = urlsplit(address)
        assert parts.scheme in ("http", "https") and parts.netloc, address


@pytest.mark.parametrize(
    "html,fragment",
    [
        ('<a href="../missing/">x</a>', "broken link '../missing/'"),
        ('<a href="#nowhere">x</a>', "broken anchor '#nowhere'"),
        ('<a href="../precedents/#nowhere">x</a>', "broken anchor '../precedents/#nowhere'"),
        ('<img src="../assets/none.png">', "broken link '../assets/none.png'"),
        ('<a href="/precedents/">x</a>', "root-relative link '/precedents/' breaks under a sub-path"),
        ('<a href="javascript:alert(1)">x</a>', "link with scheme 'javascript'"),
        ('<a href="https:///nohost">x</a>', "malformed address"),
    ],
)
def test_each_kind_of_broken_link_is_reported(tmp_path, built_fixtures, html, fragment):
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    (site / "extra").mkdir()
    (site / "extra" / "index.html").write_text(f"<html><body><p id='ok'>x</p>{html}</body></html>")
    problems = check_site(site)
    assert [p.path for p in problems] == ["site/extra/index.html"]
    assert fragment in problems[0].message


def test_a_broken_link_is_reported_at_each_line_it_appears(tmp_path, built_fixtures):
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    (site / "extra").mkdir()
    page = '<html><body>\n<a href="../gone/">x</a>\n<p>\n\n<a class=b href="../gone/">y</a></body></html>'
    (site / "extra" / "index.html").write_text(page)
    problems = check_site(site)
    assert [(p.path, p.line) for p in problems] == [("site/extra/index.html", 2), ("site/extra/index.html", 5)]
    assert str(problems[0]) == "site/extra/index.html:2: broken link '../gone/': gone/index.html does not exist"


@pytest.mark.parametrize(
    "html,ids,links",
    [
        ('<script\n src="a.js"\n></script>\n<a href="missing.html">', set(), [(1, "a.js"), (4, "missing.html")]),
        ('<a href="x.html"id="y">x</a>', {"y"}, [(1, "x.html")]),
        ('<img src="a.png" / >', set(), [(1, "a.png")]),
        ('<a data-x=a"b href="j.html">', set(), [(1, "j.html")]),
        ("<A HREF=foo.html ID=z>", {"z"}, [(1, "foo.html")]),
        ('<!-- <a href="no"> -->\n<a href="yes">', set(), [(2, "yes")]),
        ("<p title='a > b' id=q><a href='#q'>", {"q"}, [(1, "#q")]),
        ("<style>a[href='x'] {}</style><a name=top href=&quot;>", {"top"}, [(1, '"')]),
    ],
)
def test_the_link_reader_reads_tags_as_browsers_do(html, ids, links):
    """The check reads pages with lexbor (read_page): what html.parser reads, for the
    same tags."""
    from html.parser import HTMLParser

    from casebook.site.links import read_page

    assert read_page(html) == (ids, list(dict.fromkeys(target for _, target in links)))

    class Reference(HTMLParser):  # what the check read before, for the same tags
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.ids, self.links = set(), []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if attrs.get("id"):
                self.ids.add(attrs["id"])
            if tag == "a" and attrs.get("name"):
                self.ids.add(attrs["name"])
            key = {"a": "href", "img": "src", "script": "src"}.get(tag)
            if key and attrs.get(key):
                self.links.append((self.getpos()[0], attrs[key]))

    reference = Reference()
    reference.feed(html)
    reference.close()
    assert (reference.ids, reference.links) == (ids, links)


@pytest.mark.parametrize("written", ["../gone/?a=1&copy=2", "../gone/?a=1&amp;copy=2"])
def test_a_broken_address_written_with_a_character_reference_is_found_on_its_line(tmp_path, built_fixtures, written):
    """lexbor keeps "&copy=" in an address as it is, as browsers do; the page's text may
    write it escaped or not: the line is found either way (the parser keeps no lines)."""
    site = tmp_path / "site"
    shutil.copytree(built_fixtures / "site", site)
    (site / "extra").mkdir()
    (site / "extra" / "index.html").write_text(f'<html><body>\n\n<a href="{written}">x</a></body></html>')
    problems = check_site(site)
    assert [(p.path, p.line) for p in problems] == [("site/extra/index.html", 3)]
