"""Glossary words on a built page: the whole definition where a word first occurs, then
only an abbreviation's expansion, and a plain word as text (engine.define_glossary_words_once)."""

import pytest

from casebook.engine import define_glossary_words_once

CCF = "Commission for the Control of INTERPOL&#x27;s Files: the INTERPOL body that decides requests."
DIFFUSION = "A request or alert one country&#x27;s NCB sends straight to other countries."
NCB = "National Central Bureau: each member country&#x27;s INTERPOL office."


def word(title: str, text: str) -> str:
    return f'<abbr title="{title}">{text}</abbr>'


CASES = [
    ("first use keeps the definition", word(CCF, "CCF"), word(CCF, "CCF")),
    (
        "an abbreviation's later uses keep its expansion",
        f"<p>{word(CCF, 'CCF')} and the {word(CCF, 'CCF')}</p>",
        f"<p>{word(CCF, 'CCF')} and the {word('Commission for the Control of INTERPOL&#x27;s Files', 'CCF')}</p>",
    ),
    (
        "a plain word's later uses are text",
        f"{word(DIFFUSION, 'diffusion')}, then {word(DIFFUSION, 'diffusions')}",
        f"{word(DIFFUSION, 'diffusion')}, then diffusions",
    ),
    (
        "a word that is its own expansion is text later",
        f"{word(NCB, 'National Central Bureau')} {word(NCB, 'National Central Bureau')}",
        f"{word(NCB, 'National Central Bureau')} National Central Bureau",
    ),
    (
        "forms sharing a definition count as one word",
        f"{word(NCB, 'NCB')} {word(NCB, 'NCBs')}",
        f"{word(NCB, 'NCB')} {word('National Central Bureau', 'NCBs')}",
    ),
    (
        "each word is defined once, independently",
        f"{word(CCF, 'CCF')} {word(NCB, 'NCB')} {word(CCF, 'CCF')}",
        f"{word(CCF, 'CCF')} {word(NCB, 'NCB')} {word('Commission for the Control of INTERPOL&#x27;s Files', 'CCF')}",
    ),
    ("other abbr elements are left alone", "<abbr>CCF</abbr> <abbr>CCF</abbr>", "<abbr>CCF</abbr> <abbr>CCF</abbr>"),
]


@pytest.mark.parametrize(("name", "html", "expected"), CASES, ids=[c[0] for c in CASES])
def test_define_glossary_words_once(name, html, expected):
    assert define_glossary_words_once(html) == expected


def test_each_page_starts_afresh():
    page = f"<p>{word(CCF, 'CCF')}</p>"
    assert define_glossary_words_once(page) == define_glossary_words_once(page) == page
