"""Glossary words on built pages: a tooltip on each glossary word a page's text uses.

Consumes: a built page, parsed by lexbor (``finish.finish_pages`` parses each page
once), and the glossary words with their tooltips (from
``precedents/reference/glossary.yml``; ``glossary_words``).
Produces: the page's tree with those words marked as ``<abbr title="...">``:

- where the page first uses a word in its text, the word shows its whole tooltip;
- later, an abbreviation shows only its expansion (the tooltip up to ": ", e.g. CCF ->
  "Commission for the Control of INTERPOL's Files"), or its whole tooltip when it has
  none (SLTD); any other word is plain text: on a guide that names the CCF thirty
  times, the whole definition each time would be a sixth of the page;
- a word in a heading (which shows no underline) never counts as the first use: it
  shows the expansion if there is one, else the whole tooltip;
- a word in a link is not marked: a tap follows the link, so its tooltip could not be
  read on a phone, and link texts are often addresses or the titles in a list of
  precedents, where marks would only clutter.

The build marks the words after the site engine (``finish.finish_pages``), in the
page's content (its ``<article>``) and nowhere else: the text of its Markdown and of
its finished HTML alike, but not code, not pictures (the timeline's SVG), not buttons,
not an existing ``<abbr>``, not what readers do not see (``aria-hidden``: the search
filters; ``<noscript>``), and not an element that opts out with ``data-glossary="off"``
(the tables that list precedents; the timeline picture with its key, whose events are
listed again in words below it; a precedent's citation and its list of sources).
Words are matched whole and case-sensitively, longest first (the glossary lists each
form it matches: "diffusion", "diffusions", "Diffusion"). The page is read as a
browser reads it (an HTML parser that follows the standard), so what counts as text,
a link or a heading is what a reader's browser makes of the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose text is never marked, with everything inside them: code, pictures,
# controls, raw text, and links (a tap follows a link, so its tooltip could not be read).
_UNMARKED = {"svg", "math", "code", "pre", "kbd", "samp", "abbr", "button", "select", "template", "noscript"}
_RAW_TEXT = {"script", "style", "textarea", "title"}
_LINK = "a"
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def glossary_words(glossary, language: str = "en") -> dict[str, str]:
    """Word -> tooltip for every form of every term (``reference.GlossaryTerm``s) in one
    language: the words a page in that language uses, with the tooltip in it."""
    return {word: " ".join(term.tooltip.get(language).split()) for term in glossary for word in term.words(language)}


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ordered) + r")\b")


def _opts_out(element: LexborNode) -> bool:
    """aria-hidden="true" (readers do not see it) or data-glossary="off"."""
    attrs = element.attributes
    return (attrs.get("aria-hidden") or "").strip().lower() == "true" or (
        attrs.get("data-glossary") or ""
    ).strip().lower() == "off"


class _Marker:
    """Marks one page: remembers which tooltips the page's text has shown in full."""

    def __init__(self, tree: LexborHTMLParser, words: dict[str, str]):
        self.tree, self.words, self.pattern = tree, words, _pattern(tuple(words))
        self.defined: set[str] = set()

    def tooltip(self, text: str, in_heading: bool) -> str | None:
        """The tooltip a word shows here, or None for plain text (see the module's rules)."""
        tooltip = self.words[text]
        if not in_heading and tooltip not in self.defined:
            self.defined.add(tooltip)
            return tooltip
        expansion = tooltip.partition(": ")[0] if ": " in tooltip else ""
        if expansion and expansion.casefold() not in (text.casefold(), text.casefold().removesuffix("s")):
            return expansion
        if in_heading or (not expansion and text.removesuffix("s").isupper()):
            return tooltip  # a heading's plain word, or an abbreviation without an expansion
        return None

    def mark(self, article: LexborNode) -> None:
        """The article's text with a glossary word in it, in page order (the parser's own
        walk finds it), each piece marked unless an element around it leaves it alone."""
        nodes = article.traverse(include_text=True)
        found = [node for node in nodes if node.is_text_node and self.pattern.search(node.text_content or "")]
        for node in found:  # found first: marking replaces text nodes, which would end the walk
            where = self.where(node, article)
            if where is not None:
                self.mark_text(node, in_heading=where == "heading")

    @staticmethod
    def where(node: LexborNode, article: LexborNode) -> str | None:
        """Where a text node of the article is: "heading" (in one), "text" (elsewhere), or
        None where an element around it (code, a link, raw text, an opt-out, ...) leaves
        its text unmarked."""
        where = "text"
        parent = node.parent
        while parent is not None and parent.mem_id != article.mem_id:
            tag = parent.tag
            if tag in _UNMARKED or tag in _RAW_TEXT or tag == _LINK or _opts_out(parent):
                return None
            if tag in _HEADINGS:
                where = "heading"
            parent = parent.parent
        return where if parent is not None else None

    def mark_text(self, node: LexborNode, in_heading: bool) -> None:
        text = node.text_content or ""
        done = 0
        for match in self.pattern.finditer(text):
            tooltip = self.tooltip(match.group(0), in_heading)
            if tooltip is None:
                continue
            if match.start() > done:
                node.insert_before(text[done : match.start()])
            abbr = self.tree.create_node("abbr")
            abbr.attrs["title"] = tooltip
            abbr.insert_child(match.group(0))
            node.insert_before(abbr)
            done = match.end()
        if done:
            if done < len(text):
                node.insert_before(text[done:])
            node.decompose()


def mark_article(tree: LexborHTMLParser, words: dict[str, str]) -> None:
    """Mark the glossary words of the page's ``<article>``, in place."""
    article = tree.css_first("article")
    if words and article is not None:
        _Marker(tree, words).mark(article)


def mark_glossary_words(page: str, words: dict[str, str]) -> str:
    """``page`` (a whole page's HTML) parsed, its ``<article>``'s glossary words marked,
    and written out again by the parser."""
    tree = LexborHTMLParser(page)
    mark_article(tree, words)
    return tree.html
