"""The term list (precedents/reference/terminology.yml): it loads, its checks work, and
every Russian text in the reference data and the interface catalogue uses the listed
Russian term wherever its English source has the English term, and never a variant the
list avoids (the matching rule is in records/terminology.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from casebook.records.collection import Project, check_collection
from casebook.records.terminology import load_terminology
from casebook.records.translations import texts

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "precedents" / "reference" / "terminology.yml"


@pytest.fixture(scope="module")
def collection():
    collection, problems = check_collection(Project(ROOT))
    assert not [p for p in problems if not p.is_warning]
    return collection


def test_the_term_list_loads():
    terminology, problems = load_terminology(TERMS)
    assert problems == []
    assert len(terminology.terms) >= 40
    assert "ru" in terminology.languages
    pairs = terminology.pairs("ru")
    assert {"en": "Red Notice", "term": "красное уведомление", "note": ""} in pairs


@pytest.mark.parametrize(
    "english, russian, expected",
    [
        ("A Red Notice was issued.", "Было выдано красное уведомление.", []),
        ("Red Notices against critics", "красными уведомлениями против критиков", []),  # inflected, plural
        (
            "A Red Notice was issued.",
            "Был выдан красный циркуляр.",
            ["'красное уведомление'", "'красный циркуляр'", "'уведомление'", "'циркуляр'"],
        ),
        ("The NCB sent it.", "Его отправило бюро.", ["'Национальное центральное бюро (НЦБ)'"]),  # the abbreviation
        ("The NCB sent it.", "Его отправило НЦБ.", []),
        ("INTERPOL's Constitution", "Конституция Интерпола", ["'Устав Интерпола'", "'Конституция Интерпола'"]),
        ("the detention continued", "содержание под стражей продолжалось", []),
        ("noticeable change", "заметное изменение", []),  # a word that only starts like a term
        ("It circulates.", "Оно циркулирует.", []),  # a variant's stem is cut by one letter only
        ("See interpol.int.", "См. interpol.int.", []),  # an address is not the word INTERPOL
        ("Legal Framework of the Silver Notice pilot", "Legal Framework of the Silver Notice pilot (2025)", []),  # a title kept
    ],
)
def test_term_problems(collection, english, russian, expected):
    problems = collection.terminology.term_problems(english, russian, "ru")
    assert len(problems) == len(expected), problems
    for problem, word in zip(problems, expected, strict=True):
        assert word in problem


def test_a_bad_term_list_is_reported_with_its_line(tmp_path):
    (tmp_path / "terminology.schema.json").write_text(
        (TERMS.parent / "terminology.schema.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    bad = tmp_path / "terminology.yml"
    bad.write_text("terms:\n  - en: Red Notice\n    ru: красное уведомление\n    colour: red\n", encoding="utf-8")
    terminology, problems = load_terminology(bad)
    assert terminology is None
    assert [(p.line, p.field) for p in problems] == [(4, "terms[0].colour")]


def _reference_translations(collection, language):
    parts = {name: vocabulary for name, vocabulary in collection.vocabularies.items()}
    reference = collection.reference
    parts |= {
        "glossary": reference.glossary,
        "notice_types": reference.notice_types,
        "figures": reference.figures,
        "notes": reference.notes,
        "comparisons": reference.comparisons,
    }
    for name, part in parts.items():
        for path, text in texts(part):
            if text.has(language) and text.source_language != language:
                yield f"{name}: {path}", text.get("en"), text.get(language)


def test_reference_data_follows_the_term_list(collection):
    found = [
        f"{where}: {problem}: {russian!r}"
        for where, english, russian in _reference_translations(collection, "ru")
        for problem in collection.terminology.term_problems(english, russian, "ru")
    ]
    assert not found, "\n".join(found)


def test_interface_strings_follow_the_term_list(collection):
    with open(ROOT / "docs" / "locales" / "ru.po", "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        if message.context == "sharing card":  # a card's deliberately short label («Запрашивает»)
            continue
        english = message.id if isinstance(message.id, str) else " ".join(message.id)
        forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        for form in forms:
            for problem in collection.terminology.term_problems(english, form, "ru"):
                found.append(f"ru.po:{message.lineno}: {problem}: {form!r}")
    assert not found, "\n".join(found)


def test_record_translations_never_use_a_variant_the_term_list_avoids(collection):
    """Record prose is checked for the variants to avoid only: whether its English term is
    rendered by the listed one is a translator's judgement there (a brief police stop is
    «задержание», not «содержание под стражей», though the English says "detention")."""
    found = [
        f"{precedent.id}: {path}: {problem}"
        for precedent in collection.precedents
        for path, text in texts(precedent)
        if text.has("ru") and text.source_language != "ru"
        for problem in collection.terminology.term_problems(text.get("en"), text.get("ru"), "ru")
        if "which the term list avoids" in problem
    ]
    assert not found, "\n".join(found)
