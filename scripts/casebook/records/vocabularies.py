"""Controlled vocabularies: codes with labels and one-line explanations.

Consumes: ``precedents/vocabularies/<name>.yml`` (a list of {code, label, explanation,
optional sources, optional explained_at}) and the record schema. ``explained_at`` names
the section of a hand-written page that explains the code in depth, as a path inside
``docs/`` with an anchor (``framework/constitution.md#article-3``); ``reference.py``
checks that the page declares that anchor, and the pages link the code there.
Produces: ``Vocabularies`` (name -> ``Vocabulary``) and problems where a file is
malformed or its codes differ from the enum the schema declares for it, so the
editor schema, the checker and the pages can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import load_file
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


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    explanation: str
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

    def label(self, code: str) -> str:
        return self.term(code).label


Vocabularies = dict  # name -> Vocabulary

EXPLAINED_AT = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*\.md#[a-z0-9-]+")


def load_vocabularies(folder: Path, schema: dict) -> tuple[Vocabularies, list[Problem]]:
    vocabularies: Vocabularies = {}
    problems: list[Problem] = []
    for name, def_name in SCHEMA_DEFS.items():
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
        expected = schema.get("$defs", {}).get(def_name, {}).get("enum", [])
        codes = [t.code for t in terms]
        if codes != expected:
            problems.append(
                Problem(
                    shown,
                    1,
                    "",
                    f"codes {codes} differ from precedents/schema.json $defs.{def_name}.enum {expected}; "
                    "keep both lists equal and in the same order",
                )
            )
        vocabularies[name] = Vocabulary(name, tuple(terms))
    return vocabularies, problems


def _terms(data: list, document, shown: str) -> tuple[list[Term], list[Problem]]:
    terms: list[Term] = []
    problems: list[Problem] = []
    for index, entry in enumerate(data):
        line = document.line_of((index,))
        if not isinstance(entry, dict):
            problems.append(Problem(shown, line, f"[{index}]", "expected a mapping with code, label and explanation"))
            continue
        for key in ("code", "label", "explanation"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(Problem(shown, line, f"[{index}].{key}", "required text is missing"))
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
                str(entry.get("label")),
                str(entry.get("explanation")),
                tuple(sources),
                explained_at,
                line,
            )
        )
    return terms, problems
