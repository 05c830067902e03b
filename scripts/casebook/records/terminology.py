"""The term list translations follow: ``precedents/reference/terminology.yml``.

Consumes: the term list (one entry per English term: the term in each language, the
variants a language avoids, notes) and its JSON Schema beside it.
Produces: a ``Terminology`` and problems (``path:LINE: field: message``, as for every
other file ``casebook check`` reads); and ``term_problems``, which says where a
translation departs from the list. The tests run it over every translation in the
reference data and the interface catalogues; the glossary of a translated site shows
the list with the English term beside each (``Terminology.pairs``).

How a term is recognised (pragmatic, and the same for every language):
- in the English text: the term's words in a row, case-insensitive, the last word
  allowed a plural ending (notice, notices); a bracketed abbreviation at the end of the
  term, "National Central Bureau (NCB)", is a term of its own (NCB -> НЦБ), and a
  bracketed gloss that is not an abbreviation, "compliant (with INTERPOL's rules)", is
  not part of what is looked for;
- in the translation: the term's words in a row, each word of the text starting with
  the stem of the term's word: case-insensitive, ё read as е, a word of four letters or
  more cut by two letters at the end but kept to at least three (уведомление ->
  уведомлен, so уведомления and уведомлением match), so inflected forms count;
- a variant to avoid is looked for the same way but cut by one letter only (циркуляр ->
  циркуля), so that it does not catch unrelated words sharing a short stem.
A translation must contain the listed term wherever its English source contains the
English term (or keep the English words themselves, as in a document title left in
English), and must never contain a listed variant to avoid. Web addresses (interpol.int)
are not words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import load_file
from .problems import Problem, display_path
from .validate import load_schema, make_validator, validate

WORD = re.compile(r"\w+")
ABBREVIATION = re.compile(r"^(.*\S)\s*\(([^\s()]+)\)$")  # "National Central Bureau (NCB)"
GLOSS = re.compile(r"\s*\([^()]*\)$")  # "compliant (with INTERPOL's rules)"
META_KEYS = ("en", "avoid", "note")


DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)+\b")  # interpol.int: an address, not the word INTERPOL


def words(text: str) -> list[str]:
    return WORD.findall(DOMAIN.sub(" ", text).lower().replace("ё", "е"))


def stem(word: str, cut: int = 2) -> str:
    return word if len(word) <= 3 else word[: max(3, len(word) - cut)]


def _english_occurs(term: list[str], text: list[str]) -> bool:
    n = len(term)
    for i in range(len(text) - n + 1):
        if text[i : i + n - 1] == term[:-1] and text[i + n - 1] in (term[-1], term[-1] + "s", term[-1] + "es"):
            return True
    return False


def _stems_occur(stems: list[str], text: list[str]) -> bool:
    n = len(stems)
    return any(all(text[i + k].startswith(stems[k]) for k in range(n)) for i in range(len(text) - n + 1))


@dataclass(frozen=True)
class TermEntry:
    en: str
    translations: dict  # language -> term
    avoid: dict = field(default_factory=dict)  # language -> (variant, ...)
    note: dict = field(default_factory=dict)  # language -> text
    line: int = field(default=0, compare=False)

    def matchers(self, language: str) -> list[tuple[list[str], list[str]]]:
        """(English words, stems of the translation's words) for each part to look for."""
        translated = self.translations.get(language)
        if not translated:
            return []
        english, abbreviation = self._split(self.en)
        ours, our_abbreviation = self._split(translated)
        found = [(words(english), [stem(w) for w in words(ours)])]
        if abbreviation and our_abbreviation:
            found.append(([abbreviation.lower()], [our_abbreviation.lower()]))
        return found

    @staticmethod
    def _split(term: str) -> tuple[str, str | None]:
        match = ABBREVIATION.match(term)
        if match and match.group(2).upper() == match.group(2):
            return match.group(1), match.group(2)
        return GLOSS.sub("", term), None


@dataclass(frozen=True)
class Terminology:
    terms: tuple[TermEntry, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({lang for t in self.terms for lang in t.translations}))

    def pairs(self, language: str) -> list[dict]:
        """[{en, term, note}] for a language, in list order: what its glossary shows."""
        return [
            {"en": t.en, "term": t.translations[language], "note": t.note.get(language, "")}
            for t in self.terms
            if language in t.translations
        ]

    def term_problems(self, english: str, translated: str, language: str) -> list[str]:
        """Where ``translated`` (in ``language``, made from ``english``) departs from the list."""
        source, target = words(english), words(translated)
        problems = []
        for term in self.terms:
            for english_words, stems in term.matchers(language):
                if (
                    _english_occurs(english_words, source)
                    and not _stems_occur(stems, target)
                    and not _english_occurs(english_words, target)  # a title kept in English
                ):
                    wanted = term.translations[language]
                    problems.append(f"the English says {term.en!r}; expected the term {wanted!r} (any inflected form)")
                    break
            for variant in term.avoid.get(language, ()):
                if _stems_occur([stem(w, cut=1) for w in words(variant)], target):
                    problems.append(f"uses {variant!r}, which the term list avoids; write {term.translations.get(language)!r}")
        return problems


def load_terminology(path: Path) -> tuple[Terminology | None, list[Problem]]:
    path = Path(path)
    shown = display_path(path)
    if not path.exists():
        return Terminology(), []  # a project without translations needs no term list
    document, problems = load_file(path, shown)
    if document is None:
        return None, problems
    problems += validate(document, make_validator(load_schema(path.with_name("terminology.schema.json"))))
    if problems:
        return None, problems
    seen: dict = {}
    terms = []
    for index, entry in enumerate(document.data["terms"]):
        line = document.line_of(("terms", index))
        key = entry["en"].lower()
        if key in seen:
            problems.append(
                Problem(shown, line, f"terms[{index}].en", f"{entry['en']!r} is listed twice (also line {seen[key]})")
            )
        seen.setdefault(key, line)
        terms.append(
            TermEntry(
                en=entry["en"],
                translations={k: v for k, v in entry.items() if k not in META_KEYS},
                avoid={k: tuple(v) for k, v in entry.get("avoid", {}).items()},
                note=dict(entry.get("note", {})),
                line=line,
            )
        )
    return (None if problems else Terminology(tuple(terms))), problems
