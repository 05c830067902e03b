"""Marks set in a built page's markup (scripts/casebook/site/marks.py): commas only
between adjacent footnote references, and heading ¶ links out of the tab order. Table-
driven on small pages, then on a real build."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from casebook.site import marks


def ref(n: int) -> str:
    return f'<sup id="fnref:S{n}"><a class="footnote-ref" href="#fn:S{n}">{n}</a></sup>'


def marked(body: str) -> str:
    tree = LexborHTMLParser(f"<article>{body}</article>")
    marks.mark_article(tree)
    return tree.css_first("article").text(deep=True)


@pytest.mark.parametrize(
    "body,expected",
    [
        (f"<p>Filed.{ref(1)}{ref(2)}{ref(3)}</p>", "Filed.1,2,3"),
        (f"<p>Filed.{ref(1)} Then the files.{ref(2)}</p>", "Filed.1 Then the files.2"),  # text between: no comma
        (f"<p>A{ref(1)} {ref(2)}</p>", "A1 2"),  # a space between: not adjacent in the markup
        (f"<p>One{ref(1)}</p><p>{ref(2)}Two</p>", "One12Two"),  # different paragraphs
        ("<p>No references.</p>", "No references."),
    ],
    ids=["adjacent", "text-between", "space-between", "two-paragraphs", "none"],
)
def test_commas_go_only_between_adjacent_footnote_references(body, expected):
    assert marked(body) == expected


def test_heading_links_leave_the_tab_order():
    tree = LexborHTMLParser(
        '<article><h2 id="a">A<a class="headerlink" href="#a">¶</a></h2><p><a href="#a">in text</a></p></article>'
    )
    marks.mark_article(tree)
    assert tree.css_first("a.headerlink").attributes.get("tabindex") == "-1"
    assert "tabindex" not in tree.css_first("p a").attributes


@pytest.mark.slow
def test_built_guides_have_commas_in_the_markup_only_between_adjacent_references(built_fixtures):
    page = (built_fixtures / "site" / "guides" / "ask-the-ccf" / "index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(page)
    seps = tree.css("article sup.cb-fn-sep")
    assert seps, "ask-the-ccf cites several sources in a row"
    for sep in seps:
        assert sep.prev.tag == "sup" and sep.next.tag == "sup" and sep.text() == ","
    intro = next(p.text(deep=True) for p in tree.css("article p") if "travel" in p.text(deep=True))
    assert intro.endswith("safely.1,2,3")
    css = (built_fixtures / "site" / "assets" / "stylesheets" / "casebook.css").read_text(encoding="utf-8")
    assert 'sup[id^="fnref"] + sup' not in css, "no comma from CSS: it cannot see the text between references"
