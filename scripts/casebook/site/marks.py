"""Small marks in a built page's article, set in its markup once the engine has built it.

Consumes: a built page, parsed by lexbor (``finish.finish_pages`` parses each page once).
Produces: the same tree, with
- each heading's ¶ link (the Markdown table of contents' permalink, ``a.headerlink``)
  out of the tab order (``tabindex="-1"``): on a precedent page they were twenty of the
  stops between a keyboard and "Copy citation". A pointer shows and follows them as
  before, screen readers read them as links, and the table of contents links every
  section;
- a comma between two footnote references with nothing between them ("1, 2", not
  "12"): in the markup, so that a reference after other text never gets one (a CSS rule
  on adjacent siblings cannot see text between them, and gave "files.,5").
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

FOOTNOTE_REFERENCE = "sup[id^='fnref']"


def heading_links_out_of_tab_order(article: LexborNode) -> None:
    for link in article.css("a.headerlink"):
        link.attrs["tabindex"] = "-1"


def _adjacent(reference: LexborNode) -> bool:
    """Whether the next node after ``reference`` is another footnote reference (no text,
    not even a space, between them)."""
    following = reference.next
    return (
        following is not None
        and following.is_element_node
        and following.tag == "sup"
        and (following.attributes.get("id") or "").startswith("fnref")
    )


def separate_adjacent_footnotes(tree: LexborHTMLParser, article: LexborNode) -> None:
    for reference in article.css(FOOTNOTE_REFERENCE):
        if _adjacent(reference):
            comma = tree.create_node("sup")
            comma.attrs["class"] = "cb-fn-sep"
            comma.insert_child(",")
            reference.insert_after(comma)


def mark_article(tree: LexborHTMLParser) -> None:
    """Both marks, on the page's ``<article>``, in place."""
    article = tree.css_first("article")
    if article is not None:
        heading_links_out_of_tab_order(article)
        separate_adjacent_footnotes(tree, article)
