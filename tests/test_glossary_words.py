"""Glossary words on a built page (glossary.mark_glossary_words): the whole tooltip where
the page's text first uses a word, then only an abbreviation's expansion, and a plain
word as text; headings show the expansion and never count as the first use; links,
code, pictures, hidden text and lists that opt out are left alone; only the page's
<article> is marked."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from casebook.site.glossary import mark_glossary_words


def parsed(html: str) -> str:
    """A page as the parser writes it, so a case compares trees, not spellings of them."""
    return LexborHTMLParser(html).html


CCF = "Commission for the Control of INTERPOL's Files: the INTERPOL body that decides requests."
CCF_SHORT = "Commission for the Control of INTERPOL's Files"
DIFFUSION = "A request or alert one country's NCB sends straight to other countries."
NCB = "National Central Bureau: each member country's INTERPOL office."
SLTD = "INTERPOL's Stolen and Lost Travel Documents database."
WORDS = {
    "CCF": CCF,
    "diffusion": DIFFUSION,
    "diffusions": DIFFUSION,
    "Diffusion": DIFFUSION,
    "NCB": NCB,
    "NCBs": NCB,
    "National Central Bureau": NCB,
    "National Central Bureaus": NCB,
    "SLTD": SLTD,
    "X": ": odd",
    "Q&A": 'Questions <and> "answers"',
}


def word(title: str, text: str) -> str:
    return f'<abbr title="{title}">{text}</abbr>'


CASES = [
    ("first use shows the whole tooltip", "<p>CCF</p>", f"<p>{word(CCF, 'CCF')}</p>"),
    (
        "an abbreviation's later uses show its expansion",
        "<p>CCF and the CCF</p>",
        f"<p>{word(CCF, 'CCF')} and the {word(CCF_SHORT, 'CCF')}</p>",
    ),
    ("an abbreviation without an expansion keeps its tooltip", "SLTD SLTD", f"{word(SLTD, 'SLTD')} {word(SLTD, 'SLTD')}"),
    ("a plain word's later uses are text", "diffusion, then diffusions", f"{word(DIFFUSION, 'diffusion')}, then diffusions"),
    (
        "a word that is its own expansion, or its plural, is text later",
        "National Central Bureau National Central Bureau National Central Bureaus",
        f"{word(NCB, 'National Central Bureau')} National Central Bureau National Central Bureaus",
    ),
    ("forms sharing a tooltip count as one word", "NCB NCBs", f"{word(NCB, 'NCB')} {word('National Central Bureau', 'NCBs')}"),
    (
        "each word is defined once, independently",
        "CCF NCB CCF",
        f"{word(CCF, 'CCF')} {word(NCB, 'NCB')} {word(CCF_SHORT, 'CCF')}",
    ),
    ("words are matched whole and by case", "CCFs diffusional DIFFUSION", "CCFs diffusional DIFFUSION"),
    ("the longest form wins", "NCBs", word(NCB, "NCBs")),
    (
        "a heading's word shows the expansion and is not the first use",
        '<h1 id="t">The CCF<a class="headerlink" href="#t">¶</a></h1><p>CCF CCF</p>',
        f'<h1 id="t">The {word(CCF_SHORT, "CCF")}<a class="headerlink" href="#t">¶</a></h1><p>{word(CCF, "CCF")} {word(CCF_SHORT, "CCF")}</p>',
    ),
    (
        "a heading's plain word shows the whole tooltip",
        "<h2>Diffusion</h2><p>diffusion</p>",
        f"<h2>{word(DIFFUSION, 'Diffusion')}</h2><p>{word(DIFFUSION, 'diffusion')}</p>",
    ),
    (
        "after a heading closes, words count again",
        "<h2>CCF</h2><p>CCF</p><h3>CCF</h3><p>CCF</p>",
        f"<h2>{word(CCF_SHORT, 'CCF')}</h2><p>{word(CCF, 'CCF')}</p><h3>{word(CCF_SHORT, 'CCF')}</h3><p>{word(CCF_SHORT, 'CCF')}</p>",
    ),
    (
        "a link's words are not marked and are not the first use",
        '<a href="x/">Diffusion and the CCF</a> <p>CCF</p>',
        f'<a href="x/">Diffusion and the CCF</a> <p>{word(CCF, "CCF")}</p>',
    ),
    ("a link's address as its text is left alone", '<a href="https://x.org/diffusions/">https://x.org/diffusions/</a>', None),
    (
        "words inside tags are not text",
        '<p title="CCF" data-x="diffusion">NCB</p>',
        f'<p title="CCF" data-x="diffusion">{word(NCB, "NCB")}</p>',
    ),
    ("a quoted '>' does not end a tag", "<p title='a > CCF'>x</p>", None),
    (
        "code is left alone",
        "<code>CCF</code> <pre><code>CCF</code></pre> CCF",
        f"<code>CCF</code> <pre><code>CCF</code></pre> {word(CCF, 'CCF')}",
    ),
    ("a picture is left alone", '<svg viewBox="0 0 1 1"><text>CCF</text></svg>', None),
    ("a button is left alone", "<button hidden>Copy the CCF citation</button>", None),
    ("comments are left alone", "<!-- CCF --><p>x</p>", None),
    ("an existing abbr is left alone", '<abbr title="mine">CCF</abbr>', None),
    (
        "hidden text is left alone and is not the first use",
        '<div class="cb-filters" aria-hidden="true"><span>CCF</span><div>CCF</div> CCF</div><p>CCF</p>',
        f'<div class="cb-filters" aria-hidden="true"><span>CCF</span><div>CCF</div> CCF</div><p>{word(CCF, "CCF")}</p>',
    ),
    (
        "a list that opts out is left alone",
        '<table data-glossary="off"><tr><td>CCF</td></tr></table><p>CCF</p>',
        f'<table data-glossary="off"><tr><td>CCF</td></tr></table><p>{word(CCF, "CCF")}</p>',
    ),
    (
        "an unquoted value may hold an apostrophe",
        "<img alt=O'Brien> the CCF's <a href=x>diffusion</a>",
        f"<img alt=O'Brien> the {word(CCF, 'CCF')}'s <a href=x>diffusion</a>",
    ),
    (
        "a self-closing picture hides nothing",
        '<svg class="i"/> CCF <svg></svg>',
        f'<svg class="i"/> {word(CCF, "CCF")} <svg></svg>',
    ),
    (
        "a picture inside a picture",
        "<svg><svg><text>CCF</text></svg><text>CCF</text></svg> CCF",
        f"<svg><svg><text>CCF</text></svg><text>CCF</text></svg> {word(CCF, 'CCF')}",
    ),
    (
        "tags are read whatever their case",
        "<SVG><text>CCF</text></svg><P>CCF</P>",
        f"<SVG><text>CCF</text></svg><P>{word(CCF, 'CCF')}</P>",
    ),
    ("a custom element is not code", "<code-x>CCF</code-x>", f"<code-x>{word(CCF, 'CCF')}</code-x>"),
    (
        "script and noscript are left alone",
        "<script>if (a<b) x('CCF')</script><noscript>CCF</noscript> CCF",
        f"<script>if (a<b) x('CCF')</script><noscript>CCF</noscript> {word(CCF, 'CCF')}",
    ),
    (
        "an opt-out named inside a value is not one",
        '<p title="aria-hidden=true">CCF</p>',
        f'<p title="aria-hidden=true">{word(CCF, "CCF")}</p>',
    ),
    ("aria-hidden false is seen", '<p aria-hidden="false">CCF</p>', f'<p aria-hidden="false">{word(CCF, "CCF")}</p>'),
    ("a tooltip that starts with a colon keeps its text", "X X", f"{word(': odd', 'X')} {word(': odd', 'X')}"),
    ("a tooltip is escaped for its attribute", "Q&A", word("Questions &lt;and&gt; &quot;answers&quot;", "Q&A")),
    ("a word next to a character reference is a word", "the CCF&#x27;s decision", f"the {word(CCF, 'CCF')}&#x27;s decision"),
]


@pytest.mark.parametrize(("name", "html", "expected"), CASES, ids=[c[0] for c in CASES])
def test_glossary_words_are_marked(name, html, expected):
    page = (
        f"<html><body><header>CCF</header><article class='md-content__inner'>{html}</article><footer>CCF</footer></body></html>"
    )
    marked = page.replace(html, html if expected is None else expected)
    assert mark_glossary_words(page, WORDS) == parsed(marked)


def test_a_page_without_an_article_is_left_alone():
    assert mark_glossary_words("<p>CCF</p>", WORDS) == parsed("<p>CCF</p>")


def test_each_page_starts_afresh():
    page = "<article><p>CCF</p></article>"
    expected = parsed(f"<article><p>{word(CCF, 'CCF')}</p></article>")
    assert mark_glossary_words(page, WORDS) == mark_glossary_words(page, WORDS) == expected
