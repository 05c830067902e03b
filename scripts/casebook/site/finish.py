"""Finish the pages the site engine built: one HTML parser reads and writes each page once.

Consumes: a built site folder, the HTML blocks set aside from its pages (by page, see
``set_aside``), the glossary words with their tooltips (``glossary.glossary_words``) and
the sharing cards (``publish.cards.card_specs``) with the site's address, if known.
Produces: every page rewritten, and ``_headers``; returns the Content Security Policy.
Per page: the blocks set aside are put back (a text substitution of our own markers,
see ``set_aside.put_back_html``); then the page is parsed by lexbor, an HTML parser
that follows the HTML standard (through selectolax), and on that one tree the glossary
words of its ``<article>`` are marked (``glossary.mark_article``), its heading links
taken out of the tab order and commas put between adjacent footnote references
(``marks.mark_article``), the sharing tags of its card are added (``og:image`` and its
alternative text, type and size), the theme's
indentation is dropped, the inline scripts are hashed and the policy's ``<meta>`` is
placed after ``<meta charset>``; the parser writes the page out. Once every page is
read, the policy (which lists every inline script's hash) is filled in and the pages
written.

Nothing here knows the engine: any engine's pages are finished the same way.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..pages.site_paths import HOME_CARD, page_url, relpath
from ..publish.cards import HEIGHT, WIDTH, Card
from . import marks
from .engine import EngineError
from .glossary import mark_article
from .set_aside import put_back_html

# The Content Security Policy the site runs under (see README, "Hosting"). Inline
# scripts are allowed only by hash: the theme's few small inline scripts are hashed at
# build time, so the policy needs no 'unsafe-inline'. 'wasm-unsafe-eval' lets Pagefind
# compile its WebAssembly search engine; nothing else is loaded from anywhere but the site.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEADER_ONLY = {"frame-ancestors": ["'none'"]}  # ignored in a <meta> policy, so only in _headers
# Script types a browser runs; others (application/ld+json) are data and need no hash.
_EXECUTED = {"", "text/javascript", "module", "application/javascript"}
# Stands in for the policy in each page's <meta> until every page's scripts are hashed.
_POLICY_MARK = "casebook-policy-to-be-filled-in"

# The theme's templates indent every line, which is a seventh of a page's bytes. In
# text, a newline followed by spaces and blank lines renders exactly as one newline
# does, except where whitespace is kept (<pre>, <textarea>) or is code (<script>,
# <style>), which are left as they are (so inline script hashes do not change).
# Only HTML's own whitespace: Python's \s would also take non-breaking and other
# Unicode spaces, which render.
_INDENT = re.compile(r"\n[ \t\r\n\f]+")
_KEPT = {"pre", "textarea", "script", "style"}


def compact_whitespace(element: LexborNode) -> None:
    """Drop the indentation from the text under ``element``, in place."""
    for child in list(element.iter(include_text=True)):  # a list: the loop replaces nodes
        if child.is_text_node:
            text = child.text_content
            if "\n" in text:
                compacted = _INDENT.sub("\n", text)
                if compacted != text:
                    child.replace_with(compacted)
        elif child.is_element_node and child.tag not in _KEPT:
            compact_whitespace(child)


def _script_hashes(tree: LexborHTMLParser) -> set[str]:
    """The CSP hash of each inline script a browser would run: SHA-256 of its text as the
    browser reads it (a script's text is raw, never unescaped)."""
    hashes = set()
    for script in tree.css("script"):
        attrs = script.attributes
        if "src" in attrs or (attrs.get("type") or "").strip().lower() not in _EXECUTED:
            continue
        digest = hashlib.sha256(script.text(deep=True).encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


def inline_script_hashes(html: str) -> set[str]:
    return _script_hashes(LexborHTMLParser(html))


def policy_text(hashes: set[str], extra: dict | None = None) -> str:
    directives = {key: list(values) for key, values in POLICY.items()}
    directives["script-src"] += sorted(hashes)
    directives.update(extra or {})
    return "; ".join(f"{key} {' '.join(values)}" for key, values in directives.items())


class Sharing:
    """Which card each page shows (page URL -> ``Card``; any other page shows the home
    page's), and the site's address: a card's address is absolute where it is known, as
    sharing tags should be, else relative to the page (see ``casebook build``'s note)."""

    def __init__(self, cards: dict[str, Card], site_url: str | None = None):
        self.cards, self.site_url = cards, site_url
        self.home = cards.get("") or Card(HOME_CARD, "", "")

    def tags(self, url: str) -> dict[str, str]:
        card = self.cards.get(url, self.home)
        folder = url if url.endswith("/") else url.rpartition("/")[0]  # 404.html is a file, not a folder
        address = self.site_url + card.path if self.site_url else relpath(card.path, folder or ".")
        return {
            "og:image": address,
            "og:image:type": "image/png",
            "og:image:width": str(WIDTH),
            "og:image:height": str(HEIGHT),
            "og:image:alt": card.alt,
        }


def add_sharing_tags(tree: LexborHTMLParser, tags: dict[str, str]) -> None:
    """The card's tags, after the page's other OpenGraph tags (a page without them, such
    as a redirect, gets none)."""
    others = tree.css('head meta[property^="og:"]')
    if not others:
        return
    for name, value in reversed(tags.items()):
        meta = tree.create_node("meta")
        meta.attrs["property"] = name
        meta.attrs["content"] = value
        others[-1].insert_after(meta)


def finish_page(html: str, glossary: dict[str, str], sharing_tags: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """One page, its set-aside blocks already back: the finished text (with the policy's
    mark where the policy goes) and the hashes of its inline scripts."""
    tree = LexborHTMLParser(html)
    mark_article(tree, glossary)
    marks.mark_article(tree)
    if sharing_tags:
        add_sharing_tags(tree, sharing_tags)
    compact_whitespace(tree.root)
    charset = tree.css_first("head meta[charset]")
    if charset is not None:  # the policy must come after <meta charset>, in the first 1,024 bytes
        meta = tree.create_node("meta")
        meta.attrs["http-equiv"] = "Content-Security-Policy"
        meta.attrs["content"] = _POLICY_MARK
        charset.insert_after(meta)
    return tree.html, _script_hashes(tree)


def _url(site_dir: Path, path: Path) -> str:
    """The address of a built page, relative to the site: a/b/index.html -> a/b/."""
    relative = path.relative_to(site_dir).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


def finish_pages(
    site_dir: Path,
    set_aside: dict[str, list[str]] | None = None,
    glossary: dict[str, str] | None = None,
    sharing: Sharing | None = None,
) -> str:
    """Every built page, read and written once (see the module's docstring)."""
    site_dir = Path(site_dir)
    # Directory URLs: a/b.md is built as a/b/index.html
    blocks_by_file = {site_dir / page_url(page) / "index.html": (page, b) for page, b in (set_aside or {}).items()}
    texts, hashes = {}, set()
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if path in blocks_by_file:
            page, blocks = blocks_by_file.pop(path)
            html = put_back_html(html, blocks, page)
        tags = sharing.tags(_url(site_dir, path)) if sharing is not None else None
        texts[path], found = finish_page(html, glossary or {}, tags)
        hashes |= found
    if blocks_by_file:
        missing = sorted(page for page, _ in blocks_by_file.values())
        raise EngineError(f"the site engine built no page for {', '.join(missing[:3])}")
    policy = policy_text(hashes)
    for path, text in texts.items():
        path.write_text(text.replace(_POLICY_MARK, policy, 1), encoding="utf-8")
    headers = [
        "/*",
        f"  Content-Security-Policy: {policy_text(hashes, HEADER_ONLY)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "",
    ]
    (site_dir / "_headers").write_text("\n".join(headers), encoding="utf-8")
    return policy
