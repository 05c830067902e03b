"""Open data and the feed of the CCF decisions digest.

Consumes: a ``Collection`` (its ``ccf_digest``, vocabularies and precedents) and the
``Publication``.
Produces: ``{relative path: text}``:

- ``api/v1/ccf-decisions.json``: a header (``count``, ``licence``, ``schema``) and
  ``excerpts``, one exported entry each, by year and number;
- ``api/v1/ccf-decisions.csv``: one row per entry, lists joined with ``"; "``, cells a
  spreadsheet would read as formulas prefixed with an apostrophe, UTF-8 with a BOM (as
  ``precedents.csv``);
- ``api/v1/ccf-decision.schema.json``: the schema of one exported entry;
- ``feeds/ccf-decisions.xml``: an Atom feed announcing entries by the date each joined
  the digest (``added``), newest first, one per edition (``ru/feeds/ccf-decisions.xml``:
  Casebook's words and the labels in Russian, the CCF's tags as it wrote them). Each
  entry links to its page in the feed's edition (``alternate``) and to the excerpt on
  the mirror (``related``).

The open data is one for every language, at the site's root (``ccf_data_files``); the
feed is each edition's (``ccf_feed_files``).

An exported entry says what the digest says and no more: ``read`` and
``reasoning_read`` tell a reuser that the facts and the reasoning were not read.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from ..pages.i18n import ENGLISH, Language
from ..pages.publication import EPOCH, LICENCE, Publication
from ..pages.site_paths import ccf_decision_path, page_url
from ..records.ccf_decisions import SOURCE_FILE, CcfExcerpt
from ..records.collection import Collection
from .exports import API, CSV_SEPARATOR, csv_text
from .feeds import ATOM, FEED_LIMIT, FeedWriter, urn

GENERATOR = "scripts/casebook/publish/ccf_exports.py"
JSON_PATH = f"{API}/ccf-decisions.json"
CSV_PATH = f"{API}/ccf-decisions.csv"
SCHEMA_PATH = f"{API}/ccf-decision.schema.json"
FEED_PATH = "feeds/ccf-decisions.xml"


def excerpt_path(e: CcfExcerpt) -> str:
    return page_url(ccf_decision_path(e.key))


def excerpt_data(e: CcfExcerpt, collection: Collection, publication: Publication) -> dict:
    vocab = collection.vocabularies
    precedent = e.precedent if e.precedent in {p.id for p in collection.precedents} else None
    return {
        "key": e.key,
        "number": e.number,
        "year": e.year,
        "title": f"CCF Decision {e.number_text}",
        "chamber": e.chamber,
        "session": e.session,
        "data_types": list(e.data_types),
        "decision": e.decision,
        "revision": e.revision,
        "decision_as_shown": e.decision_as_shown,
        "tags": [{"text": t.text, "code": t.code, "legal_ground": t.ground} for t in e.tags],
        "legal_grounds": list(e.grounds),
        "read": e.read,
        "reasoning_read": e.reasoning_read,
        "url": e.url,
        "stored_copy": e.stored_copy,
        "precedent": precedent,
        "precedent_path": publication.page_path(precedent) if precedent else None,
        "path": excerpt_path(e),
        "page_url": publication.site.absolute(excerpt_path(e)),
        "added": e.added,
        "labels": {
            "data_types": {c: vocab["ccf_data_types"].label(c) for c in e.data_types},
            "decision": vocab["ccf_decisions"].label(e.decision),
            "revision": vocab["ccf_decisions"].label(e.revision) if e.revision else None,
            "legal_grounds": {c: vocab["legal_grounds"].label(c) for c in e.grounds},
        },
    }


CSV_COLUMNS = (
    "key",
    "number",
    "year",
    "title",
    "chamber",
    "session",
    "data_types",
    "data_type_labels",
    "decision",
    "decision_label",
    "revision",
    "decision_as_shown",
    "tags",
    "legal_grounds",
    "read",
    "reasoning_read",
    "url",
    "stored_copy",
    "precedent",
    "path",
    "added",
)


def csv_row(d: dict) -> dict:
    return {
        "key": d["key"],
        "number": d["number"],
        "year": d["year"],
        "title": d["title"],
        "chamber": d["chamber"] or "",
        "session": d["session"] or "",
        "data_types": CSV_SEPARATOR.join(d["data_types"]),
        "data_type_labels": CSV_SEPARATOR.join(d["labels"]["data_types"][c] for c in d["data_types"]),
        "decision": d["decision"],
        "decision_label": d["labels"]["decision"],
        "revision": d["revision"] or "",
        "decision_as_shown": d["decision_as_shown"],
        "tags": CSV_SEPARATOR.join(t["text"] for t in d["tags"]),
        "legal_grounds": CSV_SEPARATOR.join(d["legal_grounds"]),
        "read": d["read"],
        "reasoning_read": "yes" if d["reasoning_read"] else "no",
        "url": d["url"],
        "stored_copy": d["stored_copy"],
        "precedent": d["precedent"] or "",
        "path": d["path"],
        "added": d["added"],
    }


def excerpts_csv(documents: list[dict]) -> str:
    return csv_text((csv_row(d) for d in documents), CSV_COLUMNS)


def _codes(vocabulary: str, codes) -> dict:
    return {"type": "string", "enum": list(codes), "description": f"A code of precedents/vocabularies/{vocabulary}.yml."}


def excerpt_schema(collection: Collection) -> dict:
    """JSON Schema of one exported entry (an item of ``excerpts`` in ccf-decisions.json)."""
    string, nullable = {"type": "string"}, {"type": ["string", "null"]}
    vocab = collection.vocabularies
    decisions = vocab["ccf_decisions"].codes
    properties = {
        "key": {"description": "year-number, e.g. 2024-2: the mirror's address and the page's use it.", **string},
        "number": {"description": "The decision's number within its year.", "type": "integer"},
        "year": {"description": "The year in the decision's number.", "type": "integer"},
        "title": {"description": "'CCF Decision No. 2 (2024)'.", **string},
        "chamber": {"description": "The chamber, where the excerpt names it; else null.", "enum": ["requests-chamber", None]},
        "session": {"description": "The session as the excerpt gives it; null where it gives none.", **nullable},
        "data_types": {
            "description": "The data types the header gives.",
            "type": "array",
            "items": _codes("ccf_data_types", vocab["ccf_data_types"].codes),
        },
        "decision": {**_codes("ccf_decisions", decisions[:3]), "description": "The finding on the data the header gives."},
        "revision": {
            "description": "For an application for revision, whether its conditions were met; else null.",
            "enum": [*decisions[3:], None],
        },
        "decision_as_shown": {"description": "The header's decision line exactly as written.", **string},
        "tags": {
            "description": "The CCF's own tags, verbatim, each with its code (for addresses and filters) and the legal ground "
            "it is filed under where the mapping is certain (else null).",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text", "code", "legal_ground"],
                "properties": {"text": string, "code": string, "legal_ground": nullable},
            },
        },
        "legal_grounds": {
            "description": "Distinct legal-ground codes of the tags, in tag order.",
            "type": "array",
            "items": string,
        },
        "read": {
            "description": "header: only the header was read (tags, decision, data type, chamber and session where shown); "
            "full: the whole excerpt.",
            "enum": ["header", "full"],
        },
        "reasoning_read": {
            "description": "false when only the header was read: the entry says nothing of the facts or the reasoning.",
            "type": "boolean",
        },
        "url": {"description": "The excerpt on the public mirror (europeancourt.org).", **string},
        "stored_copy": {"description": "The stored copy of the mirror's page the entry was read from.", **string},
        "precedent": {
            "description": "The id of the Casebook precedent written from the excerpt; null where there is none.",
            **nullable,
        },
        "precedent_path": {
            "description": "That precedent's page, relative to the site's root; null where there is none.",
            **nullable,
        },
        "path": {"description": "The entry's page, relative to the site's root.", **string},
        "page_url": {
            "description": "The entry's page's full address; null where the site's address is not configured.",
            **nullable,
        },
        "added": {"description": "YYYY-MM-DD on which the entry joined Casebook.", **string},
        "labels": {
            "description": "English labels for the codes: data_types {code: label}, decision, revision (or null), "
            "legal_grounds {code: label}; vocabularies.json gives every code's label in every language.",
            "type": "object",
            "additionalProperties": False,
            "required": ["data_types", "decision", "revision", "legal_grounds"],
            "properties": {
                "data_types": {"type": "object", "additionalProperties": string},
                "decision": string,
                "revision": nullable,
                "legal_grounds": {"type": "object", "additionalProperties": string},
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://casebook.invalid/schema/ccf-decision-export.json",
        "title": "Casebook CCF decisions digest entry, exported",
        "description": "One entry of api/v1/ccf-decisions.json: what the header of one published CCF decision excerpt shows, "
        "where the excerpt is, and what was read of it. Not a precedent: when reasoning_read is false it says nothing of the "
        "facts or the reasoning.",
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
    }


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def ccf_feed(collection: Collection, publication: Publication, language: Language = ENGLISH) -> str:
    """The digest's Atom feed in ``language`` (its words, titles and labels; the CCF's own
    words, the header's decision line and its tags, stay as the excerpt gives them, in
    English), the newest entries first, by the date each joined the digest. ``publication``
    is that language's edition's: its links go to that edition's pages."""
    writer = FeedWriter(collection, None, publication, language)
    _ = language._
    vocab = collection.vocabularies
    path = FEED_PATH
    excerpts = sorted(collection.ccf_digest.excerpts, key=lambda e: (e.added, e.year, e.number), reverse=True)[:FEED_LIMIT]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": publication.site.language})
    ET.SubElement(feed, "id").text = urn(f"feed:{path}{writer.id_suffix}")
    ET.SubElement(feed, "title").text = _("{site}: new CCF decision excerpts").format(site=publication.site.name)
    ET.SubElement(feed, "subtitle").text = _(
        "Published excerpts of decisions of the Commission for the Control of INTERPOL's Files, as their headers give them."
    )
    updated = ET.SubElement(feed, "updated")
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=writer.href(path, path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=writer.href(path, "ccf-decisions/"))
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = publication.site.name
    ET.SubElement(feed, "rights").text = f"{LICENCE['name']} ({LICENCE['url']})"
    ET.SubElement(feed, "generator").text = publication.site.name
    times = []
    for e in excerpts:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = urn(f"ccf-decision:{e.key}{writer.id_suffix}")
        number = _("No. {number} ({year})").format(number=e.number, year=e.year)
        ET.SubElement(entry, "title").text = _("CCF Decision {number}").format(number=number)
        when = f"{e.added}T00:00:00Z"
        times.append(when)
        ET.SubElement(entry, "updated").text = when
        ET.SubElement(entry, "published").text = when
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=writer.href(path, excerpt_path(e)))
        ET.SubElement(entry, "link", rel="related", type="text/html", href=e.url)
        types = []
        for code in e.data_types:
            types.append(vocab["ccf_data_types"].label(code, language.code))
            ET.SubElement(entry, "category", term=code, label=types[-1], scheme="ccf-data-type")
        decision = vocab["ccf_decisions"].label(e.decision, language.code)
        ET.SubElement(entry, "category", term=e.decision, label=decision, scheme="ccf-decision")
        # The header's decision line as written where the feed is in its language, else
        # the vocabulary's label; the tags are the CCF's, as the excerpt gives them.
        shown = e.decision_as_shown if language.is_source else decision
        tags = "; ".join(t.text for t in e.tags)
        summary = _("{types}. Decision: {decision}. Tags: {tags}.").format(types=", ".join(types), decision=shown, tags=tags)
        if not e.reasoning_read:
            summary += " " + _("Only its header was read; the facts and the reasoning were not.")
        ET.SubElement(entry, "summary", type="text").text = summary
    updated.text = max(times) if times else EPOCH
    ET.indent(feed, space=" ")
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<!-- Generated by {GENERATOR} from {SOURCE_FILE} -->\n{body}\n'


