"""Render the knowledge base: notice types compared, instrument, guide and pattern pages,
the glossary and its tooltips.

Consumes: the ``Renderer`` of ``render.py`` (its collection, with ``Reference`` data
from ``reference.py``; its derived data; its Jinja2 environment and language).
Produces: ``{relative path: Markdown}`` for
- ``reference/notice-types.md``: every instrument in one table, a source footnote in
  every cell;
- ``reference/<comparison>.md``: side-by-side pages such as Blue Notice vs diffusion;
- ``instruments/<code>.md``: one page per instrument code, its reference entries (if
  any) and the precedents in which it appears. It replaces ``browse/instrument/<code>``
  so that there is one list per instrument;
- ``patterns/<code>.md`` and ``guides/<code>.md``: a hand-written body (see
  ``reference.py``) wrapped with its title, its footnotes and the generated list of
  precedents (for guides: the lessons that illustrate it); ``guides/index.md``;
- ``reference/glossary.md`` (the tooltips on glossary words in every page are added
  after the engine: see ``glossary.py``).

Statements become Markdown here, in Python, because a table cell must be one escaped
line: text, then its footnote references (``[^S7]``), then a visible marker for what is
contested or unconfirmed. Templates only lay the pieces out. Every page defines the
footnotes it cites, once each, from ``sources.yml``.
"""

from __future__ import annotations

from babel.lists import format_list

from ..records.model import Text
from ..records.reference import SOURCE_FILES, Answer, Body, NoticeType, Rule, Statement, body_source
from .i18n.markers import N_
from .i18n.notes import translated_page_body
from .site_paths import (
    GLOSSARY_PAGE,
    GUIDES_INDEX,
    NOTICE_TYPES_PAGE,
    comparison_path,
    guide_path,
    instrument_path,
    pattern_path,
    precedent_path,
    relative,
)
from .text import escape, md_escape

# The columns of the notice-types table: (heading, function giving the cell).
TABLE_COLUMNS = (
    (N_("Purpose"), "purpose"),
    (N_("Who asks, who sends it out"), "circulation"),
    (N_("Reviewed before it circulates?"), "prior_review"),
    (N_("Can it lead to arrest?"), "arrest"),
    (N_("Public or restricted?"), "visibility"),
    (N_("Governing rules"), "rules"),
)

# Aspects of a comparison (rows) and of an instrument page (sections): key -> question.
ASPECTS = {
    "purpose": N_("What is it for?"),
    "requested_by": N_("Who may ask for it?"),
    "circulated_by": N_("Who sends it out, and how?"),
    "prior_review": N_("Is it checked before it circulates?"),
    "arrest": N_("Legal weight: can it lead to arrest?"),
    "reaches_borders": N_("How fast does it reach other countries' border systems?"),
    "visibility": N_("Who can see it?"),
    "rules": N_("Which rules govern it?"),
    "misuse": N_("How has it been misused?"),
    "remedies": N_("What can be done about it?"),
    "history": N_("Where does it come from?"),
    "status": N_("Is it still in use?"),
}
INSTRUMENT_PAGE_ASPECTS = (
    "purpose",
    "requested_by",
    "circulated_by",
    "prior_review",
    "arrest",
    "reaches_borders",
    "visibility",
    "rules",
    "misuse",
    "remedies",
    "history",
    "status",
)
ANSWER_LABELS = {"yes": N_("Yes"), "no": N_("No")}
TO_BE_CHECKED = N_("to be checked against the official text")


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def md(text: str) -> str:
    return md_escape(one_line(text))


class Citations:
    """The footnotes of one page: each source once, in order of first citation."""

    def __init__(self, sources: dict):
        self.sources = sources
        self.cited: dict = {}

    def __call__(self, ids) -> str:
        for source_id in ids:
            self.cited.setdefault(source_id, None)
        return "".join(f"[^{source_id}]" for source_id in ids)

    def add(self, ids) -> None:
        self(ids)

    def definitions(self) -> list[dict]:
        return [
            {"id": i, "title": md(self.sources[i].title), "url": self.sources[i].url}
            for i in self.cited  # ids were checked against sources.yml
        ]


