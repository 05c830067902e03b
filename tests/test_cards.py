"""Sharing cards (publish/cards.py): what each says comes from the record, the same text
gives the same bytes, the cache is used, Cyrillic is drawn, and each page's tags name its
card (site/finish.py)."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image, ImageDraw

from casebook.pages.i18n import Language
from casebook.pages.publication import Publication, Site
from casebook.publish import cards
from casebook.publish.cards import Card, CardRun, card_specs, draw_card
from casebook.records.collection import check_collection
from casebook.site.finish import Sharing, finish_page
from tests.conftest import FIXTURES, ROOT, project_for

SEED = "by-2020-blue-notice-then-diffusion"
SITE = Site(name="Casebook", description="An open knowledge base.", nav=(("index.md", "", "Home"), ("search.md", "", "Search")))


@pytest.fixture(scope="module")
def collection():
    found, problems = check_collection(project_for(FIXTURES / "precedents"))
    assert problems == []
    return found


def test_a_precedent_card_says_what_its_record_says(collection):
    specs = card_specs(collection, Publication(SITE))
    card = specs[f"precedents/{SEED}/"]
    seed = collection.by_id(SEED)
    title = seed.title.get("en")
    assert card.path == f"cards/precedents/{SEED}.png" and card.title == title
    assert card.facts == (
        ("Requesting state", "Belarus"),
        ("Instruments", "Blue Notice; Diffusion"),
        ("Outcomes", "Data deleted, Extradition refused"),
    )
    assert card.note == "Draft, pending legal review" and card.warning  # the record is a draft: the card says so
    assert card.alt.startswith(title + ". Requesting state: Belarus.") and card.alt.endswith("Casebook.")
    # one card per precedent and per page of the navigation, nothing else
    assert len(specs) == len(collection.precedents) + 2 and specs[""].path == "cards/home.png"
    assert specs["search/"].path == "cards/search.png" and specs["search/"].title == "Search"


def test_a_precedent_card_speaks_the_pages_language(collection, tmp_path):
    """Labels through the language's catalogue, country names from CLDR; the record's own
    words stay as written where they have no translation."""
    (tmp_path / "ru.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "sharing card"\nmsgid "Requesting state"\nmsgstr "Запрашивает"\n',
        encoding="utf-8",
    )
    russian = Language.load("ru", tmp_path)
    card = card_specs(collection, Publication(SITE), russian)[f"precedents/{SEED}/"]
    assert card.facts[0] == ("Запрашивает", "Беларусь")  # the card's own short label (msgctxt)
    assert card.title == collection.by_id(SEED).title.get("ru")  # English, until the record is translated
    assert card_specs(collection, Publication(SITE))[f"precedents/{SEED}/"].facts[0] == ("Requesting state", "Belarus")


def png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


@pytest.mark.skipif(not cards.font_available(), reason="needs Debian's fonts-dejavu-core (make fonts)")
def test_the_same_card_gives_the_same_bytes_and_cyrillic_is_drawn():
    fonts = cards._Fonts()
    card = Card("cards/x.png", "Россия: красное уведомление удалено", "alt", facts=(("Requesting state", "Russia"),))
    first, second = draw_card(card, "Casebook", fonts), draw_card(card, "Casebook", cards._Fonts())
    assert first == second and png(first).size == (1200, 630)
    # the Cyrillic title is drawn as letters: DejaVu has them, so no two glyphs are blank boxes alike
    font = fonts("B", 60)
    assert font.getmask("Ж").getbbox() != font.getmask("Щ").getbbox() or font.getmask("Ж").size != (0, 0)
    assert draw_card(dataclasses.replace(card, title="Россия: другое"), "Casebook", fonts) != first


@pytest.mark.skipif(not cards.font_available(), reason="needs Debian's fonts-dejavu-core (make fonts)")
@pytest.mark.parametrize("anchor", [None, "lm", "ls"])
def test_a_stamped_line_has_the_pixels_draw_text_gives(anchor):
    """Recurring lines are laid from a coverage rendered once (``_Fonts.stamp``): the first
    time and from what was kept, the pixels are draw.text's, in Latin and Cyrillic, on
    white and on the band's indigo."""
    fonts = cards._Fonts()
    lines = ("\u2696  Casebook", "Запрашивает", "Data deleted, Extradition refused", "g, j; Q", "", "   ", "two\nlines")
    for line in lines:
        for style, size, ground, ink in (("B", 38, cards.INDIGO, cards.WHITE), ("", 32, cards.WHITE, cards.INK)):
            font = fonts(style, size)
            for xy in ((20, 60), (20.4, 60)):  # a fraction of a pixel is drawn as draw.text draws it
                drawn = Image.new("RGB", (700, 160), ground)
                ImageDraw.Draw(drawn).text(xy, line, font=font, fill=ink, anchor=anchor)
                for _ in range(2):  # rendered now, then from the kept coverage
                    stamped = Image.new("RGB", (700, 160), ground)
                    fonts.stamp(ImageDraw.Draw(stamped), xy, line, font, ink, anchor=anchor)
                    assert stamped.tobytes() == drawn.tobytes(), (line, style, anchor, xy)


