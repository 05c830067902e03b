"""Finish the pages the site engine built: one HTML parser reads and writes each page once.

Consumes: a built site folder, the HTML blocks set aside from its pages (by page, see
``set_aside``), the glossary words with their tooltips (``glossary.glossary_words``) and
the sharing cards (``publish.cards.card_specs``) with the site's address, if known.
Produces: every page rewritten, and ``_headers``; returns the Content Security Policy
and what the link check reads of every page (its ids and links, ``links.read_tree``, from
the same tree). From ``SEPARATE_FROM`` pages a second process finishes every other page.
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
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..pages.site_paths import HOME_CARD, page_url, relpath
from ..publish.cards import HEIGHT, WIDTH, Card
from . import marks
from .engine import EngineError
from .glossary import mark_article
from .links import Link, read_tree
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
_KEPT_SELECTOR = ", ".join(sorted(_KEPT))


def compact_whitespace(element: LexborNode) -> None:
    """Drop the indentation from the text under ``element``, in place. The parser walks
    the tree (``traverse``, in its own code: a page has some 600 nodes, a list page tens
    of thousands); the text under a kept element is found first and left alone."""
    if element.tag in _KEPT:
        return
    kept = {node.mem_id for found in element.css(_KEPT_SELECTOR) for node in found.traverse(include_text=True)}
    changes = []
    for node in element.traverse(include_text=True):
        if node.is_text_node:
            text = node.text_content
            if "\n" in text and node.mem_id not in kept:
                compacted = _INDENT.sub("\n", text)
                if compacted != text:
                    changes.append((node, compacted))
    for node, compacted in changes:  # after the walk: replacing a node during it would end it
        node.replace_with(compacted)


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

    def __init__(self, cards: dict[str, Card], site_url: str | None = None, prefixes=()):
        """``prefixes``: the folders of the editions besides English ("ru/"), whose pages
        without a card of their own share their edition's home page's."""
        self.cards, self.site_url = cards, site_url
        self.home = cards.get("") or Card(HOME_CARD, "", "")
        self.prefixes = tuple(prefixes)

    def tags(self, url: str) -> dict[str, str]:
        home = next((self.cards.get(p, self.home) for p in self.prefixes if url.startswith(p)), self.home)
        card = self.cards.get(url, home)
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


class Versions:
    """Which languages a page is in: the editions (``pages.editions.Edition``, English
    first), the built pages' site paths, and the site's address. For a page, its
    ``<link rel="alternate" hreflang>`` tags (every language it is in, and ``x-default``,
    the English) and the language switch in its header: a link per other language to the
    same page in it, whose address language.js completes with the page's query and hash
    (a search keeps its words and filters)."""

    def __init__(self, editions, pages: set[str], site_url: str | None = None):
        self.editions = list(editions or [])
        self.pages, self.site_url = pages, site_url
        self.names = {e.code: e.language.name[:1].upper() + e.language.name[1:] for e in self.editions}

    def edition_of(self, path: str):
        """The edition a site path (``ru/precedents/x/index.html``) belongs to."""
        for edition in self.editions[1:]:
            if path.startswith(edition.prefix):
                return edition
        return self.editions[0] if self.editions else None

    def of(self, path: str) -> list[tuple[str, str]]:
        """(language code, address) of each version of the page at ``path``, its own included."""
        edition = self.edition_of(path)
        if len(self.editions) < 2 or edition is None or not path.endswith("index.html"):
            return []  # one language; or the 404 page, which answers at any address
        inside = path[len(edition.prefix) :]
        folder = path.rpartition("/")[0]
        found = []
        for other in self.editions:
            target = other.prefix + inside
            if target in self.pages:
                url = target.removesuffix("index.html")
                address = self.site_url + url if self.site_url else relative_url_between(folder, url)
                found.append((other.code, address))
        return found

    def add(self, tree: LexborHTMLParser, path: str) -> None:
        versions = self.of(path)
        if len(versions) < 2 or tree.css_first('head meta[http-equiv="refresh"]') is not None:
            return  # a redirect page names only where it sends the reader
        head = tree.css_first("head")
        english = dict(versions).get(self.editions[0].code)
        for code, href in [*versions, *([("x-default", english)] if english else [])]:
            link = tree.create_node("link")
            link.attrs["rel"] = "alternate"
            link.attrs["hreflang"] = code
            link.attrs["href"] = href
            head.insert_child(link)
        search = tree.css_first("form.cb-header-search")
        if search is None:
            return
        here = self.edition_of(path).code
        switch = tree.create_node("div")
        switch.attrs["class"] = "md-header__option cb-language"
        for code, href in versions:
            if code == here:
                continue
            link = tree.create_node("a")
            link.attrs["class"] = "cb-language__link"
            link.attrs["href"] = href
            link.attrs["hreflang"] = code
            link.attrs["lang"] = code
            link.attrs["data-cb-language"] = code
            code_text = tree.create_node("span")
            code_text.attrs["class"] = "cb-language__code"
            code_text.attrs["aria-hidden"] = "true"
            code_text.insert_child(code.upper())
            name = tree.create_node("span")
            name.attrs["class"] = "cb-language__name"
            name.insert_child(self.names[code])
            link.insert_child(code_text)
            link.insert_child(name)
            switch.insert_child(link)
        search.insert_before(switch)

    def keep_404_in_edition(self, tree: LexborHTMLParser, path: str) -> None:
        """An edition's 404 page (``ru/404.html``) on a site without an address: the engine
        writes its links from the site's root ("/search/"), as on the English 404 page, so
        they led to English pages. They are put under the edition's folder ("/ru/search/"),
        with the theme's base address and search worker in its configuration, as the
        engine writes them itself when the address is known (".../ru/" gives
        "/ru/search/"). A 404 page's links are root-relative: it answers at any address."""
        edition = self.edition_of(path)
        if self.site_url or edition is None or not edition.prefix or path != edition.prefix + "404.html":
            return
        root = "/" + edition.prefix

        def under(value: str) -> str:
            if value.startswith("/") and not value.startswith("//") and not value.startswith(root):
                return root + value[1:]
            return value

        for attribute in ("href", "src", "action"):
            for node in tree.css(f"[{attribute}]"):
                value = node.attributes.get(attribute) or ""
                moved = under(value)
                if moved != value:
                    node.attrs[attribute] = moved
        config = tree.css_first("script#__config")  # the theme's settings, JSON
        if config is not None and config.first_child is not None:
            settings = json.loads(config.text())
            for key in ("base", "search"):
                if isinstance(settings.get(key), str):
                    settings[key] = under(settings[key])
            # written as the theme writes it (Jinja's tojson: no "<", ">", "&" or "'" as they are)
            config.first_child.replace_with(str(htmlsafe_json_dumps(settings)))


