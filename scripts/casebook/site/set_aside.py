"""Finished HTML blocks set aside from the engine, and put back into the pages it built.

Consumes: generated pages (``{path: Markdown}``); later, a built page's text.
Produces: the pages with each finished HTML block replaced by a placeholder comment,
and the blocks taken out, by page (``set_aside_html``); a built page with its blocks
back (``put_back_html``), or an ``EngineError`` when the engine did not keep a
placeholder as it was.

Markdown engines read raw HTML slowly: Python-Markdown and MkDocs each run Python's
html.parser over every tag, and a generated precedent page is mostly HTML (its
timeline picture alone is about a hundred tags). Setting the finished blocks aside
leaves the engine the headings and the Markdown; the pages come out the same (a test
compares a whole site built both ways), and the engine takes less than half the time at
1,000 precedents. Nothing here knows which engine runs: any engine that passes HTML
comments through as they are (CommonMark requires it) keeps the placeholders.
"""

from __future__ import annotations

import re

from .engine import EngineError

# Block-level tags that start an HTML block for Python-Markdown and CommonMark engines
# alike. Not headings: the engine lists those in the table of contents and takes the
# page title from the first.
_HTML_BLOCK_TAGS = "address|article|aside|blockquote|details|div|dl|figure|footer|header|nav|ol|p|section|table|ul"
_HTML_BLOCK_START = re.compile(rf"<({_HTML_BLOCK_TAGS})[\s>]")
_PLACEHOLDER = "<!--casebook-html {}-->"
_PLACEHOLDER_FOUND = re.compile(r"<!--casebook-html (\d+)-->")


def _finished_html(chunk: str) -> bool:
    """A chunk (text between blank lines) that is one whole HTML element with nothing for
    the engine to do in it: it opens with a block-level tag at the start of a line,
    closes that tag at its end, and asks for no Markdown inside (``markdown="1"``)."""
    start = _HTML_BLOCK_START.match(chunk)
    if not start or "markdown=" in chunk or "<!--casebook-html" in chunk:
        return False
    tag = start.group(1)
    body = chunk.rstrip()
    return body.endswith(f"</{tag}>") and len(re.findall(rf"<{tag}[\s>]", body)) == body.count(f"</{tag}>")


_WRAPPER_OPENING = re.compile(r'<div\b[^>\n]*\smarkdown="1"[^>\n]*>')


def set_aside_html(pages: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``pages`` (path -> Markdown) with each finished HTML block replaced by a placeholder
    comment, and the blocks taken out, by page. Also set aside: the opening and closing
    lines of a page-wide ``<div ... markdown="1">`` (the Pagefind body of a precedent),
    which would make md_in_html read the whole page as nested HTML; the Markdown inside
    it is read as the page's own. Only pages without code blocks, where a blank-line split
    cannot cut through a fence."""
    engine_pages, set_aside = {}, {}
    for path, text in pages.items():
        if not path.endswith(".md") or "```" in text or "~~~" in text:
            engine_pages[path] = text
            continue
        front, separator, body = text.partition("\n---\n") if text.startswith("---\n") else ("", "", text)
        body, blocks = _set_aside_blocks(body)
        if blocks:
            set_aside[path] = blocks
            text = front + separator + body
        engine_pages[path] = text
    return engine_pages, set_aside


def _set_aside_blocks(body: str) -> tuple[str, list[str]]:
    """One page's Markdown, split into chunks at blank lines: see ``set_aside_html``."""
    blocks: list[str] = []

    def placeholder(block: str) -> str:
        blocks.append(block)
        return _PLACEHOLDER.format(len(blocks) - 1)

    chunks = body.split("\n\n")
    depth, opening = 0, None  # <div> nesting between chunks; the outermost wrapper's chunk
    for i, chunk in enumerate(chunks):
        core = chunk.strip("\n")  # the newlines around it stay in the page
        lead = chunk[: len(chunk) - len(chunk.lstrip("\n"))]
        tail = chunk[len(lead) + len(core) :]
        if core and _finished_html(core):
            chunks[i] = lead + placeholder(core) + tail
            continue
        if depth == 0 and _WRAPPER_OPENING.fullmatch(core):
            opening = i
        elif depth == 1 and core == "</div>" and opening is not None:
            opened = chunks[opening].strip("\n")
            chunks[opening] = chunks[opening].replace(opened, placeholder(opened.replace(' markdown="1"', "")))
            chunks[i] = lead + placeholder(core) + tail
            opening = None
        depth += len(re.findall(r"<div[\s>]", chunk)) - chunk.count("</div>")
        if depth <= 0:
            depth, opening = 0, None
    return "\n\n".join(chunks), blocks


def put_back_html(html: str, blocks: list[str], page: str) -> str:
    """``html`` with every placeholder of ``page`` replaced by its block; an error if the
    engine lost, doubled or wrapped one (it must pass HTML comments through as they are).

    This is a text substitution of our own markers, done before the page is parsed, not
    a reading of the engine's HTML: a page-wide wrapper's opening and closing tags are set
    aside as two placeholders, which no parsed tree could hold apart."""
    used = []

    def block(match: re.Match) -> str:
        used.append(int(match.group(1)))
        return blocks[int(match.group(1))]

    wrapped = re.search(r"<p>\s*<!--casebook-html", html)
    html = _PLACEHOLDER_FOUND.sub(block, html)
    if wrapped or sorted(used) != list(range(len(blocks))):
        raise EngineError(f"{page}: the site engine did not keep the placeholders of its HTML blocks as they were")
    return html
