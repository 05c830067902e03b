"""Sharing cards: the picture a messenger or a social network shows beside a shared link.

Consumes: a ``Collection`` and the ``Publication`` (the site's name, description and
navigation, from mkdocs.yml).
Produces: ``{"cards/...png": bytes}``: a 1200 x 630 PNG per precedent (its title, its
requesting states, instruments and outcomes, its review status, the site's name) and
per page of the navigation (the page's title and section, the site's description), and
the site's logo (``cards/logo.png``, 512 x 512, for the publisher in the JSON-LD); and,
for the pages, which card each shows and its alternative text (``card_specs``), which
``site/finish.py`` writes into each page's sharing tags. A page that is neither (a
browse page, say) shares the home page's card.

What a card says comes from the record, in the same words as its page and its PDF
(vocabulary labels, country names): nothing is summarised or guessed, and a text too
long for its place ends in "…" rather than being reworded.

Steps: (1) ``card_specs``: the text of every card, cheap, done in both processes;
(2) ``CardRun``: draw the cards not in the cache, with Pillow, in DejaVu Sans (Debian's
fonts-dejavu-core, as the PDFs; it has Cyrillic, for the Russian edition) at sizes that
stay readable when a messenger shows the card 400 pixels wide (the title at 54 pixels
or more is 18 at that width); the build runs it in its second process (worker.py).
Deterministic: no clock, no random, Pillow's basic text layout (no shaping library
whose version could move a glyph), no metadata in the PNG; the cache key is the card's
text, this file, Pillow's version and the font files, like the PDFs'.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as pillow_version

from ..pages.editions import source_edition
from ..pages.i18n import Language
from ..pages.publication import Publication
from ..pages.site_paths import LOGO_PATH, card_path, page_url, precedent_path
from ..records.collection import Collection
from ..records.model import Precedent

GENERATOR = "scripts/casebook/publish/cards.py"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

WIDTH, HEIGHT = 1200, 630
LOGO_SIZE = 512
MARGIN = 64
BAND = 88  # the site's name, at the top
# Colours: the site's indigo, and text dark enough on white for any small copy (15:1).
INDIGO = (63, 81, 181)
INK = (26, 26, 33)
GREY = (84, 86, 99)
WHITE = (255, 255, 255)
AMBER = (153, 80, 0)
SCALES = "\u2696"  # ⚖, in DejaVu Sans
MASKS_KEPT = 3000  # recurring lines kept while drawing (4,000 synthetic cards: 1,549 lines, 28 MB); then started afresh


def _shades(start: tuple, end: tuple, steps: int = 32) -> list[tuple]:
    return [tuple(round(a + (b - a) * k / (steps - 1)) for a, b in zip(start, end, strict=True)) for k in range(1, steps - 1)]


def _palette() -> list[tuple]:
    """The colours, then each text colour shaded into its background (30 shades: smooth
    letters), less the shades within 12 of a colour: Pillow finds a pixel's palette entry
    through a coarse table, which would take a flat background for such a shade."""
    colours = [WHITE, INDIGO, INK, GREY, AMBER]
    pairs = [(WHITE, INK), (WHITE, GREY), (WHITE, INDIGO), (WHITE, AMBER), (INDIGO, WHITE)]
    shades = [s for a, b in pairs for s in _shades(a, b)]
    far = [s for s in shades if min(sum((x - y) ** 2 for x, y in zip(s, c, strict=True)) for c in colours) >= 144]
    return list(dict.fromkeys(colours + far))


# The cards are saved with this palette: a third of the bytes of a full-colour PNG.
PALETTE = _palette()


@dataclass(frozen=True)
class Card:
    """What one card shows. ``facts``: (label, value) lines under the title."""

    path: str  # cards/....png
    title: str
    alt: str
    kicker: str = ""  # above the title: the page's section, or "Precedent"
    facts: tuple[tuple[str, str], ...] = ()
    description: str = ""  # under the title, where there are no facts
    note: str = ""  # at the foot: the review status
    warning: bool = False  # the note is a caution (a draft, weak sourcing)


# -- step 1: what each card says ------------------------------------------------------


def _precedent_card(p: Precedent, collection: Collection, publication: Publication, language: Language) -> Card:
    vocab = collection.vocabularies
    _ = language._  # the words of the page, in its language
    p_ = language.p_  # a card's own shorter words where a language needs them

    def label(name: str, code: str) -> str:
        return vocab[name].label(code, language.code)

    instruments = dict.fromkeys(
        label("instrument_types", i.type) + ("" if i.type_certain else f" ({_('type unconfirmed')})") for i in p.instruments
    )
    facts = (
        (
            # "Requesting state" in Russian is too long for a card's label column.
            p_("sharing card", "Requesting state") if len(p.requesting_states) < 2 else p_("sharing card", "Requesting states"),
            ", ".join(language.country(c) for c in p.requesting_states) or _("not disclosed"),
        ),
        (_("Instrument") if len(instruments) == 1 else _("Instruments"), "; ".join(instruments)),
        (_("Outcome") if len(p.outcomes) == 1 else _("Outcomes"), ", ".join(label("outcomes", o) for o in p.outcomes)),
    )
    cautions = []
    if p.review.status == "draft":
        cautions.append(_("Draft, pending legal review"))
    if p.sourcing.strength == "weak":
        cautions.append(_("Weak sourcing"))
    note = "; ".join(cautions) if cautions else label("review_statuses", p.review.status)
    title = language.text(p.title)
    alt = f"{title}. " + " ".join(f"{name}: {value}." for name, value in facts) + f" {note}."
    return Card(
        path=card_path(page_url(precedent_path(p.id))),
        title=title,
        alt=f"{alt} {publication.site.name}.",
        kicker=f"{_('Precedent')} · {label('record_kinds', p.kind)}",
        facts=facts,
        note=note,
        warning=bool(cautions),
    )


def _page_card(page: str, section: str, title: str, publication: Publication, gettext=str) -> Card:
    """A page of the navigation's card; ``gettext``: the page's language (the navigation's
    titles and the site's description are catalogue strings, see i18n/extract.py)."""
    site = publication.site
    url = page_url(page)
    description = gettext(site.description) if site.description else ""
    if not url:  # the home page: what the site is
        return Card(card_path(url), description or site.name, f"{site.name}: {description}")
    title = gettext(title)
    return Card(
        path=card_path(url),
        title=title,
        alt=f"{title}. {site.name}: {description}",
        kicker=gettext(section) if section else section,
        description=description,
    )


def card_specs(collection: Collection, publication: Publication, language: Language | None = None) -> dict[str, Card]:
    """Page URL ("" for the home page, "precedents/<id>/", ...) -> its card, in the pages'
    ``language`` (the site's, by default: its labels through the language's catalogue,
    record text, vocabulary labels and country names in it where they are translated). A
    precedent page in the navigation keeps its precedent card."""
    language = language or Language(publication.site.language)
    cards = {}
    for page, section, title in publication.site.nav:
        cards[page_url(page)] = _page_card(page, section, title, publication, language._)
    if "" not in cards:
        cards[""] = _page_card("index.md", "", publication.site.name, publication, language._)
    for p in collection.precedents:
        cards[page_url(precedent_path(p.id))] = _precedent_card(p, collection, publication, language)
    return cards


def edition_cards(collection: Collection, editions) -> dict[str, Card]:
    """``card_specs`` of every edition (``pages.editions.Edition``), each under its folder:
    page URL "ru/precedents/<id>/" -> its card, drawn to "ru/cards/precedents/<id>.png"."""
    cards = {}
    for edition in editions:
        for url, card in card_specs(collection, edition.publication, edition.language).items():
            cards[edition.prefix + url] = replace(card, path=edition.prefix + card.path)
    return cards


def logo_paths(editions) -> list[str]:
    """The logo in each edition's folder: its pages' structured data name their own."""
    return [edition.prefix + LOGO_PATH for edition in editions]


# -- step 2: drawing ---------------------------------------------------------------------


def font_available() -> bool:
    return all((FONT_DIR / name).is_file() for name in FONTS.values())


class _Fonts:
    """DejaVu at each size used, loaded once per process (Pillow's basic layout)."""

    def __init__(self):
        self._loaded: dict = {}
        self._widths: dict = {}  # (font, word) -> pixels: the same words recur on every card
        self._masks: dict = {}  # (font, line, anchor) -> (its coverage, where it starts): see stamp()

    def stamp(self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], line: str, font, fill, anchor: str | None = None) -> None:
        """``draw.text`` for a line that recurs from card to card (the site's name, the
        labels, a state's name, a review status): its coverage (the glyphs' grey levels)
        is rendered once and laid on each card as ``draw.text`` lays it, the same pixels;
        about a third of a card's drawing time was rendering such lines again."""
        if xy[0] % 1 or xy[1] % 1 or "\n" in line:  # a fraction of a pixel, or several lines: as draw.text does
            draw.text(xy, line, font=font, fill=fill, anchor=anchor)
            return
        key = (font, line, anchor)
        found = self._masks.get(key)
        if found is None:
            if len(self._masks) >= MASKS_KEPT:
                self._masks.clear()
            left, top, right, bottom = (int(v) for v in font.getbbox(line, anchor=anchor))
            mask = Image.new("L", (max(right - left, 1), max(bottom - top, 1)), 0)
            ImageDraw.Draw(mask).text((-left, -top), line, font=font, fill=255, anchor=anchor)
            found = self._masks[key] = (mask, (left, top))
        mask, (left, top) = found
        draw.bitmap((xy[0] + left, xy[1] + top), mask, fill=fill)

    def width(self, font, word: str) -> float:
        key = (font, word)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = font.getlength(word)
        return found

    def __call__(self, style: str, size: int) -> ImageFont.FreeTypeFont:
        key = (style, size)
        if key not in self._loaded:
            if font_available():
                self._loaded[key] = ImageFont.truetype(str(FONT_DIR / FONTS[style]), size, layout_engine=ImageFont.Layout.BASIC)
            else:  # Pillow's own font: Latin only, but a card all the same (the build says so)
                self._loaded[key] = ImageFont.load_default(size)
        return self._loaded[key]


