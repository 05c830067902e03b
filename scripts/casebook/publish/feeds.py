"""Atom feeds of new and updated precedents: one for the collection, one per requesting
state and one per instrument type.

Consumes: a ``Collection``, its ``Derived`` data and the ``Publication``.
Produces: ``{relative path: text}``: ``feeds/precedents.xml``,
``feeds/requesting-state-<CODE>.xml``, ``feeds/instrument-<code>.xml`` (Atom, RFC 4287),
``feeds/sitemap.xml`` (listing these and the CCF decisions digest's feed, written by
``ccf_exports.py``) (the feeds a page announces are named in ``metadata.feed_links``).

All feeds sit in one folder beside a sitemap of them, for a reason outside Atom: the
theme's script treats every ``<link rel="alternate">`` as another language version of
the site and fetches ``sitemap.xml`` next to it; with the feeds in one folder that is
one small file that exists, not a 404 per feed on every page view.

Deterministic: entries are ordered by their ``updated`` time (the last commit touching
the record, see ``publication``), then id; the feed's ``updated`` is its newest entry's.
Entry and feed ids are ``urn:uuid:`` names derived from the precedent id and the feed
path (UUID version 5), so they stay the same wherever the site is hosted. Links are
full addresses where the site's address is configured, otherwise relative to the feed
file (RFC 4287 resolves them against the feed's own address).
"""

from __future__ import annotations

import posixpath
import uuid
import xml.etree.ElementTree as ET

from ..pages.derive import Derived, facet_label
from ..pages.i18n import ENGLISH, Language
from ..pages.metadata import FEED_FACETS, feed_path, feed_title
from ..pages.publication import EPOCH, LICENCE, Publication
from ..pages.text import escape, plain_text, prose_html
from ..records.collection import Collection
from ..records.model import Precedent

ATOM = "http://www.w3.org/2005/Atom"
GENERATOR = "scripts/casebook/publish/feeds.py"
FEED_LIMIT = 50  # entries per feed: the newest changes, which is what a feed reader shows
# A fixed namespace for Casebook's feed and entry ids (uuid5 of this project's name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "casebook:precedents-on-the-misuse-of-interpol-channels")
ALL = "feeds/precedents.xml"


def urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


class FeedWriter:
    def __init__(self, collection: Collection, derived: Derived, publication: Publication, language: Language = ENGLISH):
        """``language``: the feeds' (titles, summaries and labels in it, English where a text
        has no translation); ``publication`` and ``derived`` are that language's."""
        self.collection = collection
        self.derived = derived
        self.publication = publication
        self.site = publication.site
        self.language = language
        # Ids stay the same wherever the site is hosted, and differ between languages.
        self.id_suffix = "" if language.is_source else f":{language.code}"

    def href(self, feed: str, target: str) -> str:
        """``target`` (site-relative) as seen from the feed file ``feed``."""
        absolute = self.site.absolute(target)
        if absolute:
            return absolute
        relative = posixpath.relpath(target, posixpath.dirname(feed))
        return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative

    def updated(self, p: Precedent) -> str:
        return self.publication.updated_timestamp(p, self.derived.facts[p.id].sort_date)

    def entry(self, feed: ET.Element, path: str, p: Precedent) -> str:
        entry = ET.SubElement(feed, "entry")
        code = self.language.code
        ET.SubElement(entry, "id").text = urn(f"precedent:{p.id}{self.id_suffix}")
        ET.SubElement(entry, "title").text = p.title.get(code)
        updated = self.updated(p)
        ET.SubElement(entry, "updated").text = updated
        published = self.publication.published_timestamp(p)
        if published:
            ET.SubElement(entry, "published").text = published
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=self.href(path, self.publication.page_path(p.id)))
        ET.SubElement(entry, "link", rel="enclosure", type="application/pdf", href=self.href(path, f"precedents/{p.id}.pdf"))
        facts = self.derived.facts[p.id]
        for facet, codes in (("requesting-state", p.requesting_states), ("instrument", facts.instrument_types)):
            for c in codes:
                ET.SubElement(entry, "category", term=c, label=facet_label(self.collection, facet, c, code), scheme=facet)
        ET.SubElement(entry, "summary", type="text").text = plain_text(p.summary.get(code))
        headnote = escape(self.language._("Headnote"))
        content = prose_html(p.summary.get(code)) + f"<h2>{headnote}</h2>" + prose_html(p.headnote.get(code))
        ET.SubElement(entry, "content", type="html").text = content
        return updated

    def feed(self, path: str, title: str, page: str, members: list[Precedent]) -> str:
        ordered = sorted(members, key=lambda p: (self.updated(p), p.id), reverse=True)[:FEED_LIMIT]
        feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": self.site.language})
        ET.SubElement(feed, "id").text = urn(f"feed:{path}{self.id_suffix}")
        ET.SubElement(feed, "title").text = title
        if self.site.description:
            ET.SubElement(feed, "subtitle").text = self.language._(self.site.description)
        updated = ET.SubElement(feed, "updated")
        ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=self.href(path, path))
        ET.SubElement(feed, "link", rel="alternate", type="text/html", href=self.href(path, page))
        author = ET.SubElement(feed, "author")
        ET.SubElement(author, "name").text = self.site.name
        ET.SubElement(feed, "rights").text = f"{LICENCE['name']} ({LICENCE['url']})"
        ET.SubElement(feed, "generator").text = self.site.name
        times = [self.entry(feed, path, p) for p in ordered]
        updated.text = max(times) if times else EPOCH
        ET.indent(feed, space=" ")
        body = ET.tostring(feed, encoding="unicode")
        return f'<?xml version="1.0" encoding="utf-8"?>\n<!-- Generated by {GENERATOR} from precedents/*.yml -->\n{body}\n'


def feed_files(
    collection: Collection, derived: Derived, publication: Publication, language: Language = ENGLISH, other_feeds=()
) -> dict[str, str]:
    """The feeds in ``language`` (paths within its edition: ``feeds/...``, which the Russian
    edition publishes under ``ru/feeds/``, beside the English ones) and the sitemap of
    every feed in the folder (``other_feeds``: the paths of the edition's feeds written
    elsewhere, e.g. the CCF decisions digest's)."""
    writer = FeedWriter(collection, derived, publication, language)
    name = publication.site.name
    _ = language._
    files = {ALL: writer.feed(ALL, feed_title(name, None, None, _), "precedents/", list(collection.precedents))}
    for facet in FEED_FACETS:
        for group in derived.facets[facet]:
            path = feed_path(facet, group.code)
            members = [collection.by_id(i) for i in group.members]
            files[path] = writer.feed(path, feed_title(name, facet, group.label, _), f"browse/{facet}/{group.code}/", members)
    files["feeds/sitemap.xml"] = feeds_sitemap(sorted([*files, *other_feeds]), publication)
    return files


def feeds_sitemap(paths: list[str], publication: Publication) -> str:
    """A sitemap of the feeds (full addresses only: empty where the site's address is unknown)."""
    urls = [publication.site.absolute(path) for path in paths]
    entries = "".join(f"<url><loc>{url}</loc></url>\n" for url in urls if url)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- Generated by {GENERATOR}: the feeds in this folder. -->\n"
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
    )
