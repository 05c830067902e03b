"""Check every link in a built site: internal pages, anchors and assets must resolve.

Consumes: a built site folder.
Produces: a list of ``Problem``s, one per broken internal link (file, line, target,
what is missing), and the external addresses found. External addresses are checked
for form here; ``check_online`` asks them (opt-in, ``casebook links --online``),
except those in the allow-list, whose every entry states why it is skipped.

The build runs ``check_site`` on the new site before publishing it, so a broken link
never reaches ``site/``.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from ..records.problems import Problem

# Pages the theme writes that are meant to be reached by absolute URL from anywhere
# (the 404 page is served by the host for unknown addresses, so its links are root-relative).
ROOT_RELATIVE_PAGES = {"404.html"}

# External addresses `casebook links --online` does not request, each with its reason.
ONLINE_ALLOW_LIST = {
    "https://example.org": "documentation example, not a real source",
}


@dataclass(frozen=True)
class Link:
    page: str  # site-relative path of the HTML file
    target: str


# The elements whose attribute is a link, and that attribute.
_LINK_ATTRIBUTE = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


def _is_external_metadata(tag: str, attrs: dict) -> bool:
    """<link rel=canonical|alternate href=https://...>: the page's own address, not a link to check."""
    return tag == "link" and (attrs.get("rel") or "") in ("canonical", "alternate") and attrs.get("href", "").startswith("http")


def _take(tag: str, attrs: dict, ids: set[str]) -> str | None:
    """Add an element's id (and an <a name>) to ``ids``; the address it links to, if any."""
    if attrs.get("id"):
        ids.add(attrs["id"])
    if tag == "a" and attrs.get("name"):
        ids.add(attrs["name"])
    attribute = _LINK_ATTRIBUTE.get(tag)
    if attribute and attrs.get(attribute) and not _is_external_metadata(tag, attrs):
        return attrs[attribute]
    return None


def read_page(text: str) -> tuple[set[str], list[str]]:
    """The ids (and <a name>s) of one HTML page, and the addresses it links to, each once,
    in page order. Parsed by lexbor, an HTML parser that follows the HTML standard, so
    comments, <script> and <style> bodies, attribute quoting and character references are
    read as a browser reads them (and, as in a browser, the inert content of a <template>
    is not read)."""
    return read_tree(LexborHTMLParser(text))


def read_tree(tree: LexborHTMLParser) -> tuple[set[str], list[str]]:
    """``read_page`` of a page already parsed (the build's finishing step parses each page
    once, and reads its links from the same tree)."""
    ids: set[str] = set()
    targets: dict[str, None] = {}
    for node in tree.css("[id], [name], [href], [src]"):
        target = _take(node.tag, node.attributes, ids)
        if target:
            targets[target] = None
    return ids, list(targets)


