"""Controlled vocabularies: codes with labels and one-line explanations.

Consumes: ``precedents/vocabularies/<name>.yml`` (a list of {code, label, explanation,
optional sources, optional explained_at}; a label or explanation is English text or a
map of language to text with each translation's source hash, ``{en: ..., ru: ...,
ru_from: 1a2b3c4d}``, like record prose) and the record schema. ``explained_at`` names
the section of a hand-written page that explains the code in depth, as a path inside
``docs/`` with an anchor (``framework/constitution.md#article-3``); ``reference.py``
checks that the page declares that anchor, and the pages link the code there.
Produces: ``Vocabularies`` (name -> ``Vocabulary``) and problems where a file is
malformed or its codes differ from the enum the schema declares for it (the record
schema, or for the reference data's own vocabularies the schema beside that data,
``REFERENCE_SCHEMA_DEFS``), so the editor schema, the checker and the pages can never
disagree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import load_file
from .model import FROM_SUFFIX, Text
from .problems import Problem, display_path

# vocabulary file stem -> the $defs entry of precedents/schema.json that lists its codes
SCHEMA_DEFS = {
    "record_kinds": "record_kind",
    "procedural_statuses": "procedural_status",
    "profiles": "profile",
    "instrument_types": "instrument_type",
    "instrument_fates": "instrument_fate",
    "forums": "forum",
    "proceeding_kinds": "proceeding_kind",
    "outcomes": "outcome",
    "legal_grounds": "legal_ground",
    "misuse_patterns": "misuse_pattern",
    "recommendations": "recommendation",
    "source_kinds": "source_kind",
    "sourcing_strengths": "sourcing_strength",
    "review_statuses": "review_status",
    "identifier_schemes": "identifier_scheme",
    "detention_bases": "detention_basis",
    "measures": "measure",
    "protection_statuses": "protection_status",
    "ground_statuses": "ground_status",
    "onward_moves": "onward_move",
}
# Vocabularies of the reference data rather than of records: file stem -> (the schema
# beside the data in precedents/reference/, the $defs entry that lists its codes).
REFERENCE_SCHEMA_DEFS = {
    "ccf_data_types": ("ccf-decisions.schema.json", "ccf_data_type"),
    "ccf_decisions": ("ccf-decisions.schema.json", "ccf_decision"),
}


@dataclass(frozen=True)
class Term:
    code: str
    label: Text
    explanation: Text
    sources: tuple[str, ...] = ()
    explained_at: str | None = None  # "framework/constitution.md#article-3"
    line: int = field(default=0, compare=False)  # where the entry starts in its file


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def term(self, code: str) -> Term:
        for t in self.terms:
            if t.code == code:
                return t
        raise KeyError(f"{self.name}: unknown code {code!r}")

    def label(self, code: str, language: str = "en") -> str:
        return self.term(code).label.get(language)

    def explanation(self, code: str, language: str = "en") -> str:
        return self.term(code).explanation.get(language)


Vocabularies = dict  # name -> Vocabulary

EXPLAINED_AT = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*\.md#[a-z0-9-]+")


def load_vocabularies(folder: Path, schema: dict) -> tuple[Vocabularies, list[Problem]]:
    vocabularies: Vocabularies = {}
    problems: list[Problem] = []
    for name, (schema_name, def_name, expected) in _expected_codes(folder, schema).items():
        path = folder / f"{name}.yml"
        shown = display_path(path)
        if not path.exists():
            problems.append(Problem(shown, 1, "", "vocabulary file is missing"))
            continue
        document, found = load_file(path, shown, top=list)
        problems += found
        if document is None:
            continue
        terms, found = _terms(document.data, document, shown)
        problems += found
        codes = [t.code for t in terms]
        if expected is not None and codes != expected:
            problems.append(
                Problem(
                    shown,
                    1,
                    "",
                    f"codes {codes} differ from {schema_name} $defs.{def_name}.enum {expected}; "
                    "keep both lists equal and in the same order",
                )
            )
        vocabularies[name] = Vocabulary(name, tuple(terms))
    return vocabularies, problems


def _expected_codes(folder: Path, schema: dict) -> dict:
    """name -> (the schema's name as shown, its $defs entry, the codes it lists): the
    record schema's for records' vocabularies, the reference data's for its own (None
    where that schema cannot be read: nothing to compare with, and the digest's own
    check reports the file)."""
    out = {
        name: ("precedents/schema.json", def_name, schema.get("$defs", {}).get(def_name, {}).get("enum", []))
        for name, def_name in SCHEMA_DEFS.items()
    }
    for name, (schema_file, def_name) in REFERENCE_SCHEMA_DEFS.items():
        path = Path(folder).parent / "reference" / schema_file
        try:
            enum = json.loads(path.read_text(encoding="utf-8"))["$defs"][def_name]["enum"]
        except (OSError, ValueError, KeyError, TypeError):
            enum = None  # no schema to compare with: the reference check reports the file
        out[name] = (f"precedents/reference/{schema_file}", def_name, enum)
    return out


def _terms(data: list, document, shown: str) -> tuple[list[Term], list[Problem]]:
    terms: list[Term] = []
    problems: list[Problem] = []
    for index, entry in enumerate(data):
        line = document.line_of((index,))
        if not isinstance(entry, dict):
            problems.append(Problem(shown, line, f"[{index}]", "expected a mapping with code, label and explanation"))
            continue
        if not isinstance(entry.get("code"), str) or not entry["code"].strip():
            problems.append(Problem(shown, line, f"[{index}].code", "required text is missing"))
        for key in ("label", "explanation"):
            problems += _text_problems(entry.get(key), shown, document.line_of((index, key)) or line, f"[{index}].{key}")
        unknown = set(entry) - {"code", "label", "explanation", "sources", "explained_at"}
        for key in sorted(unknown):
            problems.append(Problem(shown, document.line_of((index, key)), f"[{index}].{key}", "unknown field"))
        sources = entry.get("sources") or []
        if not isinstance(sources, list) or not all(
            isinstance(u, str) and u.startswith(("http://", "https://")) for u in sources
        ):
            problems.append(Problem(shown, line, f"[{index}].sources", "expected a list of http(s) URLs"))
            sources = []
        explained_at = entry.get("explained_at")
        if explained_at is not None and not (isinstance(explained_at, str) and EXPLAINED_AT.fullmatch(explained_at)):
            problems.append(
                Problem(
                    shown,
                    document.line_of((index, "explained_at")),
                    f"[{index}].explained_at",
                    "expected a page path inside docs/ with an anchor, such as framework/constitution.md#article-3; "
                    f"got {explained_at!r}",
                )
            )
            explained_at = None
        terms.append(
            Term(
                str(entry.get("code")),
                _text(entry.get("label")),
                _text(entry.get("explanation")),
                tuple(sources),
                explained_at,
                line,
            )
        )
    return terms, problems


LANGUAGE_KEY = re.compile(r"[a-z]{2}")
SOURCE_HASH = re.compile(r"[0-9a-f]{8}")


def _text(value) -> Text:
    return Text.of(value if isinstance(value, (str, dict)) and value else "?", "en")


def _text_problems(value, shown: str, line: int, where: str) -> list[Problem]:
    """Text, or a map of language to text with English and each translation's source hash."""
    if isinstance(value, str) and value.strip():
        return []
    if not isinstance(value, dict) or not value:
        return [Problem(shown, line, where, "required text is missing")]
    problems = []
    for key, text in value.items():
        if isinstance(key, str) and key.endswith(FROM_SUFFIX) and LANGUAGE_KEY.fullmatch(key.removesuffix(FROM_SUFFIX)):
            if not (isinstance(text, str) and SOURCE_HASH.fullmatch(text)):
                message = f"expected 8 hex digits (the hash of the text translated); got {text!r}"
                problems.append(Problem(shown, line, f"{where}.{key}", message))
        elif not (isinstance(key, str) and LANGUAGE_KEY.fullmatch(key)):
            problems.append(Problem(shown, line, f"{where}.{key}", "expected a two-letter language code such as en or ru"))
        elif not (isinstance(text, str) and text.strip()):
            problems.append(Problem(shown, line, f"{where}.{key}", "required text is missing"))
    if "en" not in value:
        problems.append(Problem(shown, line, where, "a text with translations must include English (en)"))
    return problems
