"""Glossary words on built pages: a tooltip on each glossary word a page's text uses.

Consumes: a built page's HTML, and the glossary words with their tooltips (from
``precedents/reference/glossary.yml``; ``glossary_words``).
Produces: the page with those words marked as ``<abbr title="...">``:

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

The build marks the words after the site engine (``engine.finish_pages``), in the
page's content (its ``<article>``) and nowhere else: the text of its Markdown and of
its finished HTML alike, but not code, not pictures (the timeline's SVG), not buttons,
not an existing ``<abbr>``, not what readers do not see (``aria-hidden``: the search
filters; ``<noscript>``), and not an element that opts out with ``data-glossary="off"``
(the tables that list precedents; the timeline picture with its key, whose events are
listed again in words below it; a precedent's citation and its list of sources).
Words are matched whole and case-sensitively, longest first (the glossary lists each
form it matches: "diffusion", "diffusions", "Diffusion"). The pages are the engine's
and the templates' own HTML, where every link is closed: an <a> left open (which a
browser would close for it) would leave the rest of the page unmarked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..pages.text import escape
from .links import attributes as read_attributes

# Elements whose text is never marked, with everything inside them.
_UNMARKED = {"svg", "math", "code", "pre", "kbd", "samp", "abbr", "button", "select", "template", "noscript"}
# Elements whose content is raw text up to their end tag (it may hold "<").
_RAW_TEXT = {"script", "style", "textarea", "title"}
# A tag's attributes, up to its ">". A quote opens a quoted value only after "=", as in
# HTML: an unquoted value may hold an apostrophe (alt=O'Brien).
_ATTRIBUTES = r"(?:=\s*\"[^\"]*\"|=\s*'[^']*'|[^>])*"
# A comment, or a start or end tag.
_TOKEN = re.compile(rf"<(?:!--.*?(?:-->|$)|(?P<closing>/?)(?P<tag>[a-zA-Z][^\s/>]*)(?P<attributes>{_ATTRIBUTES})>)", re.S)
_HEADING_OR_LINK = re.compile(r"h[1-6]|a", re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def glossary_words(glossary) -> dict[str, str]:
    """Word -> tooltip for every form of every term (``reference.GlossaryTerm``s)."""
    return {word: " ".join(term.tooltip.split()) for term in glossary for word in term.matches}


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ordered) + r")\b")


def _end_of_element(html: str, tag: str, position: int) -> int:
    """Where the element whose start tag ends at ``position`` ends (after its end tag),
    counting the same elements nested inside it; the end of ``html`` if it is not closed."""
    depth = 1
    same = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>]){_ATTRIBUTES}>", re.I)
    for match in same.finditer(html, position):
        if match.group(0).endswith("/>") and not match.group(1):
            continue  # <svg ... />: nothing inside it
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


def _resume_after(html: str, token: re.Match) -> int:
    """Where marking goes on after a token: after the element it opens when that element's
    text is not marked, else right after the token."""
    tag, attributes = (token.group("tag") or "").lower(), token.group("attributes") or ""
    if not tag or token.group("closing") or tag in _VOID or attributes.rstrip().endswith("/"):
        return token.end()
    if tag in _RAW_TEXT:
        end = re.compile(rf"</{tag}(?=[\s/>])[^>]*>", re.I).search(html, token.end())
        return end.end() if end else len(html)
    if tag in _UNMARKED or _opts_out(attributes):
        return _end_of_element(html, tag, token.end())
    return token.end()


def _opts_out(attributes: str) -> bool:
    """aria-hidden="true" (readers do not see it) or data-glossary="off"."""
    if "aria-hidden" not in attributes and "data-glossary" not in attributes:
        return False
    attrs = read_attributes(attributes)
    return attrs.get("aria-hidden", "").strip().lower() == "true" or attrs.get("data-glossary", "").strip().lower() == "off"


def mark_glossary_words(page: str, words: dict[str, str]) -> str:
    """``page`` (a whole built page) with the glossary words of its ``<article>`` marked."""
    start, end = page.find("<article"), page.rfind("</article>")
    if not words or start < 0 or end < start:
        return page
    return page[:start] + _mark(page[start:end], words) + page[end:]


def _mark(html: str, words: dict[str, str]) -> str:
    pattern = _pattern(tuple(words))
    defined: set[str] = set()
    inside = {"heading": 0, "link": 0}

    def word(match: re.Match) -> str:
        text = match.group(0)
        tooltip = words[text]
        in_text = not inside["heading"]
        if in_text and tooltip not in defined:
            defined.add(tooltip)
            return f'<abbr title="{escape(tooltip)}">{text}</abbr>'
        expansion = tooltip.partition(": ")[0] if ": " in tooltip else ""
        if expansion and expansion.casefold() not in (text.casefold(), text.casefold().removesuffix("s")):
            return f'<abbr title="{escape(expansion)}">{text}</abbr>'
        if not in_text or (not expansion and text.removesuffix("s").isupper()):
            return f'<abbr title="{escape(tooltip)}">{text}</abbr>'  # an abbreviation without expansion
        return text

    out: list[str] = []
    position = 0
    while True:
        token = _TOKEN.search(html, position)
        text = html[position : token.start() if token else len(html)]
        if text:
            out.append(text if inside["link"] else pattern.sub(word, text))
        if not token:
            break
        position = _resume_after(html, token)
        out.append(html[token.start() : position])
        tag = (token.group("tag") or "").lower()
        if position == token.end() and _HEADING_OR_LINK.fullmatch(tag):
            where = "link" if tag == "a" else "heading"
            inside[where] = max(0, inside[where] + (-1 if token.group("closing") else 1))
    return "".join(out)
