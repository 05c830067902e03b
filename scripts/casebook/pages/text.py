"""Turn record prose into safe HTML, and plain strings into safe text.

Consumes: ``Text`` values and plain strings from the model.
Produces: HTML fragments for the Markdown templates, and plain strings made inert
for an inline Markdown context (``md_escape``). Prose may use a deliberately small
Markdown subset (paragraphs, emphasis, strong, links, lists, inline code); it is
converted by a Markdown instance with no extensions, then cleaned by nh3 (the Ammonia
sanitiser) so no raw HTML, script, event handler or non-web link survives; links
must be absolute http(s) addresses (a relative one is dropped). The result
is emitted as a raw HTML block, which the site's Markdown engine passes through
untouched, so attribute-list syntax in a record cannot add attributes either.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")

# nh3 filters schemes but lets relative addresses through ("//host/x", "../x", "&#106;avascript:"
# kept as text by escaping); record prose may only link to absolute web addresses.
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+", re.I)


def _only_web_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href" and not _WEB_ADDRESS.match(value):
        return None
    return value


def escape(value) -> str:
    """Plain text for an HTML context: element content, or an attribute value in double
    quotes (the only quotes the templates put around one, so an apostrophe stays as it is:
    "INTERPOL's", not "INTERPOL&#x27;s"). Braces become character references too: raw
    HTML sits inside ``markdown="1"`` blocks, where the site engine's attribute lists
    would read a trailing ``{: onclick=...}`` in a heading or cell as attributes."""
    return _braces(html.escape(str(value), quote=False).replace('"', "&quot;"))


def _braces(text: str) -> str:
    """Braces as character references (see ``escape``). str.replace, not str.translate:
    translating through a table looks up every character in Python, which was a fifth of
    the time a precedent page took to render."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


def md_escape(value) -> str:
    """Text for an inline Markdown context: HTML-escaped and Markdown-inert."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def _markdown(source: str) -> str:
    """One reusable converter with no extensions (building one per call is the slow part)."""
    return _CONVERTER.reset().convert(html.escape(source, quote=False))


_CONVERTER = markdown.Markdown(extensions=[], output_format="html")

# Prose with none of these is one plain paragraph; most records' prose is, and skipping
# the Markdown parser for it makes rendering several times faster at 1,000 records.
_MARKUP = re.compile(r"[*_\[\]`<>&\\!#|\n{}]|^\s*(\d+[.)]|[-+=])\s")


def _is_plain(source: str) -> bool:
    return not _MARKUP.search(source.strip())


@lru_cache(maxsize=4096)
def prose_html(source: str) -> str:
    """Markdown subset -> sanitised HTML, with external links marked as such."""
    if _is_plain(source):
        return f"<p>{html.escape(source.strip(), quote=False)}</p>"  # _MARKUP includes braces
    rendered = _markdown(source)
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_web_links,
        link_rel="noopener noreferrer nofollow",
    )
    # Braces as references, as in escape(): the fragment may land inside a markdown="1" block.
    return _braces(clean.replace("\n", " ").strip())


@lru_cache(maxsize=4096)
def plain_text(source: str) -> str:
    """Prose with its Markdown subset removed: for meta descriptions, exports and feeds."""
    if _is_plain(source):
        return " ".join(source.split())
    rendered = _markdown(source)
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())


_BLOCK_TAG = re.compile(r"<(/?)(p|ul|ol|li)>")


def anchored(fragment: str, prefix: str) -> str:
    """Stable ids for citing a passage: top-level paragraphs and lists of a prose
    fragment become ``prefix-1``, ``prefix-2``, ..., the items of a top-level list
    ``prefix-N-1``, ``prefix-N-2``, ... (``fragment`` is ``prose_html`` output, whose
    block tags carry no attributes)."""
    out, position, depth, block, item = [], 0, 0, 0, 0
    for match in _BLOCK_TAG.finditer(fragment):
        out.append(fragment[position : match.start()])
        position = match.end()
        closing, tag = match.groups()
        if closing:
            depth -= 1
            out.append(match.group(0))
            continue
        if depth == 0:
            block, item = block + 1, 0
            out.append(f'<{tag} id="{prefix}-{block}">')
        elif depth == 1 and tag == "li":
            item += 1
            out.append(f'<li id="{prefix}-{block}-{item}">')
        else:
            out.append(match.group(0))
        depth += 1
    out.append(fragment[position:])
    return "".join(out)


DESCRIPTION_LIMIT = 200  # characters; search engines show about 160 and sharing cards about 200


def clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Plain text cut at a word boundary to at most ``limit`` characters, with an ellipsis
    when cut: a page's description in its meta and sharing tags."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"
