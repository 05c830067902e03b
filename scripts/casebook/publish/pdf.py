"""A downloadable A4 PDF of each precedent, generated at build with reportlab.

Consumes: a ``Collection``, its ``Derived`` data and the ``Publication``.
Produces: ``{"precedents/<id>.pdf": bytes}``. Each PDF holds what the page holds for a
reader who prints it: title, status, summary, key facts, headnote, timeline,
instruments, proceedings (with official identifiers), outcome, grounds and patterns,
lessons, every source with its address written out, unconfirmed points, and the
citation with the permanent address and last-updated date.

Steps: (1) turn every precedent into a list of plain-text blocks; (2) cut the Unicode
font (DejaVu Sans from Debian's fonts-dejavu-core) down once to the characters all
those blocks use, without hinting; reportlab parses it once per process and embeds in
each document only the characters that document uses; (3) lay each document out
with a small greedy line breaker over cached word widths, then draw it (the layout
comes first so each footer can give the page count). Deterministic: the creation date
is the record's last-updated time, not the clock, and reportlab's invariant mode leaves
the clock and randomness out of the file. Speed: the build renders them in its second
process (worker.py), beside the site engine, and with a cache folder (the build's work
folder) a PDF whose inputs did not change is reused. reportlab with its compiled
helpers (rl_accel) writes a document about three times faster than fpdf2 did, which
spent most of its time cutting the font again in every document.

Without the DejaVu font the PDFs fall back to the built-in Helvetica, with characters
outside Latin-1 replaced; ``make build`` installs the font so that never happens in a
real build (``FONT_FALLBACK`` is set so the build can say so).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
import threading
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset as font_subset
from fontTools import ttLib
from reportlab import Version as reportlab_version
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..pages.dates import DateWords
from ..pages.derive import GROUND_STATUSES, Derived
from ..pages.editions import source_edition
from ..pages.i18n import ENGLISH, Language
from ..pages.publication import Publication
from ..pages.text import plain_text
from ..records.collection import Collection
from ..records.countries import country_name
from ..records.model import Precedent, Text

GENERATOR = "scripts/casebook/publish/pdf.py"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "casebook"

# Layout, in millimetres and points.
MARGIN = 18
BODY_SIZE = 9.5
LINE = 4.6  # body line height
INDENT = 6


@dataclass(frozen=True)
class Block:
    """One piece of a document: kind decides the typography."""

    kind: str  # title, meta, warning, heading, para, fact, item, small
    text: str
    label: str = ""  # fact label, or list marker
    link: str | None = None  # a URL the text links to


def _paragraphs(value: Text | str | None, language: str, untranslated: str = "") -> list[str]:
    """Prose as plain-text paragraphs (the Markdown subset removed, paragraph breaks kept);
    a text with no translation into ``language`` is the English, after ``untranslated``
    (a note in the language, where one is given)."""
    if value is None:
        return []
    source = value if isinstance(value, str) else value.get(language)
    paragraphs = [t for t in (plain_text(chunk) for chunk in source.split("\n\n")) if t]
    if untranslated and isinstance(value, Text) and not value.has(language) and paragraphs:
        paragraphs[0] = f"({untranslated}) {paragraphs[0]}"
    return paragraphs


# -- step 1: blocks -------------------------------------------------------------------


def _protection(x, label, dates: DateWords, country=country_name) -> str:
    details = ", ".join(v for v in ("UNHCR" if x.by == "UNHCR" else country(x.by) if x.by else "", dates.date(x.date)) if v)
    return label("protection_statuses", x.status) + (f" ({details})" if details else "")


def precedent_blocks(
    p: Precedent, collection: Collection, derived: Derived, publication: Publication, language: Language = ENGLISH
) -> list[Block]:
    _ = language._
    vocab = collection.vocabularies
    facts = derived.facts[p.id]
    citation = publication.citation(p, vocab, language)
    lang = language.code
    dates = language.dates
    country_name = language.country  # the page's language, not English
    untranslated = "" if language.is_source else _("not yet translated")

    def label(name: str, code: str) -> str:
        return vocab[name].label(code, lang)

    def forum(x) -> str:
        return label("forums", x.forum) + (f" ({country_name(x.state)})" if x.state else "")

    def instrument(i) -> str:
        return label("instrument_types", i.type) + ("" if i.type_certain else f" ({_('type unconfirmed')})")

    def prose(value) -> list[Block]:
        return [Block("para", t) for t in _paragraphs(value, lang, untranslated)]

    blocks = [
        Block("meta", f"{publication.site.name} · {_('precedent')} {p.id}"),
        Block("title", p.title.get(lang)),
        Block(
            "meta",
            " · ".join(
                (
                    label("record_kinds", p.kind),
                    label("review_statuses", p.review.status),
                    label("sourcing_strengths", p.sourcing.strength),
                )
            ),
        ),
    ]
    if p.review.status == "draft":
        blocks.append(
            Block(
                "warning",
                _(
                    "Draft, pending legal review. This record was written from the sources listed below and has not yet "
                    "been reviewed by a lawyer. Check the sources before relying on it."
                ),
            )
        )
    if p.sourcing.strength == "weak":
        blocks.append(Block("warning", _("Weak sourcing. This account rests on a single secondary or partisan source.")))
    blocks += prose(p.summary)

    blocks.append(Block("heading", _("Key facts")))
    detained = {"yes": _("Yes"), "no": _("No"), "unknown": _("Not known")}
    key_facts = [
        (_("Requesting state"), ", ".join(country_name(c) for c in p.requesting_states) or _("not disclosed")),
        (_("Host state"), ", ".join(country_name(c) for c in p.host_states) or _("not disclosed")),
        (
            _("Person"),
            _("{status} at home").format(status=label("procedural_statuses", p.person.status_at_home))
            + "; "
            + ", ".join(label("profiles", c) for c in p.person.profiles),
        ),
        (_("Instruments"), "; ".join(f"{instrument(i)}: {label('instrument_fates', i.fate)}" for i in p.instruments)),
    ]
    if p.proceedings:
        key_facts.append((_("Forums"), "; ".join(f"{forum(x)}: {label('outcomes', x.outcome)}" for x in p.proceedings)))
    key_facts.append((_("Outcome"), ", ".join(label("outcomes", o) for o in p.outcomes)))
    if p.person.protection:
        key_facts.append(
            (_("Protection status"), "; ".join(_protection(x, label, dates, country_name) for x in p.person.protection))
        )
    if p.detention:
        total = dates.detention(facts.detention)
        key_facts.append((_("Detained"), detained[p.detention.detained] + (f": {total}" if total else "")))
    if p.onward_moves:
        key_facts.append(
            (
                _("Afterwards"),
                "; ".join(
                    f"{label('onward_moves', m.kind)}: {country_name(m.state)}" + (f" ({dates.date(m.date)})" if m.date else "")
                    for m in p.onward_moves
                ),
            )
        )
    if facts.years:
        key_facts.append((_("Years"), facts.years))
    blocks += [Block("fact", value, label=name) for name, value in key_facts]

    blocks.append(Block("heading", _("Headnote")))
    blocks += prose(p.headnote)
    if p.person.name or p.person.description:
        blocks.append(Block("heading", _("The person")))
        if p.person.name:
            blocks.append(Block("para", p.person.name))
        blocks += prose(p.person.description)
    blocks += prose(p.states_note)

    blocks.append(Block("heading", _("Timeline")))
    for e in p.timeline:
        if e.date:
            qualifier = {"about": _("about"), "before": _("before"), "after": _("after")}.get(e.date_qualifier)
            when = (qualifier + " " if qualifier else "") + dates.date(e.date)
        else:
            when = plain_text(e.when.get(lang)) if e.when else _("date not given")
        blocks.append(Block("fact", plain_text(e.event.get(lang)), label=when))

    blocks.append(Block("heading", _("Instruments")))
    for n, i in enumerate(p.instruments, 1):
        blocks.append(Block("item", f"{label('instrument_types', i.type)}: {label('instrument_fates', i.fate)}", label=f"{n}."))
        details = []
        if i.type_note:
            details.append(
                (_("Type"), (_("Unconfirmed.") + " " if not i.type_certain else "") + plain_text(i.type_note.get(lang)))
            )
        if i.issued_by:
            details.append((_("Issued by"), str(i.issued_by)))
        if i.issued:
            details.append((_("Issued"), dates.date(i.issued)))
        if i.claimed:
            details.append((_("What it claimed"), plain_text(i.claimed.get(lang))))
        fate = label("instrument_fates", i.fate) + (f" ({dates.date(i.fate_date)})" if i.fate_date else "")
        details.append((_("What became of it"), fate))
        if i.note:
            details.append((_("Note"), plain_text(i.note.get(lang))))
        blocks += [Block("fact", v, label=k) for k, v in details]

    if p.proceedings:
        blocks.append(Block("heading", _("Proceedings")))
        for n, x in enumerate(p.proceedings, 1):
            blocks.append(Block("item", f"{forum(x)}: {label('proceeding_kinds', x.kind)}", label=f"{n}."))
            details = []
            if x.body:
                details.append((_("Body"), str(x.body)))
            if x.filed:
                details.append((_("Filed"), dates.date(x.filed)))
            if x.decided:
                details.append((_("Decided"), dates.date(x.decided)))
            details.append((_("Outcome"), label("outcomes", x.outcome)))
            for m in x.measures:
                term = ", " + _("for {term}").format(term=dates.duration(m.term)) if m.term else ""
                ordered = f" ({dates.date(m.ordered)})" if m.ordered else ""
                details.append((_("Measure ordered"), f"{label('measures', m.kind)}{term}{ordered}"))
            for status in GROUND_STATUSES:
                codes = x.grounds_with(status)
                if codes:
                    details.append((label("ground_statuses", status), "; ".join(label("legal_grounds", g) for g in codes)))
            if x.identifiers:
                details.append(
                    (_("Identifiers"), "; ".join(f"{label('identifier_schemes', i.scheme)} {i.value}" for i in x.identifiers))
                )
            blocks += [Block("fact", v, label=k) for k, v in details]
            blocks += [Block("para", t) for t in _paragraphs(x.description, lang)]

    blocks.append(Block("heading", _("Outcome")))
    blocks += prose(p.outcome_summary)
    if p.detention:
        for n, x in enumerate(p.detention.periods, 1):
            where = ", ".join(
                v for v in (x.place.get(lang) if x.place else None, country_name(x.state) if x.state else None) if v
            )
            when = dates.span(x.start, x.end) or _("dates not given")
            length = f" ({dates.duration(x.duration)})" if x.duration else ""
            text = f"{when}{length}: {label('detention_bases', x.basis)}" + (f", {where}" if where else "")
            blocks.append(Block("fact", text, label=_("Detention {n}").format(n=n)))
        blocks += [Block("para", _("Detention") + ": " + t) for t in _paragraphs(p.detention.note, lang)]
    if facts.grounds:
        blocks.append(Block("heading", _("Legal grounds")))
        blocks += [
            Block(
                "item",
                f"{label('legal_grounds', c)}"
                + ("" if status == "relied-on" else f" ({label('ground_statuses', status).lower()})")
                + f": {vocab['legal_grounds'].term(c).explanation}",
                label="•",
            )
            for c, status in facts.grounds
        ]
    if p.misuse_patterns:
        blocks.append(Block("heading", _("Misuse patterns")))
        blocks += [
            Block("item", f"{label('misuse_patterns', c)}: {vocab['misuse_patterns'].term(c).explanation}", label="•")
            for c in p.misuse_patterns
        ]
    if p.lessons:
        blocks.append(Block("heading", _("Lessons")))
        blocks += [Block("item", plain_text(lesson.text.get(lang)), label=f"{n}.") for n, lesson in enumerate(p.lessons, 1)]

    blocks.append(Block("heading", _("Sources")))
    for n, s in enumerate(p.sources, 1):
        parts = [label("source_kinds", s.kind) + ((", " + _("partisan")) if s.partisan else "") + ":", s.title]
        described = ", ".join(x for x in (s.author, s.publisher, dates.date(s.date) if s.date else None) if x)
        text = " ".join(parts) + (f", {described}" if described else "") + (f" ({s.date_note})" if s.date_note else "") + "."
        if s.citation:
            text += f" {s.citation}"
        blocks.append(Block("item", text, label=f"{n}."))
        if s.url:
            blocks.append(Block("small", s.url, link=s.url))
    blocks += [Block("para", t) for t in _paragraphs(p.sourcing.note, lang)]

    if p.unconfirmed:
        blocks.append(Block("heading", _("Unconfirmed points")))
        blocks += [Block("item", plain_text(u.get(lang)), label="•") for u in p.unconfirmed]

    blocks.append(Block("heading", _("Cite this precedent")))
    blocks.append(Block("para", citation.text, link=citation.permalink))
    for identifier in citation.identifiers:
        blocks.append(Block("fact", f"{identifier.value} ({identifier.forum})", label=identifier.label))
    review = label("review_statuses", p.review.status) + (f" ({dates.date(p.review.date)})" if p.review.date else "")
    blocks.append(Block("fact", review, label=_("Review")))
    blocks.append(
        Block(
            "small",
            _(
                "Generated by {generator} from {record}. Casebook explains past cases and where their facts come from. "
                "It is not legal advice."
            ).format(generator=GENERATOR, record=f"precedents/{p.id}.yml"),
        )
    )
    return blocks


# -- step 2: fonts ----------------------------------------------------------------------


def font_available() -> bool:
    return all((FONT_DIR / name).is_file() for name in FONT_FILES.values())


def subset_fonts(characters: set[str], folder: Path) -> dict[str, Path]:
    """DejaVu cut down to ``characters`` (plus what the layout adds), written into ``folder``.

    Without hinting: PDF viewers scale outlines themselves, and each document's embedded
    font is less than half the size (the seed precedent's PDF is 26 KB instead of 52 KB).
    """
    unicodes = sorted({ord(c) for c in characters | set("0123456789 .,:;()–-•·/{}ofpagenb")})
    paths = {}
    for style, name in FONT_FILES.items():
        font = ttLib.TTFont(FONT_DIR / name, recalcTimestamp=False)
        options = font_subset.Options(notdef_outline=True, recommended_glyphs=True, layout_features=[], hinting=False)
        options.drop_tables += ["FFTM"]  # FontForge's timestamp table: not needed, and fontTools cannot subset it
        subsetter = font_subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        # reportlab knows a font by its PostScript name and by the name it is registered
        # under (the file's, _font_names): a second cut in the same process (a test run,
        # casebook serve) named like the first would be given the first one.
        cut = hashlib.sha256(repr(unicodes).encode()).hexdigest()[:12]
        for record in font["name"].names:
            if record.nameID == 6:
                record.string = f"{record.toUnicode()}-Casebook-{cut}"
        paths[style] = folder / f"{FAMILY}-{style or 'R'}-{cut}.ttf"
        font.save(paths[style])
    return paths


def _font_names(fonts: dict[str, Path] | None) -> dict[str, str]:
    """reportlab's names for the document's fonts: DejaVu, or the built-in Helvetica.

    reportlab keeps registered fonts in one registry per process, so each worker parses
    the fonts once and every document after that only cuts out the characters it uses.
    """
    if fonts is None:
        return {"": "Helvetica", "B": "Helvetica-Bold"}
    names = {}
    for style, path in fonts.items():
        name = Path(path).stem  # names the characters of the cut (subset_fonts)
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        names[style] = name
    return names


_TYPOGRAPHY = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "•": "-", "…": "...", "·": "-"})


def latin1(text: str) -> str:
    """Text the built-in PDF fonts can show (the fallback when DejaVu is missing)."""
    text = unicodedata.normalize("NFC", text.translate(_TYPOGRAPHY))
    return text.encode("latin-1", "replace").decode("latin-1")


# -- step 3: layout -----------------------------------------------------------------------

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
PT = 72 / 25.4  # points per millimetre


class PrecedentPDF:
    """The layout of one document: what goes where on which page, in millimetres from the
    top left. Laid out first and drawn after, so the footer can say "page 2 of 3"."""

    def __init__(self, fonts: dict[str, Path] | None):
        self.fonts = _font_names(fonts)
        self.unicode_font = fonts is not None
        self.w, self.h = PAGE_W, PAGE_H
        self.pages: list[list[tuple]] = [[]]
        self.y = MARGIN
        self.font = (self.fonts[""], BODY_SIZE)
        self.grey = 0
        self.stroke = ((0, 0, 0), 0.2)
        self.widths: dict = {}

    @property
    def page(self) -> int:
        return len(self.pages)

    def add_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN

    def clean(self, text: str) -> str:
        return text if self.unicode_font else latin1(text)

    def use(self, style: str, size: float) -> None:
        self.font = (self.fonts[style], size)

    def set_text_color(self, grey: int) -> None:
        self.grey = grey

    def set_draw_color(self, r: int, g: int, b: int) -> None:
        self.stroke = ((r, g, b), self.stroke[1])

    def set_line_width(self, width: float) -> None:
        self.stroke = (self.stroke[0], width)

    def width(self, word: str) -> float:
        """Width in mm of ``word`` in the current font (cached: the same words recur)."""
        key = (self.font, word)
        found = self.widths.get(key)
        if found is None:
            found = self.widths[key] = pdfmetrics.stringWidth(word, *self.font) / PT
        return found

    def text(self, x: float, baseline: float, text: str) -> None:
        self.pages[-1].append(("text", x, baseline, text, self.font, self.grey))

    def link(self, x: float, top: float, width: float, height: float, url: str) -> None:
        self.pages[-1].append(("link", x, top, width, height, url))

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pages[-1].append(("line", x1, y1, x2, y2, self.stroke))

    def draw(self, canvas: Canvas, footer_text: str, page_words: str = "page {number} of {total}") -> None:
        """Every page onto ``canvas``, each with its footer (``page_words``: in the document's language)."""
        total = len(self.pages)
        for number, ops in enumerate(self.pages, 1):
            footer = (
                "text",
                MARGIN,
                PAGE_H - 10.4,
                self.clean(f"{footer_text} · " + page_words.format(number=number, total=total)),
                (self.fonts[""], 7.5),
                110,
            )
            font = grey = None  # each page starts from reportlab's defaults
            for op in (*ops, footer):
                if op[0] == "text":
                    _, x, baseline, text, op_font, op_grey = op
                    if op_font != font:
                        canvas.setFont(*op_font)
                        font = op_font
                    if op_grey != grey:
                        canvas.setFillGray(op_grey / 255)
                        grey = op_grey
                    canvas.drawString(x * PT, (PAGE_H - baseline) * PT, text)
                elif op[0] == "link":
                    _, x, top, width, height, url = op
                    rect = (x * PT, (PAGE_H - top - height) * PT, (x + width) * PT, (PAGE_H - top) * PT)
                    canvas.linkURL(_ascii_uri(url), rect, relative=0, thickness=0)
                else:
                    _, x1, y1, x2, y2, ((r, g, b), width) = op
                    canvas.setStrokeColorRGB(r / 255, g / 255, b / 255)
                    canvas.setLineWidth(width * PT)
                    canvas.line(x1 * PT, (PAGE_H - y1) * PT, x2 * PT, (PAGE_H - y2) * PT)
            canvas.showPage()


def _ascii_uri(url: str) -> str:
    """A PDF link is an ASCII string (PDF 1.7, 12.6.4.7): other characters percent-encoded,
    as browsers send them, so that reportlab does not write the address in UTF-16."""
    return urllib.parse.quote(url, safe="".join(chr(c) for c in range(33, 127) if chr(c) not in '"<>\\^`{|}'))


def _lines(pdf: PrecedentPDF, text: str, width: float) -> list[str]:
    """Greedy line breaking on spaces; a word longer than the line (an address) is cut."""
    space = pdf.width(" ")
    lines, current, used = [], [], 0.0
    for word in text.split():
        w = pdf.width(word)
        while w > width:  # cut an over-long word where it overflows
            if current:
                lines.append(" ".join(current))
                current, used = [], 0.0
            cut = len(word)
            while cut > 1 and pdf.width(word[:cut]) > width:
                cut = max(1, int(cut * width / pdf.width(word[:cut])) if cut > 8 else cut - 1)
            lines.append(word[:cut])
            word = word[cut:]
            w = pdf.width(word)
        if current and used + space + w > width:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            used += (space if current else 0) + w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def _write(pdf: PrecedentPDF, x: float, text: str, width: float, line: float, link: str | None = None) -> None:
    bottom = pdf.h - MARGIN - 4
    for row in _lines(pdf, text, width):
        if pdf.y + line > bottom:
            pdf.add_page()
        pdf.text(x, pdf.y + line * 0.75, row)
        if link:
            pdf.link(x, pdf.y, pdf.width(row), line, link)
        pdf.y += line


def _room(pdf: PrecedentPDF, needed: float) -> None:
    """Start a new page unless ``needed`` millimetres fit (keeps a heading with its text)."""
    if pdf.y + needed > pdf.h - MARGIN - 4:
        pdf.add_page()


def render_pdf(
    blocks: list[Block],
    title: str,
    footer_text: str,
    created: dt.datetime,
    language: str,
    fonts: dict | None,
    page_words: str = "page {number} of {total}",
) -> bytes:
    """``language``: the document's (the PDF's /Lang, so a screen reader reads it in it)."""
    pdf = PrecedentPDF(fonts)
    width = pdf.w - 2 * MARGIN
    label_width = 38
    for block in blocks:
        text = pdf.clean(block.text)
        if block.kind == "title":
            pdf.use("B", 15)
            _write(pdf, MARGIN, text, width, 6.8)
            pdf.y += 1.5
        elif block.kind == "meta":
            pdf.use("", 8)
            pdf.set_text_color(90)
            _write(pdf, MARGIN, text, width, 4)
            pdf.set_text_color(0)
            pdf.y += 1.5
        elif block.kind == "warning":
            pdf.use("B", BODY_SIZE)
            _room(pdf, 3 * LINE)
            top = pdf.y
            pdf.y += 1.5
            _write(pdf, MARGIN + 3, text, width - 6, LINE)
            pdf.set_draw_color(200, 120, 0)
            pdf.set_line_width(0.6)
            pdf.line(MARGIN, top, MARGIN, pdf.y + 1)
            pdf.y += 3
        elif block.kind == "heading":
            pdf.use("B", 11.5)
            _room(pdf, 7 + 3 * LINE)
            pdf.y += 2.5
            _write(pdf, MARGIN, text, width, 6)
            pdf.y += 0.8
        elif block.kind == "para":
            pdf.use("", BODY_SIZE)
            _write(pdf, MARGIN, text, width, LINE, block.link)
            pdf.y += 1.6
        elif block.kind == "fact":
            pdf.use("", BODY_SIZE)
            value_lines = _lines(pdf, text, width - label_width)
            _room(pdf, min(len(value_lines), 4) * LINE)
            top, page = pdf.y, pdf.page
            pdf.use("B", BODY_SIZE)
            _write(pdf, MARGIN, pdf.clean(block.label), label_width - 3, LINE)
            label_bottom, pdf.y = pdf.y, top
            pdf.use("", BODY_SIZE)
            _write(pdf, MARGIN + label_width, text, width - label_width, LINE)
            if pdf.page == page:  # the value may have run onto a new page; the label never does
                pdf.y = max(pdf.y, label_bottom)
            pdf.y += 0.6
        elif block.kind == "item":
            pdf.use("", BODY_SIZE)
            _room(pdf, 2 * LINE)
            pdf.text(MARGIN, pdf.y + LINE * 0.75, pdf.clean(block.label))
            _write(pdf, MARGIN + INDENT, text, width - INDENT, LINE)
            pdf.y += 0.8
        elif block.kind == "small":
            pdf.use("", 7.5)
            pdf.set_text_color(60)
            _write(pdf, MARGIN + INDENT, text, width - INDENT, 3.6, block.link)
            pdf.set_text_color(0)
            pdf.y += 1
    out = io.BytesIO()
    # invariant: no clock and no random file id, so identical inputs give identical bytes
    canvas = Canvas(out, pagesize=(PAGE_W * PT, PAGE_H * PT), invariant=1, pageCompression=1, lang=language)
    stamp = created.strftime("D:%Y%m%d%H%M%S+00'00'")
    canvas.setDateFormatter(lambda *_: stamp)  # the record's last-updated time, not reportlab's fixed one
    canvas.setTitle(pdf.clean(title))
    canvas.setSubject(pdf.clean(footer_text))  # the site and the page's address
    canvas.setAuthor("Casebook")
    canvas.setCreator("Casebook")
    canvas.setProducer("Casebook (reportlab)")
    pdf.draw(canvas, footer_text, page_words)
    canvas.save()
    return out.getvalue()


def _created(timestamp: str) -> dt.datetime:
    return dt.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def _digest(*parts) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class Stopped(Exception):
    """``PdfRun.finish`` was asked to stop."""


class PdfRun:
    """Every precedent's PDF, with a cache.

    ``PdfRun(...)`` decides which PDFs the cache already holds (with ``cache_dir``, a PDF
    whose inputs, its text, the font cut and this generator's code, are unchanged is
    reused, so a rebuild after editing one record writes one PDF). ``finish()`` renders
    the rest, putting each in the cache as soon as it is written (a build stopped half
    way keeps what it rendered), prunes the cache to exactly this build's PDFs and
    returns ``{path: bytes}``. The build runs it in its second process (worker.py),
    beside the site engine.
    """

    def __init__(
        self, collection: Collection, derived: Derived, publication: Publication, cache_dir: Path | None = None, editions=None
    ):
        """``editions`` (``pages.editions.Edition``s): a PDF per precedent in each language,
        under the edition's folder (``ru/precedents/<id>.pdf``); English alone by default."""
        editions = editions or [source_edition(publication)]
        documents = {
            (edition.prefix, p.id): precedent_blocks(p, collection, derived, edition.publication, edition.language)
            for edition in editions
            for p in collection.precedents
        }
        self._fonts_folder = tempfile.TemporaryDirectory(prefix="casebook-fonts-")
        fonts = None
        if font_available() and documents:
            characters = {c for blocks in documents.values() for b in blocks for c in b.text + b.label}
            characters |= {c for p in collection.precedents for _, t in p.title.versions for c in t + publication.site.name}
            fonts = subset_fonts(characters, Path(self._fonts_folder.name))
        self.jobs: dict[str, tuple] = {}
        for edition in editions:
            where = edition.publication
            for p in collection.precedents:
                footer = f"{where.site.name} · {where.permalink(p.id) or edition.prefix + where.page_path(p.id)}"
                created = _created(publication.updated_timestamp(p, derived.facts[p.id].sort_date))
                blocks = documents[(edition.prefix, p.id)]
                title = p.title.get(edition.code)
                page_words = edition.language._("page {number} of {total}")
                job = (blocks, title, footer, created, edition.code, fonts, page_words)
                self.jobs[f"{edition.prefix}precedents/{p.id}.pdf"] = job
        self.files: dict[str, bytes] = {}
        self.keys: dict[str, str] = {}
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            font_bytes = [path.read_bytes() for path in fonts.values()] if fonts else [b"helvetica"]
            code = _digest(Path(__file__).read_bytes(), reportlab_version, *font_bytes)
            self.keys = {path: _digest(code, job[:5], job[6]) for path, job in self.jobs.items()}
            for path, key in self.keys.items():
                cached = self.cache_dir / f"{key}.pdf"
                if cached.is_file():
                    self.files[path] = cached.read_bytes()
        self.todo = [path for path in self.jobs if path not in self.files]

    def finish(self, stop: threading.Event | None = None) -> dict[str, bytes]:
        """``stop``: set by another thread to end the work early (a failed build)."""
        try:
            for path in self.todo:
                if stop is not None and stop.is_set():
                    raise Stopped("the build stopped the PDFs")
                self._keep(path, render_pdf(*self.jobs[path]))
        finally:
            self.close()
        if self.cache_dir is not None:
            wanted = {f"{key}.pdf" for key in self.keys.values()}
            for stale in [*self.cache_dir.glob("*.pdf"), *self.cache_dir.glob("*.pdf.partial")]:
                if stale.name not in wanted:
                    stale.unlink()
        return {path: self.files[path] for path in self.jobs}

    def _keep(self, path: str, data: bytes) -> None:
        self.files[path] = data
        if self.cache_dir is not None:
            # Whole or not at all: a build stopped while writing must not leave a cut-off
            # PDF under a name the next build would reuse.
            target = self.cache_dir / f"{self.keys[path]}.pdf"
            partial = target.with_suffix(".pdf.partial")
            partial.write_bytes(data)
            os.replace(partial, target)

    def close(self) -> None:
        """Drop the cut fonts."""
        self._fonts_folder.cleanup()


def pdf_files(
    collection: Collection, derived: Derived, publication: Publication, cache_dir: Path | None = None, editions=None
) -> dict[str, bytes]:
    """Every precedent's PDF, rendered now (see ``PdfRun`` for the cache)."""
    return PdfRun(collection, derived, publication, cache_dir, editions).finish()