def ccf_data_files(collection: Collection, publication: Publication) -> dict[str, str]:
    """The digest's open data, one for every language (at the site's root); nothing when
    the project has no digest."""
    digest = collection.ccf_digest
    if digest is None:
        return {}
    documents = [excerpt_data(e, collection, publication) for e in digest.excerpts]
    return {
        JSON_PATH: _json(
            {
                "generator": f"{GENERATOR} from {SOURCE_FILE}",
                "site": publication.site.name,
                "licence": LICENCE,
                "schema": SCHEMA_PATH,
                "count": len(documents),
                "excerpts": documents,
            }
        ),
        CSV_PATH: excerpts_csv(documents),
        SCHEMA_PATH: _json(excerpt_schema(collection)),
    }


def ccf_feed_files(collection: Collection, publication: Publication, language: Language = ENGLISH) -> dict[str, str]:
    """The digest's feed in one edition (a path within it: ``feeds/ccf-decisions.xml``,
    which the Russian edition publishes under ``ru/feeds/``); nothing without a digest."""
    if collection.ccf_digest is None:
        return {}
    return {FEED_PATH: ccf_feed(collection, publication, language)}


def ccf_files(collection: Collection, publication: Publication) -> dict[str, str]:
    """The digest's open data and its English feed."""
    return ccf_data_files(collection, publication) | ccf_feed_files(collection, publication)
