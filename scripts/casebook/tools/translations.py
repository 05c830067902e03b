"""``casebook translations``: how far each language besides English has got.

Consumes: the checked collection (records, vocabularies, reference data), the
hand-written pages (``docs/**/*.md``, and the guide and pattern bodies under
``precedents/reference/``) with their translations beside them (``X.<code>.md``, whose
front matter records ``translated_from``: the first 8 hex digits of the SHA-256 of the
English file's bytes), and the interface catalogues (``docs/locales/<code>.po``).
Produces: one table per language, a row per kind of text, with how many are
translated, stale (made from an English text that has changed since) and missing; and
``coverage()``, the same numbers as data for the tests. Exit status 0: coverage is
reported, not enforced (``casebook check`` warns about stale translations).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..pages.i18n import SOURCE_LANGUAGE, languages
from ..pages.i18n.catalogues import catalogue_status
from ..records.collection import Collection, Project
from ..records.translations import (  # noqa: F401 -- file_hash: the tests read it here
    MISSING,
    STALE,
    TRANSLATED,
    file_hash,
    is_translation,
    page_translation,
    state,
    texts,
)


@dataclass
class Row:
    what: str
    translated: int = 0
    stale: int = 0
    missing: int = 0
    fuzzy: int | None = None  # interface strings only

    @property
    def total(self) -> int:
        return self.translated + self.stale + self.missing + (self.fuzzy or 0)

    def add(self, found: str) -> None:
        setattr(self, found, getattr(self, found) + 1)


def english_pages(project: Project) -> list[Path]:
    pages = [p for p in sorted(project.docs_dir.rglob("*.md")) if not is_translation(p)]
    for folder in ("guides", "patterns"):
        pages += sorted(p for p in (project.reference_dir / folder).glob("*.md") if not is_translation(p))
    return [p for p in pages if "overrides" not in p.parts]


def page_state(english: Path, language: str) -> str:
    return page_translation(english, language).state


def _count(row: Row, part, language: str) -> Row:
    for _path, text in texts(part):
        if text.source_language != language:
            row.add(state(text, language))
    return row


def coverage(project: Project, collection: Collection, language: str) -> list[Row]:
    pages = Row("hand-written pages")
    for english in english_pages(project):
        pages.add(page_state(english, language))
    rows = [pages]
    title, summary, prose = Row("records: title"), Row("records: summary"), Row("records: other prose fields")
    for p in collection.precedents:
        for path, text in texts(p):
            if text.source_language == language:
                continue
            row = title if path == "title" else summary if path == "summary" else prose
            row.add(state(text, language))
    rows += [title, summary, prose]
    vocabulary = Row("vocabulary entries")
    for v in collection.vocabularies.values():
        for term in v.terms:
            # An entry is translated when its label and its explanation both are.
            found = [state(t, language) for t in (term.label, term.explanation)]
            vocabulary.add(MISSING if MISSING in found else STALE if STALE in found else TRANSLATED)
    rows.append(vocabulary)
    reference = collection.reference
    if reference is not None:
        rows.append(_count(Row("glossary texts (term, tooltip, definition)"), reference.glossary, language))
        notice = Row("notice types and comparisons")
        for part in (reference.notice_types, reference.figures, reference.notes, reference.comparisons):
            _count(notice, part, language)
        rows.append(notice)
    po = project.docs_dir / "locales" / f"{language}.po"
    strings = Row("interface strings (.po)", fuzzy=0)
    if po.is_file():
        status = catalogue_status(po)
        strings.translated, strings.fuzzy, strings.missing = status.translated, status.fuzzy, status.missing
    rows.append(strings)
    return rows


def table(language: str, rows: list[Row]) -> str:
    width = max(len(r.what) for r in rows) + 2
    lines = [f"{language}".ljust(width) + "translated    stale  missing    fuzzy    total   done"]
    for r in rows:
        done = f"{100 * r.translated // r.total:3d} %" if r.total else "  - "
        fuzzy = "" if r.fuzzy is None else str(r.fuzzy)
        lines.append(f"{r.what.ljust(width)}{r.translated:>10}{r.stale:>9}{r.missing:>9}{fuzzy:>9}{r.total:>9}  {done}")
    return "\n".join(lines)


def translations_command(project: Project, collection: Collection) -> int:
    found = [code for code in languages(project.docs_dir / "locales") if code != SOURCE_LANGUAGE]
    if not found:
        print("no language besides English: add docs/locales/<code>.po to start one")
    for index, language in enumerate(found):
        if index:
            print()
        print(table(language, coverage(project, collection, language)))
    return 0
