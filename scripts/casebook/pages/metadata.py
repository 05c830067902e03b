"""What a generated page tells machines about itself: front-matter keys that the theme
override (``docs/overrides/main.html``) turns into feed links, OpenGraph tags, the
sitemap's last-modified date and schema.org JSON-LD.

Consumes: a precedent (or a browse group), the ``Collection``, its ``Derived`` data
and the ``Publication``.
Produces: ``{front-matter key: value already written as YAML}``; every value is JSON
(a subset of YAML), so strings stay strings and no date is re-typed by the engine's
YAML reader. Keys: ``updated`` (YYYY-MM-DD), ``og_type``, ``feeds`` ([{title, path}],
plain text, escaped by the theme), ``jsonld`` (JSON text with ``<``, ``>`` and ``&``
written as ``\\u003c``, ``\\u003e``, ``\\u0026``, so it can sit inside ``<script
type="application/ld+json">`` untouched: data, not script, under a strict CSP).
"""

from __future__ import annotations

import json

from ..records.collection import Collection
from ..records.countries import country_in
from ..records.model import Precedent
from .derive import Derived, facet_label
from .i18n import ENGLISH, Language
from .publication import LICENCE, Publication, Publisher
from .site_paths import LOGO_PATH, card_path, page_url, precedent_path, relpath
from .text import plain_text

CARD_SIZE = (1200, 630)  # publish/cards.py draws them
LOGO_SIZE = 512

# -- The feeds a page announces with <link rel="alternate"> (written by publish/feeds.py) --

FEED_FACETS = ("requesting-state", "instrument")  # facets with one feed per group


def feed_path(facet: str, code: str) -> str:
    return f"feeds/{facet}-{code}.xml"


def feed_title(site_name: str, facet: str | None, label: str | None, gettext=str) -> str:
    """A feed's title in the language of ``gettext`` (English by default)."""
    _ = gettext
    if facet == "requesting-state":
        return _("{site}: precedents where {state} is the requesting state").format(site=site_name, state=label)
    if facet == "instrument":
        return _("{site}: precedents involving the instrument {instrument}").format(site=site_name, instrument=label)
    return _("{site}: new and updated precedents").format(site=site_name)


def feed_links(
    collection: Collection,
    derived: Derived,
    site_name: str,
    p: Precedent | None = None,
    facet=None,
    code=None,
    gettext=str,
):
    """[{title, path}] of the feeds a page links to (besides the collection's, linked on every page)."""
    pairs = []
    if p is not None:
        facts = derived.facts[p.id]
        pairs = [("requesting-state", c) for c in p.requesting_states] + [("instrument", c) for c in facts.instrument_types]
    elif facet in FEED_FACETS:
        pairs = [(facet, code)]
    return [
        {"title": feed_title(site_name, f, facet_label(collection, f, c, derived.language), gettext), "path": feed_path(f, c)}
        for f, c in pairs
    ]


_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def script_safe_json(value) -> str:
    """JSON that cannot close its ``<script>`` element (the characters only occur inside strings)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _HTML_UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def precedent_jsonld(p: Precedent, publication: Publication, language: str = "en") -> dict:
    """schema.org description of a precedent page (an Article about a case, with its
    sources) in ``language``: the page's, which ``inLanguage`` names."""
    site = publication.site
    permalink = publication.permalink(p.id)
    organisation = {"@type": "Organization", "name": site.name, **({"url": site.url} if site.url else {})}
    page = page_url(precedent_path(p.id))

    def address(path: str) -> str:  # full where the site's address is known, else relative to the page
        return site.absolute(path) or relpath(path, page)

    logo = {"@type": "ImageObject", "url": address(LOGO_PATH), "width": LOGO_SIZE, "height": LOGO_SIZE}
    card = {"@type": "ImageObject", "url": address(card_path(page)), "width": CARD_SIZE[0], "height": CARD_SIZE[1]}
    publisher = publisher_jsonld(site.publisher) if site.publisher else organisation
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        # No copies of what the page already says: the headnote (as "abstract"), the
        # title (as "name"), the labels of the key facts (as "keywords"). Each would
        # make every page heavier; the open-data JSON has everything.
        "headline": p.title.get(language),
        "identifier": p.id,
        "description": plain_text(p.summary.get(language)),
        "inLanguage": language,
        "image": card,
        "author": organisation,
        "publisher": {**publisher, "logo": logo},  # the site's logo: Google's Article guidelines ask for one
        "isPartOf": {"@type": "WebSite", "name": site.name, **({"url": site.url} if site.url else {})},
        "license": LICENCE["url"],
        "spatialCoverage": [
            {"@type": "Country", "name": country_in(language, c), "identifier": c}
            for c in dict.fromkeys(p.requesting_states + p.host_states)
        ],
        "citation": [_source(s) for s in p.sources],
    }
    if permalink:
        data["url"] = permalink
        data["mainEntityOfPage"] = permalink
    published = publication.published_timestamp(p)
    if published:
        data["datePublished"] = published[:10]
    updated = publication.updated(p)
    if updated:
        data["dateModified"] = updated
    return data


def publisher_jsonld(publisher: Publisher) -> dict:
    """The configured publisher (mkdocs.yml, extra.publisher) as a schema.org Organization."""
    data = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        data["url"] = publisher.url
    contact = {"@type": "ContactPoint"}
    if publisher.contact:
        key = "email" if publisher.contact_href.startswith("mailto:") else "url"
        contact[key] = publisher.contact
    if publisher.languages:
        contact["availableLanguage"] = list(publisher.languages)
    if len(contact) > 1:
        data["contactPoint"] = contact
    return data


def _source(s) -> dict:
    work = {"@type": "CreativeWork", "name": s.title}
    if s.url:
        work["url"] = s.url
    if s.author:
        work["author"] = {"@type": "Person", "name": s.author}
    if s.publisher:
        work["publisher"] = {"@type": "Organization", "name": s.publisher}
    if s.date:
        work["datePublished"] = s.date.start.iso
    if s.citation:
        work["description"] = s.citation
    return work


def _yaml(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def precedent_meta(
    p: Precedent, collection: Collection, derived: Derived, publication: Publication, language: Language = ENGLISH
) -> dict[str, str]:
    # One line per section in the navigation sidebar instead of the whole tree: with
    # thousands of precedents, the tree on every page is most of the page (main.html).
    meta = {"og_type": _yaml("article"), "casebook_nav": _yaml("sections")}
    updated = publication.updated(p)
    if updated:
        meta["updated"] = _yaml(updated)
    meta["feeds"] = _yaml(feed_links(collection, derived, publication.site.name, p=p, gettext=language._))
    meta["jsonld"] = _yaml(script_safe_json(precedent_jsonld(p, publication, language.code)))
    return meta


def browse_meta(
    facet: str, code: str, collection: Collection, derived: Derived, publication: Publication, gettext=str
) -> dict[str, str]:
    feeds = feed_links(collection, derived, publication.site.name, facet=facet, code=code, gettext=gettext)
    return {"feeds": _yaml(feeds)} if feeds else {}