def scan(site: Path) -> tuple[dict, list[Link]]:
    """The ids of every page, by site-relative path, and every page's links (each address once per page)."""
    ids: dict[str, set[str]] = {}
    links: list[Link] = []
    for path in sorted(Path(site).rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        page_ids, targets = read_page(path.read_text(encoding="utf-8", errors="replace"))
        ids[relative] = page_ids
        links += [Link(relative, target) for target in targets]
    return ids, links


def _lines(site: Path, page: str, target: str, pages: dict) -> list[int]:
    """The lines of a page where it links to an address, for the message about a broken
    link: the page's text is read again (once, kept in ``pages``), only when it has one.

    The parser cannot say this: lexbor, like a browser, builds a tree and keeps no source
    positions. So the address is looked for in the page's text as an attribute's whole
    value, as it is or with its characters escaped as an attribute may write them."""
    if page not in pages:
        pages[page] = (site / page).read_text(encoding="utf-8", errors="replace")
    text = pages[page]
    for form in dict.fromkeys((target, html.escape(target, quote=False), html.escape(target))):
        escaped = re.escape(form)
        value = re.compile(rf"=\s*(?:([\"']){escaped}\1|{escaped}(?=[\s>]))")
        lines = [text.count("\n", 0, m.start()) + 1 for m in value.finditer(text)]
        if lines:
            return lines
    return [0]


def _inventory(site: Path) -> tuple[set[str], set[str]]:
    """Site-relative paths of every file and every folder, read once instead of a stat per link."""
    files, folders = set(), {""}
    for folder, subfolders, names in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        prefix = "" if relative == "." else relative + "/"
        folders.update(prefix + name for name in subfolders)
        files.update(prefix + name for name in names)
    return files, folders


def _resolve(folders: set[str], page: str, path: str, base_path: str = "/") -> str | None:
    """Site-relative file a link points to, or None when it leaves the site. ``base_path``
    is the path of the site's address (``/casebook/`` for https://example.org/casebook/)."""
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        joined = path[len(base_path) :]
        joined = posixpath.normpath(joined) if joined else joined  # ru/. (an edition's 404 page)
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if joined.startswith(".."):
        return None
    if joined in ("", "."):
        return "index.html"
    if joined.rstrip("/") in folders or path.endswith("/"):
        joined = posixpath.join(joined, "index.html")
    return joined


def _what_is_wrong(link: Link, files: set[str], folders: set[str], ids: dict, base_path: str) -> str | None:
    parts = urlsplit(link.target)
    if parts.scheme in ("http", "https"):
        return None if parts.netloc else f"malformed address {link.target!r}"
    if parts.scheme in ("mailto", "tel"):
        return None
    if parts.scheme:
        return f"link with scheme {parts.scheme!r}: {link.target!r}"
    if parts.netloc:
        return None  # protocol-relative: external
    # Each language's edition has its 404 page (ru/404.html), root-relative like the site's.
    if parts.path.startswith("/") and posixpath.basename(link.page) not in ROOT_RELATIVE_PAGES:
        return f"root-relative link {link.target!r} breaks under a sub-path; use a relative link"
    target = _resolve(folders, link.page, unquote(parts.path), base_path) if parts.path else link.page
    if target is None:
        return f"link {link.target!r} leaves the site"
    if target not in files:
        return f"broken link {link.target!r}: {target} does not exist"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html") and fragment not in ids.get(target, set()):
        return f"broken anchor {link.target!r}: no id {fragment!r} in {target}"
    return None


def check_site(site: Path, base_path: str = "/", scanned: tuple[dict, list[Link]] | None = None) -> list[Problem]:
    """A problem for every place a page links to something the site does not have.
    ``scanned``: what ``scan(site)`` returned, when the caller read the pages earlier
    (the build reads them while the indexer runs); files are listed here, at the end."""
    site = Path(site)
    ids, links = scanned if scanned is not None else scan(site)
    files, folders = _inventory(site)
    problems, pages = [], {}
    for link in links:
        message = _what_is_wrong(link, files, folders, ids, base_path)
        if message:
            lines = _lines(site, link.page, link.target, pages)
            problems += [Problem(f"site/{link.page}", line, "", message) for line in lines]
    return problems


def external_addresses(site: Path) -> list[str]:
    _, links = scan(Path(site))
    return sorted({link.target for link in links if urlsplit(link.target).scheme in ("http", "https")})


def check_online(addresses: list[str], timeout: float = 15.0) -> list[tuple[str, str]]:
    """(address, failure) for each address that does not answer with a success status."""
    failures = []
    for address in addresses:
        if any(address.startswith(prefix) for prefix in ONLINE_ALLOW_LIST):
            continue
        request = urllib.request.Request(address, method="HEAD", headers={"User-Agent": "casebook-link-check"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status >= 400:
                    failures.append((address, f"HTTP {response.status}"))
        except urllib.error.HTTPError as error:
            if error.code == 405:  # HEAD not allowed: a GET would do; count it as answering
                continue
            failures.append((address, f"HTTP {error.code}"))
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            failures.append((address, str(getattr(error, "reason", error))))
    return failures