def _wrap(fonts: _Fonts, text: str, font, width: int, max_lines: int) -> list[str]:
    """Greedy lines of at most ``width`` pixels (a word longer than a line is cut); when
    there would be more than ``max_lines``, the last one ends in "…". A line is measured
    as its words and spaces (kerning between a word and a space is left out: 2 pixels
    of margin make up for it)."""
    width -= 2
    space = fonts.width(font, " ")
    lines: list[str] = []
    current, used = "", 0.0
    for word in text.split():
        w = fonts.width(font, word)
        if current and used + space + w <= width:
            current, used = f"{current} {word}", used + space + w
            continue
        if current:
            lines.append(current)
        current, used = word, w
        while used > width:  # an over-long word
            cut = len(current) - 1
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
            used = font.getlength(current)
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        return _ellipsis(lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])], font, width)
    return lines


def _ellipsis(lines: list[str], font, width: int) -> list[str]:
    """The last line cut after a whole word (a character, for one over-long word) so that
    it ends in "…" within ``width``."""
    words = lines[-1].split()
    while len(words) > 1 and font.getlength(" ".join(words).rstrip(" ,;:.") + "…") > width:
        words.pop()
    last = " ".join(words)
    while last and font.getlength(last.rstrip(" ,;:.") + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip(" ,;:.") + "…"
    return lines


def _fit(text: str, fonts: _Fonts, style: str, sizes: tuple[int, ...], width: int, max_lines: int):
    """The largest size at which ``text`` fits in ``max_lines``; at the smallest, "…"."""
    for size in sizes:
        font = fonts(style, size)
        lines = _wrap(fonts, text, font, width, max_lines + 1)
        if len(lines) <= max_lines:
            return font, size, lines
    font = fonts(style, sizes[-1])
    return font, sizes[-1], _wrap(fonts, text, font, width, max_lines)


def _band(draw: ImageDraw.ImageDraw, fonts: _Fonts, site_name: str) -> None:
    draw.rectangle((0, 0, WIDTH, BAND), fill=INDIGO)
    font = fonts("B", 38)
    fonts.stamp(draw, (MARGIN, BAND // 2), f"{SCALES}  {site_name}", font, WHITE, anchor="lm")


def _palette_image() -> Image.Image:
    image = Image.new("P", (1, 1))
    image.putpalette([value for colour in PALETTE for value in colour])
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.quantize(palette=_palette_image(), dither=Image.Dither.NONE).save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


def draw_card(card: Card, site_name: str, fonts: _Fonts) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    _band(draw, fonts, site_name)
    width = WIDTH - 2 * MARGIN
    y = BAND + 34
    if card.kicker:
        font = fonts("B", 30)
        kicker = _wrap(fonts, card.kicker.upper(), font, width, 1)[0]
        fonts.stamp(draw, (MARGIN, y), kicker, font, INDIGO)
        y += 46
    # The title: as large as fits in three lines (four at the smallest size, where the
    # card has room), never smaller than 42 pixels (14 when the card is shown 400 wide).
    font, size, lines = _fit(card.title, fonts, "B", (64, 58, 52, 46), width, 3)
    if lines[-1].endswith("…") and len(card.facts) <= 3:
        font, size, lines = _fit(card.title, fonts, "B", (42,), width, 4)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += round(size * 1.2)
    if card.description:
        y += 14
        font, size, lines = _fit(card.description, fonts, "", (34, 30), width, 4)
        for line in lines:
            draw.text((MARGIN, y), line, font=font, fill=GREY)
            y += round(size * 1.3)
    if card.facts:
        y += 14
        label_font, value_font = fonts("B", 32), fonts("", 32)
        # The labels' column: as wide as the longest label, at most a third of the card
        # (a longer label, in another language, ends in "…"; the values matter more).
        label_width = min(max(draw.textlength(f"{name}  ", font=label_font) for name, _ in card.facts), width // 3)
        value_width = int(width - label_width)
        # A value takes two lines where the card has room for every value to, else one.
        room = (HEIGHT - 40 - 28 - 20 - y) // 44
        values = [_wrap(fonts, value, value_font, value_width, 2) for _, value in card.facts]
        if sum(len(lines) for lines in values) > room:
            values = [_wrap(fonts, value, value_font, value_width, 1) for _, value in card.facts]
        for (name, _), lines in zip(card.facts, values, strict=True):
            fonts.stamp(draw, (MARGIN, y), _wrap(fonts, name, label_font, int(label_width) - 12, 1)[0], label_font, GREY)
            for line in lines:
                fonts.stamp(draw, (MARGIN + label_width, y), line, value_font, INK)
                y += 44
    if card.note:
        font = fonts("B" if card.warning else "", 28)
        note = _wrap(fonts, card.note, font, width, 1)[0]
        fonts.stamp(draw, (MARGIN, HEIGHT - 40), note, font, AMBER if card.warning else GREY, anchor="ls")
    return _png(image)


def draw_logo(fonts: _Fonts) -> bytes:
    """The site's mark for the JSON-LD's publisher: the scales, white on indigo."""
    image = Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), INDIGO)
    draw = ImageDraw.Draw(image)
    draw.text((LOGO_SIZE // 2, LOGO_SIZE // 2), SCALES, font=fonts("", 340), fill=WHITE, anchor="mm")
    return _png(image)


def _digest(*parts) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class Stopped(Exception):
    """``CardRun.finish`` was asked to stop."""


class CardRun:
    """The cards and the logo, with a cache (as ``pdf.PdfRun``): a card whose text, this
    generator, Pillow and the fonts are unchanged is read from ``cache_dir``; ``finish()``
    draws the rest, keeps each in the cache as it is made and returns ``{path: bytes}``.

    ``share=(n, of)``: only every ``of``-th card from the ``n``-th, so that the build's two
    processes can each draw a share (worker.py); only a run of the whole set prunes the
    cache to this build's cards by itself, else ``prune()`` does once both are done (a
    share pruning alone would take the other's cards for stale ones)."""

    def __init__(
        self,
        collection: Collection,
        publication: Publication,
        cache_dir: Path | None = None,
        share: tuple = (0, 1),
        editions=None,
    ):
        """``editions``: the cards of every language's pages (``edition_cards``); English alone by default."""
        self.site_name = publication.site.name
        editions = editions or [source_edition(publication)]
        self.cards = {card.path: card for card in edition_cards(collection, editions).values()}
        self.logos = logo_paths(editions)
        self.whole = share == (0, 1)
        self.mine = [*self.cards, *self.logos][share[0] :: share[1]]
        self.files: dict[str, bytes] = {}
        self.keys: dict[str, str] = {}
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fonts = [(FONT_DIR / name).read_bytes() for name in FONTS.values()] if font_available() else [b"default"]
            code = _digest(Path(__file__).read_bytes(), pillow_version, *fonts)
            self.keys = {path: _digest(code, self.site_name, card) for path, card in self.cards.items()}
            for logo in self.logos:
                self.keys[logo] = _digest(code, "logo")
            for path in self.mine:
                cached = self.cache_dir / f"{self.keys[path]}.png"
                if cached.is_file():
                    self.files[path] = cached.read_bytes()
        self.todo = [path for path in self.mine if path not in self.files]

    def finish(self, stop: threading.Event | None = None) -> dict[str, bytes]:
        fonts = _Fonts()
        for path in self.todo:
            if stop is not None and stop.is_set():
                raise Stopped("the build stopped the cards")
            data = draw_logo(fonts) if path in self.logos else draw_card(self.cards[path], self.site_name, fonts)
            self._keep(path, data)
        if self.whole:
            self.prune()
        return {path: self.files[path] for path in sorted(self.mine)}

    def prune(self) -> None:
        """Leave in the cache exactly this build's cards."""
        if self.cache_dir is not None:
            wanted = {f"{key}.png" for key in self.keys.values()}
            for stale in [*self.cache_dir.glob("*.png"), *self.cache_dir.glob("*.png.partial")]:
                if stale.name not in wanted:
                    stale.unlink()

    def _keep(self, path: str, data: bytes) -> None:
        self.files[path] = data
        if self.cache_dir is not None:
            target = self.cache_dir / f"{self.keys[path]}.png"
            partial = target.with_suffix(".png.partial")
            partial.write_bytes(data)
            os.replace(partial, target)


def card_files(
    collection: Collection, publication: Publication, cache_dir: Path | None = None, editions=None
) -> dict[str, bytes]:
    """Every card and the logo, drawn now (see ``CardRun`` for the cache)."""
    return CardRun(collection, publication, cache_dir, editions=editions).finish()