def relative_url_between(folder: str, url: str) -> str:
    """A directory URL of the site as seen from a page's folder (both site paths)."""
    link = relpath(url or ".", folder or ".")
    return "./" if link == "." else link + "/"


def finish_page(
    html: str, glossary: dict[str, str], sharing_tags: dict[str, str] | None = None, versions=None, path: str = ""
) -> tuple[str, set[str]]:
    """One page, its set-aside blocks already back: the finished text (with the policy's
    mark where the policy goes) and the hashes of its inline scripts. ``versions``: the
    page's languages (``Versions``; ``path``: the page's site path)."""
    tree = _finished_tree(html, glossary, sharing_tags, versions, path)
    return tree.html, _script_hashes(tree)


def _finished_tree(
    html: str, glossary: dict[str, str], sharing_tags: dict[str, str] | None = None, versions=None, path: str = ""
) -> LexborHTMLParser:
    tree = LexborHTMLParser(html)
    mark_article(tree, glossary)
    marks.mark_article(tree)
    if sharing_tags:
        add_sharing_tags(tree, sharing_tags)
    if versions is not None:
        versions.add(tree, path)
        versions.keep_404_in_edition(tree, path)
    compact_whitespace(tree.root)
    charset = tree.css_first("head meta[charset]")
    if charset is not None:  # the policy must come after <meta charset>, in the first 1,024 bytes
        meta = tree.create_node("meta")
        meta.attrs["http-equiv"] = "Content-Security-Policy"
        meta.attrs["content"] = _POLICY_MARK
        charset.insert_after(meta)
    return tree


def _url(site_dir: Path, path: Path) -> str:
    """The address of a built page, relative to the site: a/b/index.html -> a/b/."""
    relative = path.relative_to(site_dir).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


# Material's script fetches sitemap.xml beside the address of every <link rel="alternate">,
# taking each for another version of the whole site (mkdocs-material#6582; Zensical's
# bundle does the same, zensical#908): with an hreflang link on every page, a 404 on
# every page view. The theme's own language selector is not used (the switch is
# Casebook's, see Versions), so its script is pointed at the other alternates only.
# (old, new) selector in Material's bundle, then in Zensical's (which looks at hreflang
# links only: pointed at none).
_THEME_ALTERNATES = (
    ('"link[rel=alternate]"', '"link[rel=alternate]:not([hreflang])"'),
    ('"link[rel=alternate][hreflang]"', '"link[rel=alternate][hreflang]:not([hreflang])"'),
)