@pytest.mark.skipif(not cards.font_available(), reason="needs Debian's fonts-dejavu-core (make fonts)")
def test_stamping_leaves_every_card_as_draw_text_draws_it(collection, monkeypatch):
    """A whole card, Russian labels and a warning among them, is the same PNG with its
    recurring lines stamped as with every line drawn by draw.text."""
    russian = Language.load("ru", ROOT / "docs" / "locales")
    specs = [*card_specs(collection, Publication(SITE)).values(), *card_specs(collection, Publication(SITE), russian).values()]
    stamped = [draw_card(card, "Casebook", cards._Fonts()) for card in specs]

    def text(self, draw, xy, line, font, fill, anchor=None):
        draw.text(xy, line, font=font, fill=fill, anchor=anchor)

    monkeypatch.setattr(cards._Fonts, "stamp", text)
    assert [draw_card(card, "Casebook", cards._Fonts()) for card in specs] == stamped


def test_a_long_title_ends_in_an_ellipsis_and_is_never_reworded():
    fonts = cards._Fonts()
    words = "word " * 200
    lines = cards._wrap(fonts, words, fonts("B", 42), 1072, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert " ".join(lines).removesuffix("…").split() == words.split()[: len(" ".join(lines).split())]


def test_the_cache_keeps_the_cards_of_unchanged_records(collection, tmp_path):
    first = CardRun(collection, Publication(SITE), tmp_path)
    assert len(first.todo) == len(collection.precedents) + 3  # two pages, the precedents and the logo
    files = first.finish()
    again = CardRun(collection, Publication(SITE), tmp_path)
    assert again.todo == [] and again.finish() == files
    renamed = CardRun(collection, Publication(dataclasses.replace(SITE, name="Другой")), tmp_path)
    assert len(renamed.todo) == len(first.todo) - 1  # the site's name is on every card, not on the logo
    renamed.finish()
    assert len(list(tmp_path.glob("*.png"))) == len(files)  # the cache is pruned to the last build's cards


PAGE = (
    '<html><head><meta charset="utf-8"><meta property="og:title" content="T">'
    '<meta property="og:description" content="D"><meta name="twitter:card" content="summary_large_image"></head>'
    "<body><article><p>Text</p></article></body></html>"
)


@pytest.mark.parametrize(
    ("site_url", "url", "image"),
    [
        (None, f"precedents/{SEED}/", f"../../cards/precedents/{SEED}.png"),
        (None, "", "cards/home.png"),
        (None, "browse/instrument/diffusion/", "../../../cards/home.png"),  # not a main page: the home page's card
        ("https://example.org/cases/", f"precedents/{SEED}/", f"https://example.org/cases/cards/precedents/{SEED}.png"),
    ],
)
def test_each_page_names_its_card_relative_to_itself_or_in_full(collection, site_url, url, image):
    sharing = Sharing(card_specs(collection, Publication(SITE)), site_url)
    html, _ = finish_page(PAGE, {}, sharing.tags(url))
    assert f'<meta property="og:image" content="{image}">' in html
    assert '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">' in html
    assert html.index('property="og:description"') < html.index('property="og:image"') < html.index("twitter:card")


def test_a_page_without_sharing_tags_gets_no_card(collection):
    sharing = Sharing(card_specs(collection, Publication(SITE)))
    html, _ = finish_page("<html><head></head><body>redirect</body></html>", {}, sharing.tags(""))
    assert "og:image" not in html
