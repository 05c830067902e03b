"""Where each generated page lives, relative to the docs folder, and links between them.

Consumes: codes and ids.
Produces: page paths such as ``instruments/blue-notice.md``, relative Markdown links
between pages (MkDocs checks ``.md`` links, anchors included, at build time) and, for
raw HTML, links between the directory URLs pages are published at.
One place for the site's layout, so the precedent pages, the reference pages and the
tests agree on every address.
"""

from __future__ import annotations

from functools import lru_cache

NOTICE_TYPES_PAGE = "reference/notice-types.md"
LEGAL_GROUNDS_PAGE = "reference/legal-grounds.md"
MISUSE_PATTERNS_PAGE = "reference/misuse-patterns.md"
GLOSSARY_PAGE = "reference/glossary.md"
GUIDES_INDEX = "guides/index.md"
CCF_DECISIONS_PAGE = "ccf-decisions/index.md"


def precedent_path(precedent_id: str) -> str:
    return f"precedents/{precedent_id}.md"


def browse_path(facet: str, code: str) -> str:
    return f"browse/{facet}/{code}.md"


def instrument_path(code: str) -> str:
    return f"instruments/{code}.md"


def pattern_path(code: str) -> str:
    return f"patterns/{code}.md"


def guide_path(code: str) -> str:
    return f"guides/{code}.md"


def comparison_path(comparison_id: str) -> str:
    return f"reference/{comparison_id}.md"


def ccf_decision_path(key: str) -> str:
    """The page of one CCF decision excerpt in the digest: ccf-decisions/2024-2.md."""
    return f"ccf-decisions/{key}.md"


@lru_cache(maxsize=65536)
def relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the site's own paths (relative, without ".."), without
    its calls to the file system (os.getcwd, twice a link), which were a quarter of
    rendering 1,000 precedents."""
    to = [part for part in target.split("/") if part not in ("", ".")]
    since = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(since)) and to[common] == since[common]:
        common += 1
    return "/".join([".."] * (len(since) - common) + to[common:]) or "."


def relative(from_page: str, to_page: str) -> str:
    """Link from one Markdown page to another (an anchor after '#' is kept)."""
    target, hash_, anchor = to_page.partition("#")
    return relpath(target, from_page.rpartition("/")[0]) + hash_ + anchor


def page_url(page: str) -> str:
    """The directory URL a Markdown page is published at: precedents/x.md -> precedents/x/."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def relative_url(from_page: str, to_page: str) -> str:
    """Link for raw HTML (which MkDocs does not rewrite): from one page's URL to another's.
    The built site's link check (links.py) verifies these."""
    source = page_url(from_page) or "."
    target = page_url(to_page) or "."
    link = relpath(target, source)
    return "./" if link == "." else link + "/"


def html_link(from_page: str, to_page: str) -> str:
    """``relative_url`` to a Markdown page, with an anchor after '#' kept (raw HTML links)."""
    target, hash_, anchor = to_page.partition("#")
    return (relative_url(from_page, target) if target else "") + hash_ + anchor


def file_url(from_page: str, path: str) -> str:
    """Link for raw HTML from one page's URL to a file the site publishes as is (a PDF)."""
    return relpath(path, page_url(from_page) or ".")


# Sharing cards (publish/cards.py): one PNG per precedent and per page of the navigation,
# named after the page's address; every other page shares the home page's card.
CARD_FOLDER = "cards"
HOME_CARD = f"{CARD_FOLDER}/home.png"
LOGO_PATH = f"{CARD_FOLDER}/logo.png"


def card_path(url: str) -> str:
    """The card of the page published at ``url`` (a directory URL, "" for the home page):
    precedents/x/ -> cards/precedents/x.png."""
    return f"{CARD_FOLDER}/{url.strip('/')}.png" if url.strip("/") else HOME_CARD