def patch_theme_script(site_dir: Path) -> int:
    """Point the theme's bundle (each edition's copy) away from hreflang links; how many patched."""
    patched = 0
    for bundle in sorted(Path(site_dir).rglob("assets/javascripts/bundle.*.min.js")):
        text = bundle.read_text(encoding="utf-8")
        for old, new in _THEME_ALTERNATES:
            if old in text:
                text = text.replace(old, new)
                bundle.write_text(text, encoding="utf-8")
                patched += 1
                break
    return patched


# Pages: from this many, a second process finishes half of them (on a machine with two
# cores or more); starting it costs about a second, a page about three milliseconds.
SEPARATE_FROM = 1000


@dataclass
class _Share:
    """Some of the site's pages, finished: their texts (the policy's mark still in), the
    hashes of their inline scripts, and what the link check reads of each."""

    texts: dict = field(default_factory=dict)
    hashes: set = field(default_factory=set)
    ids: dict = field(default_factory=dict)  # site path -> its ids (links.read_tree)
    targets: dict = field(default_factory=dict)  # site path -> the addresses it links to


def _finish_share(site_dir: Path, paths: list[Path], blocks_by_file: dict, glossary, sharing, versions) -> _Share:
    """Finish ``paths`` (site pages, in order), in this process or in the second one."""
    share = _Share()
    by_edition = glossary is not None and "" in glossary and isinstance(glossary.get(""), dict)
    for path in paths:
        html = path.read_text(encoding="utf-8")
        if path in blocks_by_file:
            page, blocks = blocks_by_file[path]
            html = put_back_html(html, blocks, page)
        tags = sharing.tags(_url(site_dir, path)) if sharing is not None else None
        site_path = path.relative_to(site_dir).as_posix()
        words = glossary or {}
        if by_edition:
            edition = versions.edition_of(site_path) if versions is not None else None
            words = glossary.get(edition.prefix if edition is not None else "", {})
        tree = _finished_tree(html, words, tags, versions, site_path)
        share.texts[path] = tree.html
        share.hashes |= _script_hashes(tree)
        share.ids[site_path], share.targets[site_path] = read_tree(tree)
    return share


def finish_pages(
    site_dir: Path,
    set_aside: dict[str, list[str]] | None = None,
    glossary: dict | None = None,
    sharing: Sharing | None = None,
    editions=None,
    separate: bool | None = None,
) -> tuple[str, tuple[dict, list[Link]]]:
    """Every built page, read and written once (see the module's docstring). ``glossary``:
    words by edition folder ("" for English, "ru/") or, for a site in one language, the
    words themselves; ``editions``: the site's languages (English alone when None);
    ``separate``: whether a second process finishes half the pages (by default, from
    ``SEPARATE_FROM`` pages on a machine with two cores or more): the same pages either way.
    Returns the policy, and what the link check reads of every page (as ``links.scan``
    would, from the finished tree: the policy filled in later holds no link)."""
    site_dir = Path(site_dir)
    # Directory URLs: a/b.md is built as a/b/index.html
    blocks_by_file = {site_dir / page_url(page) / "index.html": (page, b) for page, b in (set_aside or {}).items()}
    paths = sorted(site_dir.rglob("*.html"))
    missing = sorted(page for file, (page, _) in blocks_by_file.items() if not file.is_file())
    if missing:
        raise EngineError(f"the site engine built no page for {', '.join(missing[:3])}")
    pages = [path.relative_to(site_dir).as_posix() for path in paths]
    versions = Versions(editions, set(pages), sharing.site_url if sharing is not None else None) if editions else None
    if separate is None:
        separate = (os.cpu_count() or 1) > 1 and len(paths) >= SEPARATE_FROM
    # Every other page: the two shares get as many list pages (the heavy ones) as each other.
    here, there = (paths[0::2], paths[1::2]) if separate else (paths, [])
    if there:
        # spawn, not fork, as the build's other second process (publish/worker.py)
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            blocks_there = {path: blocks_by_file[path] for path in there if path in blocks_by_file}
            other = pool.submit(_finish_share, site_dir, there, blocks_there, glossary, sharing, versions)
            shares = [_finish_share(site_dir, here, blocks_by_file, glossary, sharing, versions), other.result()]
    else:
        shares = [_finish_share(site_dir, here, blocks_by_file, glossary, sharing, versions)]
    patch_theme_script(site_dir)
    texts = {path: text for share in shares for path, text in share.texts.items()}
    hashes = set().union(*(share.hashes for share in shares))
    ids = {page: found for share in shares for page, found in share.ids.items()}
    targets = {page: found for share in shares for page, found in share.targets.items()}
    links = [Link(page, target) for page in pages for target in targets[page]]  # in page order, as links.scan
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
    return policy, (ids, links)
