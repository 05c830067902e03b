"""Glossary words on a built page: the whole definition where a word is first used in the
text, then only an abbreviation's expansion, and a plain word as text; words in headings
and links are left alone (engine.define_glossary_words_once)."""

import pytest

from casebook.engine import define_glossary_words_once

CCF = "Commission for the Control of INTERPOL's Files: the INTERPOL body that decides requests."
CCF_SHORT = "Commission for the Control of INTERPOL's Files"
DIFFUSION = "A request or alert one country's NCB sends straight to other countries."
NCB = "National Central Bureau: each member country's INTERPOL office."
SLTD = "INTERPOL's Stolen and Lost Travel Documents database."


def word(title: str, text: str) -> str:
    return f'<abbr title="{title}">{text}</abbr>'


CASES = [
    ("first use keeps the definition", word(CCF, "CCF"), word(CCF, "CCF")),
    (
        "an abbreviation's later uses keep its expansion",
        f"<p>{word(CCF, 'CCF')} and the {word(CCF, 'CCF')}</p>",
        f"<p>{word(CCF, 'CCF')} and the {word(CCF_SHORT, 'CCF')}</p>",
    ),
    (
        "an abbreviation without an expansion keeps its definition",
        f"{word(SLTD, 'SLTD')} {word(SLTD, 'SLTD')}",
        f"{word(SLTD, 'SLTD')} {word(SLTD, 'SLTD')}",
    ),
    (
        "a plain word's later uses are text",
        f"{word(DIFFUSION, 'diffusion')}, then {word(DIFFUSION, 'diffusions')}",
        f"{word(DIFFUSION, 'diffusion')}, then diffusions",
    ),
    (
        "a word that is its own expansion, or its plural, is text later",
        f"{word(NCB, 'National Central Bureau')} {word(NCB, 'National Central Bureau')} {word(NCB, 'National Central Bureaus')}",
        f"{word(NCB, 'National Central Bureau')} National Central Bureau National Central Bureaus",
    ),
    (
        "forms sharing a definition count as one word",
        f"{word(NCB, 'NCB')} {word(NCB, 'NCBs')}",
        f"{word(NCB, 'NCB')} {word('National Central Bureau', 'NCBs')}",
    ),
    (
        "each word is defined once, independently",
        f"{word(CCF, 'CCF')} {word(NCB, 'NCB')} {word(CCF, 'CCF')}",
        f"{word(CCF, 'CCF')} {word(NCB, 'NCB')} {word(CCF_SHORT, 'CCF')}",
    ),
    (
        "a heading's word shows the expansion and is not the first use",
        f'<h1 id="t">The {word(CCF, "CCF")}<a class="headerlink" href="#t">¶</a></h1><p>{word(CCF, "CCF")} {word(CCF, "CCF")}</p>',
        f'<h1 id="t">The {word(CCF_SHORT, "CCF")}<a class="headerlink" href="#t">¶</a></h1><p>{word(CCF, "CCF")} {word(CCF_SHORT, "CCF")}</p>',
    ),
    (
        "a link's plain word keeps its definition and is not the first use",
        f'<a href="x/">{word(DIFFUSION, "Diffusion")}</a> <p>{word(DIFFUSION, "diffusion")} {word(DIFFUSION, "diffusion")}</p>',
        f'<a href="x/">{word(DIFFUSION, "Diffusion")}</a> <p>{word(DIFFUSION, "diffusion")} diffusion</p>',
    ),
    (
        "after a heading or link closes, words count again",
        f"<h2>{word(CCF, 'CCF')}</h2><p>{word(CCF, 'CCF')}</p><h3>{word(CCF, 'CCF')}</h3><p>{word(CCF, 'CCF')}</p>",
        f"<h2>{word(CCF_SHORT, 'CCF')}</h2><p>{word(CCF, 'CCF')}</p><h3>{word(CCF_SHORT, 'CCF')}</h3><p>{word(CCF_SHORT, 'CCF')}</p>",
    ),
    (
        "a definition that starts with a colon keeps its text",
        f"{word(': odd', 'X')} {word(': odd', 'X')}",
        f"{word(': odd', 'X')} {word(': odd', 'X')}",
    ),
    (
        "other elements are not headings or links",
        f"<header><abbr>CCF</abbr></header><article>{word(CCF, 'CCF')} {word(CCF, 'CCF')}</article>",
        f"<header><abbr>CCF</abbr></header><article>{word(CCF, 'CCF')} {word(CCF_SHORT, 'CCF')}</article>",
    ),
]


@pytest.mark.parametrize(("name", "html", "expected"), CASES, ids=[c[0] for c in CASES])
def test_define_glossary_words_once(name, html, expected):
    assert define_glossary_words_once(html) == expected


def test_each_page_starts_afresh():
    page = f"<p>{word(CCF, 'CCF')}</p>"
    assert define_glossary_words_once(page) == define_glossary_words_once(page) == page
