"""Every internal link, anchor and asset of a built site resolves, and the build refuses
to publish a site where one does not."""

import shutil

import pytest

from casebook.links import check_site, external_addresses

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