class ReferencePages:
    def __init__(self, renderer):
        self.r = renderer
        self.collection = renderer.collection
        self.reference = renderer.collection.reference
        self.derived = renderer.derived
        self._ = renderer._

    def md(self, value) -> str:
        """A text (in the page's language) or a string, escaped for one Markdown line."""
        return md(self.r.text(value) if isinstance(value, Text) else value)

    # -- inline pieces (one Markdown line each) --------------------------------------

    def flag(self, kind: str, text: str) -> str:
        return f'<span class="cb-flag cb-flag--{kind}">{escape(self._(text))}</span>'

    def open_point(self, clause: Text | str | None) -> str:
        if not clause:
            return ""
        clause = one_line(self.r.text(clause) if isinstance(clause, Text) else clause)
        end = "" if clause.endswith((".", "?", "!")) else "."
        return f" {self.flag('unconfirmed', N_('Unconfirmed'))} {md_escape(clause)}{end}"

    def disputed_point(self, clause: Text | str | None) -> str:
        if not clause:
            return ""
        clause = one_line(self.r.text(clause) if isinstance(clause, Text) else clause)
        end = "" if clause.endswith((".", "?", "!")) else "."
        return f" {self.flag('contested', N_('Contested'))} {md_escape(clause)}{end}"

    def statement(self, s: Statement, cite: Citations) -> str:
        return self.md(s.text) + cite(s.sources) + self.open_point(s.unconfirmed)

    def answer(self, a: Answer, cite: Citations, separator: str = "<br>") -> str:
        if a.contested:
            positions = [f"**{self.md(p.holder)}:** {self.md(p.text)}{cite(p.sources)}" for p in a.positions]
            return self.flag("contested", N_("Contested")) + separator + separator.join(positions)
        badge = self.flag(a.answer, ANSWER_LABELS[a.answer]) + " " if a.answer in ANSWER_LABELS else ""
        return badge + self.md(a.text or "") + cite(a.sources) + self.open_point(a.unconfirmed)

    def rule(self, rule: Rule, cite: Citations) -> str:
        document = self.md(rule.document)
        if rule.articles:
            plural = any(mark in rule.articles for mark in ("–", "-", ","))
            where = f"{document} {'Arts' if plural else 'Art'} {self.md(rule.articles)}"
        else:
            where = document
        text = f"{where}: {self.md(rule.subject)}{cite(rule.sources)}"
        if not rule.confirmed:
            if not rule.articles:
                text += f" {self.flag('unconfirmed', N_('article not identified'))}"
            text += f" {self.flag('check', TO_BE_CHECKED)}"
        return text

    def aspect(self, entry: NoticeType, key: str, cite: Citations, separator: str = "<br>") -> list[str]:
        """The pieces of one aspect of an entry; several pieces become list items or lines."""
        if key in ("prior_review", "arrest", "reaches_borders"):
            value = getattr(entry, key)
            if value is None:
                return []
            if value.contested and separator == "\n":
                return [f"**{self.md(p.holder)}:** {self.md(p.text)}{cite(p.sources)}" for p in value.positions]
            return [self.answer(value, cite, separator)]
        if key == "circulation":
            return [self.statement(entry.requested_by, cite), self.statement(entry.circulated_by, cite)]
        if key == "rules":
            return [self.rule(r, cite) for r in entry.rules]
        if key in ("misuse", "remedies"):
            return [self.statement(s, cite) for s in getattr(entry, key)]
        value = getattr(entry, key)
        return [self.statement(value, cite)] if value is not None else []

    def cell(self, entry: NoticeType, key: str, cite: Citations, label: str) -> str:
        """One table cell. It starts with its column's label, hidden while the table is a
        table and shown when narrow screens stack each row into a card (casebook.css)."""
        text = "<br>".join(self.aspect(entry, key, cite)) or self.md(self._("Not reported in the sources."))
        return f'<span class="cb-cell-label" data-pagefind-ignore>{label}</span> {text}'

    # -- pages -------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        files: dict[str, str] = {NOTICE_TYPES_PAGE: self.notice_types_page()}
        for comparison in self.reference.comparisons:
            files[comparison_path(comparison.id)] = self.comparison_page(comparison)
        for term in self.collection.vocabularies["instrument_types"].terms:
            files[instrument_path(term.code)] = self.instrument_page(term)
        for term in self.collection.vocabularies["misuse_patterns"].terms:
            files[pattern_path(term.code)] = self.pattern_page(term)
        files[GUIDES_INDEX] = self.guides_index()
        for term in self.collection.vocabularies["recommendations"].terms:
            files[guide_path(term.code)] = self.guide_page(term)
        files[GLOSSARY_PAGE] = self.glossary_page()
        return files

    def entry_link(self, page: str, entry: NoticeType) -> str:
        several = len(self.reference.entries_for(entry.instrument)) > 1
        anchor = f"#{entry.id}" if several else ""
        return relative(page, instrument_path(entry.instrument) + anchor)

    def notice_types_page(self) -> str:
        page = NOTICE_TYPES_PAGE
        cite = Citations(self.reference.sources)
        rows = [
            {
                "name": self.md(e.name),
                "link": self.entry_link(page, e),
                "cells": [self.cell(e, key, cite, self.md(self._(heading))) for heading, key in TABLE_COLUMNS],
            }
            for e in self.reference.notice_types
        ]
        notes = [self.statement(s, cite) for s in self.reference.notes]
        figures = [self.statement(s, cite) for s in self.reference.figures]
        described = {e.instrument for e in self.reference.notice_types}
        others = [
            {"label": t.label, "link": relative(page, instrument_path(t.code)), "explanation": t.explanation}
            for t in self.collection.vocabularies["instrument_types"].terms
            if t.code not in described
        ]
        comparisons = [
            {"title": self.r.text(c.title), "link": relative(page, comparison_path(c.id))} for c in self.reference.comparisons
        ]
        return self.r.render(
            "notice-types.md.j2",
            source=SOURCE_FILES["notice-types"],
            headings=[self._(h) for h, _ in TABLE_COLUMNS],
            rows=rows,
            notes=notes,
            figures=figures,
            others=others,
            comparisons=comparisons,
            footnotes=cite.definitions(),
        )

    def comparison_page(self, comparison) -> str:
        page = comparison_path(comparison.id)
        cite = Citations(self.reference.sources)
        entries = [self.reference.entry(i) for i in comparison.entries]
        intro = [self.statement(s, cite) for s in comparison.intro]
        rows = [
            {
                "question": self.md(self._(ASPECTS[key])),
                "cells": [self.cell(e, key, cite, f"[{self.md(e.name)}]({self.entry_link(page, e)})") for e in entries],
            }
            for key in comparison.aspects
        ]
        instruments = tuple(dict.fromkeys(e.instrument for e in entries))
        both = self.derived.with_all("instrument", instruments) if len(instruments) > 1 else ()
        return self.r.render(
            "comparison.md.j2",
            source=SOURCE_FILES["notice-types"],
            comparison=comparison,
            title=self.md(comparison.title),
            intro=intro,
            columns=[{"name": self.md(e.name), "link": self.entry_link(page, e)} for e in entries],
            rows=rows,
            precedents=[self.r.row(self.collection.by_id(i), page) for i in both],
            # "A and B" in the page's language (CLDR's list patterns)
            instrument_labels=format_list([self.r.label("instrument_types", c) for c in instruments], locale=self.r.lang.locale),
            table_link=relative(page, NOTICE_TYPES_PAGE),
            footnotes=cite.definitions(),
        )

    def instrument_page(self, term) -> str:
        page = instrument_path(term.code)
        cite = Citations(self.reference.sources)
        entries = self.reference.entries_for(term.code)
        several = len(entries) > 1
        shown = []
        for e in entries:
            sections = []
            for key in INSTRUMENT_PAGE_ASPECTS:
                pieces = self.aspect(e, key, cite, separator="\n")
                if key == "misuse" and not pieces:
                    pieces = [self.md(self._("The sources Casebook relies on report no typical misuse of it."))]
                if pieces:
                    value = getattr(e, key, None)
                    contested = isinstance(value, Answer) and value.contested
                    sections.append(
                        {
                            "key": key,
                            "question": self.md(self._(ASPECTS[key])),
                            # a contested point opens with its marker; each side follows
                            "lead": self.flag("contested", N_("Contested")) + " " + self.md(self._("The sources disagree:"))
                            if contested
                            else None,
                            "pieces": pieces,
                            "list": key in ("rules", "misuse", "remedies") or len(pieces) > 1,
                        }
                    )
            shown.append({"entry": e, "name": self.md(e.name), "summary": self.statement(e.summary, cite), "sections": sections})
        members = self.derived.members("instrument", term.code)
        comparisons = [
            {"title": self.r.text(c.title), "link": relative(page, comparison_path(c.id))}
            for c in self.reference.comparisons
            if any(self.reference.entry(i).instrument == term.code for i in c.entries)
        ]
        return self.r.render(
            "instrument.md.j2",
            source=SOURCE_FILES["notice-types"] if entries else "precedents/vocabularies/instrument_types.yml",
            term=term,
            entries=shown,
            several=several,
            rows=[self.r.row(self.collection.by_id(i), page) for i in members],
            search_link=relative(page, "search.md") + f"?instrument={term.code}",
            table_link=relative(page, NOTICE_TYPES_PAGE),
            comparisons=comparisons,
            guides_link=relative(page, GUIDES_INDEX),
            footnotes=cite.definitions(),
        )

    def body(self, body: Body, cite: Citations) -> str:
        """A guide's or pattern's hand-written body in the page's language: its translation
        (with a note where the English changed since), or the English marked lang="en"
        under a note that it is not yet translated."""
        cite.add(body.citations)
        text, found = body.in_language(self.r.language)
        return translated_page_body(text.strip(), found, self.r.lang)

    def pattern_page(self, term) -> str:
        page = pattern_path(term.code)
        cite = Citations(self.reference.sources)
        body = self.body(self.reference.patterns[term.code], cite)
        members = self.derived.members("misuse-pattern", term.code)
        return self.r.render(
            "pattern.md.j2",
            source=body_source("patterns", term.code),
            term=term,
            body=body,
            rows=[self.r.row(self.collection.by_id(i), page) for i in members],
            search_link=relative(page, "search.md") + f"?pattern={term.code}",
            index_link=relative(page, "reference/misuse-patterns.md"),
            footnotes=cite.definitions(),
        )

    def guide_page(self, term) -> str:
        page = guide_path(term.code)
        cite = Citations(self.reference.sources)
        body = self.body(self.reference.guides[term.code], cite)
        lessons = []
        for precedent_id, index in self.derived.lessons_by_recommendation.get(term.code, ()):
            precedent = self.collection.by_id(precedent_id)
            lessons.append(
                {
                    "title": self.r.title_html(precedent.title, markdown=True),
                    "link": relative(page, precedent_path(precedent_id)) + "#lessons",
                    # Raw HTML: marked lang="en" with a note where it is not yet translated.
                    "lesson": self.r.inline(precedent.lessons[index].text, markdown=True),
                }
            )
        others = [
            {"label": t.label, "link": relative(page, guide_path(t.code))}
            for t in self.collection.vocabularies["recommendations"].terms
            if t.code != term.code
        ]
        return self.r.render(
            "guide.md.j2",
            source=body_source("guides", term.code),
            term=term,
            body=body,
            lessons=lessons,
            others=others,
            help=self.r.help_box(page),
            index_link=relative(page, GUIDES_INDEX),
            footnotes=cite.definitions(),
        )

    def guides_index(self) -> str:
        page = GUIDES_INDEX
        guides = [
            {
                "label": t.label,
                "explanation": t.explanation,
                "link": relative(page, guide_path(t.code)),
                "count": len(self.derived.by_recommendation.get(t.code, ())),
            }
            for t in self.collection.vocabularies["recommendations"].terms
        ]
        return self.r.render(
            "guides_index.md.j2",
            guides=guides,
            misconceptions_link=relative(page, "misconceptions.md"),
            framework_link=relative(page, "framework/index.md"),
        )

    def glossary_page(self) -> str:
        page = GLOSSARY_PAGE
        cite = Citations(self.reference.sources)
        terms = [
            {
                "term": t,
                "definition": self.md(t.definition)
                + cite(t.sources)
                + self.disputed_point(t.contested)
                + self.open_point(t.unconfirmed),
                "see": relative(page, t.see) if t.see else None,
                # On a translated page, the English term beside the translated one.
                "english": t.term.get("en") if self.r.language != "en" and t.term.has(self.r.language) else None,
            }
            for t in self.reference.glossary
        ]
        # The translations' term list (terminology.yml), shown on a translated glossary.
        terminology = [] if self.r.language == "en" else self.collection.terminology.pairs(self.r.language)
        return self.r.render(
            "glossary.md.j2",
            source=SOURCE_FILES["glossary"],
            terms=terms,
            terminology=terminology,
            footnotes=cite.definitions(),
        )
