"""Open data: the collection as JSON and CSV, with its vocabularies and schemas.

Consumes: a ``Collection``, its ``Derived`` data and the ``Publication``.
Produces: ``{relative path: text}`` under ``api/v1/``:

- ``precedents/<id>.json``: one precedent, ``{"record": ..., "derived": ...}``.
  ``record`` is the record's own fields as the model holds them (trimmed text,
  dates as written, defaults filled in), in the schema's field order, and validates
  against the record schema; ``derived`` is what Casebook computes (years, sort date,
  labels for every code, addresses, last-updated date, citation). The pair is
  described by ``precedent.schema.json``, which refers to the record schema for
  ``record``, so neither schema has to loosen the other.
- ``precedents.json``: every precedent in that same shape, plus a header.
- ``precedents.csv``: one row per precedent; lists joined with ``"; "``; every cell
  that a spreadsheet would read as a formula is prefixed with an apostrophe. UTF-8
  with a byte-order mark, so spreadsheet programs detect the encoding.
- ``vocabularies.json``: every controlled vocabulary (code, label, explanation).
- ``schema.json``: the record schema, the same JSON as ``precedents/schema.json``.
- ``precedent.schema.json``: the schema of one exported precedent (above).

The record is serialised by walking the schema, not a hand-kept field list: a field
added to the schema and the model is exported without touching this file, and a
schema field the model lacks is an error here rather than a silent gap.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from ..pages.derive import GROUND_STATUSES, Derived, DetentionLength
from ..pages.publication import LICENCE, Publication
from ..pages.text import plain_text
from ..records.collection import Collection
from ..records.countries import country_name
from ..records.model import Duration, PartialDate, Precedent, Text

API = "api/v1"
GENERATOR = "scripts/casebook/publish/exports.py"
# The record's own fields that are country codes (labelled with country names in "derived").
COUNTRY_FIELDS = ("requesting_states", "host_states")
CSV_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


class ExportError(Exception):
    pass


# -- the record, by walking the schema ------------------------------------------------


def _resolve(node: dict, schema: dict) -> dict:
    """Follow a local ``$ref`` (``#/$defs/name``); keep the referring node's other keys."""
    while "$ref" in node:
        target = schema
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _value(value, node: dict, schema: dict):
    if isinstance(value, Text):
        # One version is a plain string in the record's language; several are a map.
        return value.as_data()
    if isinstance(value, (PartialDate, Duration)):
        return value.iso
    if dataclasses.is_dataclass(value):
        return _object(value, node, schema)
    if isinstance(value, tuple):
        items = _resolve(node, schema).get("items", {})
        return [_value(v, items, schema) for v in value]
    return value


def _object(obj, node: dict, schema: dict) -> dict:
    node = _resolve(node, schema)
    required = set(node.get("required", ()))
    out = {}
    for name, child in node.get("properties", {}).items():
        if not hasattr(obj, name):
            raise ExportError(f"the schema has {type(obj).__name__.lower()}.{name} but the model does not; add it to model.py")
        value = getattr(obj, name)
        if value is None or (value == () and name not in required):
            continue
        out[name] = _value(value, child, schema)
    return out


def record_data(p: Precedent, schema: dict) -> dict:
    """The record's own fields, as in its YAML after the model (normalised)."""
    return _object(p, schema, schema)


# -- derived fields ---------------------------------------------------------------------


def _labels(p: Precedent, collection: Collection, facts) -> dict:
    """{vocabulary: {code: label}} for every code the record uses, and country names."""
    vocab = collection.vocabularies
    used: dict[str, list[str]] = {
        "record_kinds": [p.kind],
        "procedural_statuses": [p.person.status_at_home],
        "profiles": list(p.person.profiles),
        "instrument_types": [i.type for i in p.instruments],
        "instrument_fates": [i.fate for i in p.instruments],
        "protection_statuses": [x.status for x in p.person.protection],
        "detention_bases": [x.basis for x in p.detention.periods] if p.detention else [],
        "measures": [m.kind for x in p.proceedings for m in x.measures],
        "ground_statuses": [status for _, status in facts.grounds],
        "onward_moves": [m.kind for m in p.onward_moves],
        "forums": [x.forum for x in p.proceedings],
        "proceeding_kinds": [x.kind for x in p.proceedings],
        "outcomes": list(p.outcomes) + [x.outcome for x in p.proceedings],
        "legal_grounds": list(facts.legal_grounds),
        "misuse_patterns": list(p.misuse_patterns),
        "recommendations": list(facts.recommendations),
        "source_kinds": [s.kind for s in p.sources],
        "sourcing_strengths": [p.sourcing.strength],
        "review_statuses": [p.review.status],
        "identifier_schemes": [i.scheme for x in p.proceedings for i in x.identifiers],
    }
    labels = {name: {code: vocab[name].label(code) for code in sorted(set(codes))} for name, codes in used.items() if codes}
    countries = set(p.requesting_states) | set(p.host_states) | set(p.person.nationality)
    countries |= {x.state for x in p.proceedings if x.state}
    countries |= {m.state for m in p.onward_moves}
    countries |= {x.by for x in p.person.protection if x.by and x.by != "UNHCR"}
    countries |= {x.state for x in p.detention.periods if x.state} if p.detention else set()
    labels["countries"] = {code: country_name(code) for code in sorted(countries)}
    return labels


def _detention(length: DetentionLength | None) -> dict | None:
    """The total length of detention: days_min..days_max (equal when exact), or why not computable."""
    if length is None:
        return None
    return {
        "computable": length.computable,
        "days_min": length.days_min,
        "days_max": length.days_max,
        "approximate": length.approximate,
        "not_computable_because": length.reason or None,
        "period": length.period,
    }


def derived_data(p: Precedent, collection: Collection, derived: Derived, publication: Publication) -> dict:
    facts = derived.facts[p.id]
    citation = publication.citation(p, collection.vocabularies)
    return {
        "source": f"precedents/{p.id}.yml",
        "path": publication.page_path(p.id),
        "url": publication.permalink(p.id),
        "links": {
            "page": publication.page_path(p.id),
            "json": f"{API}/precedents/{p.id}.json",
            "pdf": f"precedents/{p.id}.pdf",
            "yaml": f"records/{p.id}.yml",
        },
        "aliases_paths": [publication.page_path(a) for a in p.aliases],
        "first_year": facts.first_year,
        "last_year": facts.last_year,
        "years": facts.years,
        "sort_date": facts.sort_date,
        "last_updated": citation.updated,
        "first_published": publication.published_timestamp(p),
        "instrument_types": list(facts.instrument_types),
        "forums": list(facts.forums),
        "legal_grounds": list(facts.legal_grounds),
        "legal_grounds_by_status": {status: list(facts.grounds_with(status)) for status in GROUND_STATUSES},
        "detention_length": _detention(facts.detention),
        "recommendations": list(facts.recommendations),
        "related": [other for other, _ in facts.related],
        "summary_text": plain_text(p.summary.get(p.language)),
        "headnote_text": plain_text(p.headnote.get(p.language)),
        "labels": _labels(p, collection, facts),
        "citation": citation.text,
        "official_identifiers": [
            {"scheme": i.scheme, "label": i.label, "value": i.value, "forum": i.forum} for i in citation.identifiers
        ],
    }


def precedent_document(p: Precedent, collection: Collection, derived: Derived, publication: Publication) -> dict:
    return {"record": record_data(p, collection.schema), "derived": derived_data(p, collection, derived, publication)}


# -- CSV ----------------------------------------------------------------------------------


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: formula-like starts get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _joined(values) -> str:
    return CSV_SEPARATOR.join(str(v) for v in values)


CSV_COLUMNS = (
    "id",
    "kind",
    "title",
    "summary",
    "title_ru",
    "summary_ru",
    "headnote",
    "requesting_states",
    "requesting_state_names",
    "host_states",
    "host_state_names",
    "instrument_types",
    "instrument_type_labels",
    "forums",
    "outcomes",
    "outcome_labels",
    "legal_grounds",
    "legal_grounds_relied_on",
    "legal_grounds_argued",
    "legal_grounds_contested",
    "misuse_patterns",
    "official_identifiers",
    "first_year",
    "last_year",
    "years",
    "sort_date",
    "detained",
    "detention_days_min",
    "detention_days_max",
    "detention_approximate",
    "detention_not_computable_because",
    "protection",
    "onward_moves",
    "sourcing_strength",
    "review_status",
    "review_date",
    "last_updated",
    "aliases",
    "source_titles",
    "source_urls",
    "url",
    "path",
)


def _language(text, language: str) -> str:
    """A record text in one language: a plain string is English; a language map gives
    its entry for ``language``, or nothing where it has none."""
    if isinstance(text, dict):
        return text.get(language, "")
    return text if language == "en" else ""


def _yes_no(value) -> str:
    return "" if value is None else "yes" if value else "no"


def csv_row(document: dict) -> dict:
    record, derived = document["record"], document["derived"]
    labels = derived["labels"]
    return {
        "id": record["id"],
        "kind": record["kind"],
        "title": _language(record["title"], "en"),
        "summary": derived["summary_text"],
        "title_ru": _language(record["title"], "ru"),
        "summary_ru": plain_text(_language(record["summary"], "ru")) if _language(record["summary"], "ru") else "",
        "headnote": derived["headnote_text"],
        "requesting_states": _joined(record["requesting_states"]),
        "requesting_state_names": _joined(labels["countries"][c] for c in record["requesting_states"]),
        "host_states": _joined(record["host_states"]),
        "host_state_names": _joined(labels["countries"][c] for c in record["host_states"]),
        "instrument_types": _joined(derived["instrument_types"]),
        "instrument_type_labels": _joined(labels["instrument_types"][c] for c in derived["instrument_types"]),
        "forums": _joined(derived["forums"]),
        "outcomes": _joined(record["outcomes"]),
        "outcome_labels": _joined(labels["outcomes"][c] for c in record["outcomes"]),
        "legal_grounds": _joined(derived["legal_grounds"]),
        "legal_grounds_relied_on": _joined(derived["legal_grounds_by_status"]["relied-on"]),
        "legal_grounds_argued": _joined(derived["legal_grounds_by_status"]["argued"]),
        "legal_grounds_contested": _joined(derived["legal_grounds_by_status"]["contested"]),
        "misuse_patterns": _joined(record.get("misuse_patterns", ())),
        "official_identifiers": _joined(f"{i['label']}: {i['value']}" for i in derived["official_identifiers"]),
        "first_year": derived["first_year"],
        "last_year": derived["last_year"],
        "years": derived["years"],
        "sort_date": derived["sort_date"],
        "detained": record.get("detention", {}).get("detained", ""),
        "detention_days_min": (derived["detention_length"] or {}).get("days_min"),
        "detention_days_max": (derived["detention_length"] or {}).get("days_max"),
        "detention_approximate": _yes_no((derived["detention_length"] or {}).get("approximate")),
        "detention_not_computable_because": (derived["detention_length"] or {}).get("not_computable_because"),
        "protection": _joined(
            f"{x['status']} ({x['by']})" if "by" in x else x["status"] for x in record["person"].get("protection", ())
        ),
        "onward_moves": _joined(f"{m['kind']}: {m['state']}" for m in record.get("onward_moves", ())),
        "sourcing_strength": record["sourcing"]["strength"],
        "review_status": record["review"]["status"],
        "review_date": record["review"].get("date", ""),
        "last_updated": derived["last_updated"],
        "aliases": _joined(record.get("aliases", ())),
        "source_titles": _joined(s["title"] for s in record["sources"]),
        "source_urls": _joined(s["url"] for s in record["sources"] if "url" in s),
        # The full address where the site's address is set; otherwise the page's path from
        # the site's root, which a reader completes with the address the file came from.
        "url": derived["url"] or derived["path"],
        "path": derived["path"],
    }


def csv_text(rows, columns) -> str:
    """Rows (dicts by column) as the open data's CSV: a byte-order mark for spreadsheets,
    CRLF line ends, every cell made safe from formula injection."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def precedents_csv(documents: list[dict]) -> str:
    return csv_text((csv_row(document) for document in documents), CSV_COLUMNS)


# -- the export schema -----------------------------------------------------------------

_STRINGS = {"type": "array", "items": {"type": "string"}}
_NULLABLE_STRING = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}


def export_schema(record_schema: dict) -> dict:
    """JSON Schema of one exported precedent (``precedents/<id>.json``)."""
    string = {"type": "string"}
    derived_properties = {
        "source": {"description": "The YAML record this was generated from.", **string},
        "path": {"description": "The page's address relative to the site root; never changes.", **string},
        "url": {
            "description": "The page's full permanent address (null where the site's address is not configured).",
            **_NULLABLE_STRING,
        },
        "links": {
            "type": "object",
            "additionalProperties": False,
            "required": ["page", "json", "pdf", "yaml"],
            "properties": {k: string for k in ("page", "json", "pdf", "yaml")},
            "description": "Site-relative addresses of this precedent in each format.",
        },
        "aliases_paths": {"description": "Former addresses that redirect to this page.", **_STRINGS},
        "first_year": {"description": "Year of the earliest dated point of the case.", **_NULLABLE_INT},
        "last_year": {"description": "Year of the latest dated point of the case.", **_NULLABLE_INT},
        "years": {"description": "first_year–last_year as shown on the page ('' when undated).", **string},
        "sort_date": {"description": "YYYY-MM-DD of the latest dated point; 0000-00-00 when undated.", **string},
        "last_updated": {
            "description": "YYYY-MM-DD of the last change to the record (git), else its review date; null when not recorded.",
            **_NULLABLE_STRING,
        },
        "first_published": {
            "description": "RFC 3339 time of the commit that added the record; null when not recorded.",
            **_NULLABLE_STRING,
        },
        "instrument_types": {"description": "Distinct instrument type codes, in record order.", **_STRINGS},
        "forums": {"description": "Distinct forum codes, in record order.", **_STRINGS},
        "legal_grounds": {
            "description": "Distinct legal ground codes over all proceedings, relied on, contested or argued.",
            **_STRINGS,
        },
        "legal_grounds_by_status": {
            "description": "The legal ground codes by how each is known (its strongest status in any proceeding).",
            "type": "object",
            "additionalProperties": False,
            "required": list(GROUND_STATUSES),
            "properties": {status: _STRINGS for status in GROUND_STATUSES},
        },
        "detention_length": {
            "description": "How long the person was held in all, from detention.periods: between days_min and days_max "
            "days (equal when the dates are exact; the end day not counted), or not computable, and why "
            "(no-periods, no-end, no-start; period: which one). null when not detained or not recorded.",
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["computable", "days_min", "days_max", "approximate", "not_computable_because", "period"],
            "properties": {
                "computable": {"type": "boolean"},
                "days_min": _NULLABLE_INT,
                "days_max": _NULLABLE_INT,
                "approximate": {"type": "boolean"},
                "not_computable_because": {"type": ["string", "null"], "enum": ["no-periods", "no-end", "no-start", None]},
                "period": _NULLABLE_INT,
            },
        },
        "recommendations": {"description": "Distinct recommendation codes over all lessons.", **_STRINGS},
        "related": {"description": "Ids of related precedents, both directions.", **_STRINGS},
        "summary_text": {"description": "The summary as plain text (Markdown removed).", **string},
        "headnote_text": {"description": "The headnote as plain text (Markdown removed).", **string},
        "labels": {
            "description": "English labels for every code in the record: {vocabulary: {code: label}}, and countries: "
            "{ISO code: name}; vocabularies.json gives every code's label in every language.",
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": string},
        },
        "citation": {"description": "The citation shown under 'Cite this precedent'.", **string},
        "official_identifiers": {
            "description": "Official identifiers of the decisions (from proceedings[].identifiers), with their forum.",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["scheme", "label", "value", "forum"],
                "properties": {k: string for k in ("scheme", "label", "value", "forum")},
            },
        },
    }
    base = record_schema.get("$id", "")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base.rsplit("/", 1)[0] + "/precedent-export.json" if base else "precedent-export.json",
        "title": "Casebook precedent, exported",
        "description": "One precedent as published under api/v1/precedents/<id>.json: the record itself (valid against "
        "the record schema, schema.json) and the fields Casebook derives from it.",
        "type": "object",
        "additionalProperties": False,
        "required": ["record", "derived"],
        "properties": {
            "record": {"$ref": base or "schema.json", "description": "The record's own fields, normalised."},
            "derived": {
                "type": "object",
                "additionalProperties": False,
                "required": sorted(derived_properties),
                "properties": derived_properties,
            },
        },
    }


# -- all files --------------------------------------------------------------------------


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def _term(t) -> dict:
    term = {"code": t.code, "label": t.label.as_data(), "explanation": t.explanation.as_data()}
    return term | ({"sources": list(t.sources)} if t.sources else {})


def vocabularies_data(collection: Collection) -> dict:
    return {name: [_term(t) for t in vocabulary.terms] for name, vocabulary in sorted(collection.vocabularies.items())}


def export_files(collection: Collection, derived: Derived, publication: Publication) -> dict[str, str]:
    documents = [precedent_document(p, collection, derived, publication) for p in collection.precedents]
    files = {f"{API}/precedents/{d['record']['id']}.json": _json(d) for d in documents}
    files[f"{API}/precedents.json"] = _json(
        {
            "generator": f"{GENERATOR} from precedents/*.yml",
            "site": publication.site.name,
            "licence": LICENCE,
            "schema": f"{API}/precedent.schema.json",
            "count": len(documents),
            "precedents": documents,
        }
    )
    files[f"{API}/precedents.csv"] = precedents_csv(documents)
    files[f"{API}/vocabularies.json"] = _json(vocabularies_data(collection))
    files[f"{API}/schema.json"] = json.dumps(collection.schema, indent=2, ensure_ascii=False) + "\n"
    files[f"{API}/precedent.schema.json"] = _json(export_schema(collection.schema))
    return files
