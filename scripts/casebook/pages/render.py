"""Render the collection into Markdown pages: {relative path: text}.

Consumes: a ``Collection`` and its ``Derived`` data.
Produces: a dict from paths relative to the docs folder to page text (Markdown with
``md_in_html`` blocks where attributes are needed), plus a copy of each record's YAML
so every page can link to the file it came from. The knowledge-base pages (notice
types, instruments, guides, patterns, glossary) come from ``reference_pages.py``, which
uses this renderer's environment; page addresses are in ``site_paths.py``. One Jinja2 template per kind of page,
named after the page; shared pieces in ``templates/_partials``. ``StrictUndefined``
makes a missing variable an error; templates get ready-made values, not raw data.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..records.collection import Collection
from ..records.model import PartialDate, Precedent, Text
from ..records.translations import MISSING, STALE, TRANSLATED
from .ccf_pages import CcfPages, not_compliant_by_data_type
from .charts import stats_context
from .contact import CONTACT_PAGE, contact_page_values, help_box
from .derive import PAIR_VOCABULARIES, Derived, derive, facet_label, pair, pair_label, statistics
from .i18n import Language
from .i18n.markers import N_, NP_
from .metadata import browse_meta, precedent_meta
from .publication import Publication
from .reference_pages import ReferencePages
from .site_paths import (
    CCF_DECISIONS_PAGE,
    LEGAL_GROUNDS_PAGE,
    MISUSE_PATTERNS_PAGE,
    browse_path,
    ccf_decision_path,
    file_url,
    guide_path,
    html_link,
    instrument_path,
    pattern_path,
    precedent_path,
    relative,
    relative_url,
)
from .text import anchored, clip, escape, md_escape, plain_text, prose_html
from .timeline import Words, timeline_figure

TEMPLATES = Path(__file__).parent / "templates"
GENERATOR = "scripts/casebook/pages/render.py"

# Facets the browse index shows, in order. Most get browse pages; those in FACET_PAGES
# link to the richer page that already lists the group's precedents, so each group has
# one list only.
BROWSE_FACETS = (
    "requesting-state",
    "host-state",
    "instrument",
    "forum",
    "outcome",
    "misuse-pattern",
    "legal-ground",
    "protection",
    "onward-move",
)
FACET_PAGES = {"instrument": instrument_path, "misuse-pattern": pattern_path}
# Pagefind filter keys: canonical, language-neutral, stable in URLs.
FILTER_KEYS = {
    "requesting-state": "requesting_state",
    "host-state": "host_state",
    "instrument": "instrument",
    "instrument-fate": "instrument_fate",
    "forum": "forum",
    "forum-outcome": "forum_outcome",
    "outcome": "outcome",
    "legal-ground": "legal_ground",
    "misuse-pattern": "pattern",
    "protection": "protection",
    "onward-move": "onward",
    "year": "year",
    "kind": "kind",
}

FACET_TITLES = {
    "requesting-state": N_("Requesting state"),
    "host-state": N_("Host state"),
    "instrument": N_("Instrument"),
    "instrument-fate": N_("Instrument and what became of it"),
    "forum": N_("Forum"),
    "forum-outcome": N_("Forum and its decision"),
    "outcome": N_("Outcome"),
    "misuse-pattern": N_("Misuse pattern"),
    "legal-ground": N_("Legal ground"),
    "protection": N_("Protection status"),
    "onward-move": N_("Where the person went"),
    "year": N_("Year"),
    "kind": N_("Kind of record"),
}

# What a page is, for search (front matter page_kind; docs/overrides/main.html makes it
# the Pagefind filter "page"): the search page lists precedents apart from the others
# and labels each result with one of these.
PAGE_FILTER = "page"
PAGE_KINDS = {
    "precedent": N_("Precedent"),
    "guide": N_("Guide"),
    "pattern": N_("Misuse pattern"),
    "instrument": N_("Instrument"),
    "reference": N_("Reference"),
    "rules": N_("The rules"),
    "ccf-decision": N_("CCF decision excerpt"),
    "page": N_("Page"),
}


# The search page's own words (docs/assets/javascripts/search.js asks for them by their
# English text, T("...") and P(n, one, many)): casebook-vocabularies.json carries them in
# the page's language.
SEARCH_STRINGS = (
    N_("No results; open the search page"),
    N_("best match first"),
    N_("newest first"),
    N_("oldest first"),
    N_("Words, a phrase in quotes, a case number"),
    N_("Search precedents and guides"),
    N_("Order"),
    N_("Search"),
    N_("Search page"),
    N_("Skip to results"),
    N_("Skip to filters"),
    N_("Filters"),
    N_(
        "Options ticked in one group: results with any of them. Ticked in different groups: results with all. "
        "The number beside an option is how many results ticking it would give."
    ),
    N_("Show"),
    N_("Precedents"),
    N_("Guides and explanations"),
    N_("CCF decisions"),
    N_("Active filters"),
    N_("Show more results"),
    N_("Newest first"),
    N_("Oldest first"),
    N_("Best match"),
    N_("No guide or explanation has these words."),
    N_("No CCF decision excerpt has these words."),
    N_("No precedent matches. Try fewer words or fewer filters."),
    N_("Type words or a phrase, or choose filters to list matching precedents."),
    N_("The search failed. Reload the page and try again."),
    N_("Decisions:"),
    N_("Outcome of the case:"),
    N_("Remove filter {filter}: {value}"),
    N_("Clear all filters"),
    N_("Show all {n}"),
    N_("Search could not start:"),
    N_("any of"),
)
SEARCH_PLURALS = (
    NP_("All {n} result", "All {n} results"),
    NP_("{n} guide or explanation", "{n} guides and explanations"),
    NP_("{n} CCF decision excerpt", "{n} CCF decision excerpts"),
    NP_("{n} precedent", "{n} precedents"),
    NP_("Filters ({n} selected)", "Filters ({n} selected)"),
)


# The opening tag of a block of record prose as text.prose_html writes it (anchored adds an id).
_PROSE_BLOCK = re.compile(r"<(p|ul|ol)([ >])")


def _unique_codes(codes) -> tuple:
    return tuple(dict.fromkeys(codes))


def yaml_string(value) -> str:
    """A front-matter string; HTML-escaped because themes print meta values unescaped."""
    return json.dumps(html.escape(" ".join(str(value).split()), quote=True), ensure_ascii=False)


def group_path(facet: str, code: str) -> str:
    """The page listing the precedents of one browse group."""
    return FACET_PAGES[facet](code) if facet in FACET_PAGES else browse_path(facet, code)


class Renderer:
    def __init__(
        self,
        collection: Collection,
        derived: Derived,
        language: Language | str = "en",
        repo_url: str | None = None,
        publication: Publication | None = None,
        site_root: str = "",
    ):
        """``site_root``: the way from this language's tree to the site's root ("../" for
        /ru/), where the files there is one of for every language are (the records' YAML,
        the open-data JSON)."""
        self.collection = collection
        self.site_root = site_root
        self.publication = publication or Publication()
        self.derived = derived
        self.lang = language if isinstance(language, Language) else Language(language)
        self.language = self.lang.code
        self.repo_url = repo_url.rstrip("/") if repo_url else None
        self._ = self.lang._
        self.dates = self.lang.dates
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            undefined=StrictUndefined,
            autoescape=False,  # the output is Markdown; values are escaped by the filters below
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # A Text (record prose, a vocabulary label, a glossary definition) prints in the
        # page's language wherever a template puts it: through the filters, or as it is.
        self.env.finalize = self.in_language
        self.env.filters.update(
            md=lambda v: md_escape(self.in_language(v)),
            e=lambda v: escape(self.in_language(v)),
            yaml_string=lambda v: yaml_string(self.in_language(v)),
            prose=self.prose,
            inline=self.inline,
            plain=self.plain,
            clip=clip,
        )
        self.env.filters["anchored"] = anchored  # ids for citing a passage
        self.env.globals.update(
            _=self._,
            n_=self.lang.n_,
            country=self.lang.country,
            lang_attribute=self.lang_attribute,
            lang_of=self.lang_of,
            label=self.label,
            GENERATOR=GENERATOR,
            date=self.dates.date,
            span=self.dates.span,
            duration=self.dates.duration,
            day_text=self.day_text,
            text=self.text,
            protector=self.protector,
        )

    # -- helpers given to templates ---------------------------------------------------

    def in_language(self, value):
        """A Text in the page's language; anything else as it is."""
        return self.text(value) if isinstance(value, Text) else value

    def text(self, value: Text | None) -> str:
        return value.get(self.language) if value else ""

    def translation_state(self, value: Text) -> str:
        """Whether ``value`` reads in the page's language: TRANSLATED (or written in it),
        STALE (translated from an English text that changed since) or MISSING."""
        if value.source_language == self.language or value.has(self.language) and not value.stale(self.language):
            return TRANSLATED
        return STALE if value.has(self.language) else MISSING

    def prose(self, value: Text | str | None, anchor: str | None = None) -> str:
        """Record prose as HTML (``anchor``: ids for citing a passage, see text.anchored).
        On a translated page, a text with no translation yet is the English in a block
        marked lang="en" under a note in the page's language; a stale translation is
        kept, with a note that the English has changed since. Never machine-translated."""
        if value is None:
            return ""
        html = prose_html(value if isinstance(value, str) else self.text(value))
        if anchor:
            html = anchored(html, anchor)
        if isinstance(value, str) or not html:
            return html
        found = self.translation_state(value)
        if found == MISSING:
            # Each block of the English marked, rather than a wrapper: prose sits inside <dd>
            # and <li> too, where the engines read a nested <div> differently.
            note = escape(self._("Not yet translated; the English original follows."))
            marked = _PROSE_BLOCK.sub(rf'<\1 class="cb-untranslated" lang="{value.source_language}"\2', html)
            return f'<p class="cb-translation-note" data-pagefind-ignore>{note}</p>{marked}'
        if found == STALE:
            note = escape(self._("The English text has changed since this was translated."))
            return f'{html}<p class="cb-translation-note" data-pagefind-ignore>{note}</p>'
        return html

    def inline(self, value: Text | str | None, markdown: bool = False) -> str:
        """A short text inside a sentence or a list item, escaped plain text, marked like
        ``prose`` where it has no translation (lang="en" and a short note) or a stale one.
        ``markdown``: for a Markdown context (Markdown-inert too), not raw HTML."""
        if value is None:
            return ""
        plain = plain_text(value if isinstance(value, str) else self.text(value))
        text = md_escape(plain) if markdown else escape(plain)
        if isinstance(value, str) or not text:
            return text
        found = self.translation_state(value)
        if found == MISSING:
            note = escape(self._("not yet translated"))
            return (
                f'<span class="cb-untranslated" lang="{value.source_language}">{text}</span> '
                f'<span class="cb-translation-note" data-pagefind-ignore>({note})</span>'
            )
        if found == STALE:
            note = escape(self._("the English text has changed since"))
            return f'{text} <span class="cb-translation-note" data-pagefind-ignore>({note})</span>'
        return text

    def title_html(self, value: Text, markdown: bool = False) -> str:
        """A precedent's title as escaped HTML in a list of others: the English, marked
        lang="en", where it has no translation yet (``markdown``: Markdown-inert too)."""
        text = md_escape(self.text(value)) if markdown else escape(self.text(value))
        if self.translation_state(value) == MISSING:
            return f'<span lang="{value.source_language}">{text}</span>'
        return text

    def lang_of(self, value: Text | None) -> str:
        """The language ``value`` shows in on this page where it is not the page's (a
        text not yet translated: its English), else ""."""
        if value is None or self.translation_state(value) != MISSING:
            return ""
        return value.source_language

    def lang_attribute(self, language: str | None) -> str:
        """` lang="en"` for text in another language than the page's (a source's title), else ""."""
        language = language or "en"
        return "" if language == self.language else f' lang="{escape(language)}"'

    def plain(self, value: Text | str | None) -> str:
        if value is None:
            return ""
        return plain_text(value if isinstance(value, str) else self.text(value))

    def label(self, vocabulary: str, code: str) -> str:
        return self.collection.vocabularies[vocabulary].label(code, self.language)

    def day_text(self, iso: str | None) -> str:
        """A YYYY-MM-DD string (a last-updated date) in words."""
        return self.dates.date(PartialDate.parse(iso)) if iso else ""

    def protector(self, by: str | None) -> str:
        """The state that granted a protection status (or received the application), or UNHCR."""
        return "" if by is None else "UNHCR" if by == "UNHCR" else self.lang.country(by)

    def instrument_labels(self, p: Precedent) -> str:
        """Distinct instrument types for tables, each marked when no source confirms the type."""
        labels = []
        for code in self.derived.facts[p.id].instrument_types:
            label = self.label("instrument_types", code)
            unconfirmed = all(not i.type_certain for i in p.instruments if i.type == code)
            # The unspecified-alert label already says its type is unconfirmed.
            if unconfirmed and code != "interpol-alert-unspecified":
                label += f" ({self._('type unconfirmed')})"
            labels.append(label)
        return ", ".join(labels)

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    # -- pages ---------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        return self.precedent_pages(self.collection.precedents) | self.collection_pages()

    def precedent_pages(self, precedents) -> dict[str, str]:
        """The pages of ``precedents`` (the build renders them in two processes)."""
        return {precedent_path(p.id): self.precedent_page(p) for p in precedents}

    def collection_pages(self) -> dict[str, str]:
        """Every generated page but the precedents' own: indexes, browse and reference pages."""
        files: dict[str, str] = {}
        files["precedents/index.md"] = self.precedents_index()
        files["browse/index.md"] = self.browse_index()
        for facet in BROWSE_FACETS:
            if facet in FACET_PAGES:
                continue  # listed on the instrument and pattern pages
            for group in self.derived.facets[facet]:
                files[browse_path(facet, group.code)] = self.browse_page(facet, group)
        files[LEGAL_GROUNDS_PAGE] = self.vocabulary_page("legal_grounds", "legal-ground")
        files[MISUSE_PATTERNS_PAGE] = self.vocabulary_page("misuse_patterns", "misuse-pattern")
        files["assets/casebook-vocabularies.json"] = self.vocabulary_json()
        files["stats.md"] = self.stats_page()
        files[CONTACT_PAGE] = self.render("contact.md.j2", **contact_page_values(self.publication.site, self._))
        if self.collection.reference is not None:
            files.update(ReferencePages(self).pages())
        if self.collection.ccf_digest is not None:
            files.update(CcfPages(self).pages())
        return files

    def help_box(self, page: str) -> dict:
        """The "Get help from a lawyer" box of a page (raw HTML: its link is a page URL)."""
        return help_box(self.publication.site, self._, html_link(page, CONTACT_PAGE))

    def explained_link(self, page: str, vocabulary: str, code: str, link=relative) -> str | None:
        """Link to the hand-written section that explains a code, if the vocabulary names
        one: a Markdown link, or with ``link=html_link`` a raw HTML one."""
        explained_at = self.collection.vocabularies[vocabulary].term(code).explained_at
        return link(page, explained_at) if explained_at else None

    def row(self, precedent: Precedent, page: str) -> dict:
        """What one line of a precedents table shows."""
        facts = self.derived.facts[precedent.id]
        return {
            "id": precedent.id,
            "url": relative_url(page, precedent_path(precedent.id)),
            "title": self.text(precedent.title),
            # The English title, marked, where it has no translation yet.
            "title_lang": self.lang_attribute(precedent.title.source_language)
            if self.translation_state(precedent.title) == MISSING
            else "",
            "requesting": ", ".join(self.lang.country(c) for c in precedent.requesting_states) or self._("not disclosed"),
            "instruments": self.instrument_labels(precedent),
            "forums": ", ".join(self.label("forums", f) for f in facts.forums),
            "outcomes": ", ".join(self.label("outcomes", o) for o in precedent.outcomes),
            "years": facts.years,
            "sort_date": facts.sort_date,
            "note": "",
        }

    def search_filters(self, p: Precedent) -> list[tuple[str, str]]:
        """The (filter key, code) pairs a precedent's page gives Pagefind."""
        facts = self.derived.facts[p.id]
        return [
            (FILTER_KEYS[facet], code)
            for facet, codes_of in (
                ("requesting-state", p.requesting_states),
                ("host-state", p.host_states),
                ("instrument", facts.instrument_types),
                ("instrument-fate", facts.instrument_fates),
                ("forum", facts.forums),
                ("forum-outcome", facts.forum_outcomes),
                ("outcome", p.outcomes),
                ("legal-ground", facts.legal_grounds),
                ("misuse-pattern", p.misuse_patterns),
                ("protection", _unique_codes(x.status for x in p.person.protection)),
                ("onward-move", _unique_codes(m.kind for m in p.onward_moves)),
                ("year", facts.year_values),
                ("kind", (p.kind,)),
            )
            for code in codes_of
        ]

    def precedent_page(self, p: Precedent) -> str:
        """A precedent's page. Apart from its headings, which the engine lists in the
        table of contents, it is written as finished HTML, links and all (``href``: raw
        HTML addresses, which the build's link check verifies), so the engine has little
        to read on the most numerous pages (see site/set_aside.py)."""
        page = precedent_path(p.id)
        facts = self.derived.facts[p.id]

        def browse(facet: str, codes) -> list[dict]:
            return [
                {"label": facet_label(self.collection, facet, c, self.language), "href": html_link(page, browse_path(facet, c))}
                for c in codes
            ]

        filters = self.search_filters(p)
        related = []
        for other_id, note in facts.related:
            other = self.collection.by_id(other_id)
            href = html_link(page, precedent_path(other_id))
            related.append({"title": self.title_html(other.title), "href": href, "note": note})
        edit_url = f"{self.repo_url}/edit/main/precedents/{p.id}.yml" if self.repo_url else None
        return self.render(
            "precedent.md.j2",
            p=p,
            facts=facts,
            page=page,
            source_file=f"precedents/{p.id}.yml",
            # Raw HTML: the record copies join the site after the engine runs (build.py).
            record_href=file_url(page, f"{self.site_root}records/{p.id}.yml"),
            edit_url=edit_url,
            requesting=browse("requesting-state", p.requesting_states),
            hosts=browse("host-state", p.host_states),
            outcomes=browse("outcome", p.outcomes),
            instruments=[
                {"label": self.label("instrument_types", i.type), "href": html_link(page, instrument_path(i.type))}
                for i in p.instruments
            ],
            patterns=[
                {
                    "code": c,
                    "label": self.label("misuse_patterns", c),
                    "href": html_link(page, pattern_path(c)),
                    "explanation": self.collection.vocabularies["misuse_patterns"].term(c).explanation,
                }
                for c in p.misuse_patterns
            ],
            grounds=[
                {
                    "code": c,
                    "label": self.label("legal_grounds", c),
                    "href": html_link(page, f"{LEGAL_GROUNDS_PAGE}#{c}"),
                    "explained": self.explained_link(page, "legal_grounds", c, link=html_link),
                    "explanation": self.collection.vocabularies["legal_grounds"].term(c).explanation,
                    "status": status,
                }
                for c, status in facts.grounds
            ],
            detention_total=self.dates.detention(facts.detention),
            onward=[
                {
                    "label": self.label("onward_moves", m.kind),
                    "href": html_link(page, browse_path("onward-move", m.kind)),
                    "state": self.lang.country(m.state),
                    "date": self.dates.date(m.date),
                    "note": m.note,
                }
                for m in p.onward_moves
            ],
            protection=[
                {
                    "label": self.label("protection_statuses", x.status),
                    "href": html_link(page, browse_path("protection", x.status)),
                    "by": self.protector(x.by),
                    "date": self.dates.date(x.date),
                    "note": x.note,
                }
                for x in p.person.protection
            ],
            lessons=[
                {
                    "text": lesson.text,
                    "guides": [
                        {"label": self.label("recommendations", r), "href": html_link(page, guide_path(r))}
                        for r in lesson.recommendations
                    ],
                }
                for lesson in p.lessons
            ],
            related=related,
            digest=self.digest_links(p, page),
            help=self.help_box(page),
            filters=filters,
            meta_facts=self.meta_facts(p),
            meta_proceedings=self.meta_proceedings(p),
            untranslated={f"event-{n}" for n, e in enumerate(p.timeline, start=1) if self.translation_state(e.event) == MISSING},
            untranslated_when={
                f"event-{n}" for n, e in enumerate(p.timeline, start=1) if e.when and self.translation_state(e.when) == MISSING
            },
            timeline=timeline_figure(
                p,
                Words(
                    self.label,
                    self.lang.country,
                    self._,
                    self.plain,
                    lambda d: self.dates.date(d, short=True),
                    self.lang.translations.ngettext,
                ),
            ),
            # Citing, sharing, exports: see publication.py and metadata.py.
            cite=self.publication.citation(p, self.collection.vocabularies, self.lang),
            page_meta=precedent_meta(p, self.collection, self.derived, self.publication, self.lang),
            # Raw HTML: the PDFs and the precedent's JSON join the site after the engine
            # runs (build.py); the build's link check verifies these links.
            pdf_href=file_url(page, f"precedents/{p.id}.pdf"),
            json_href=file_url(page, f"{self.site_root}api/v1/precedents/{p.id}.json"),
        )

    def digest_links(self, p: Precedent, page: str) -> list[dict]:
        """The CCF decisions digest's entries for the excerpts this precedent was written from."""
        digest = self.collection.ccf_digest
        if digest is None:
            return []
        return [
            {
                "label": self._("CCF Decision {number}").format(
                    number=self._("No. {number} ({year})").format(number=e.number, year=e.year)
                ),
                "href": html_link(page, ccf_decision_path(e.key)),
            }
            for e in digest.for_precedent(p.id)
        ]

    def meta_facts(self, p: Precedent) -> str:
        """One line of key facts shown under a search result and a header suggestion: the
        requesting state, each instrument with what became of it, the years."""
        facts = self.derived.facts[p.id]
        parts = [
            ", ".join(self.lang.country(c) for c in p.requesting_states) or self._("state not disclosed"),
            self.meta_instruments(p),
            facts.years,
        ]
        return " · ".join(x for x in parts if x)

    def meta_instruments(self, p: Precedent) -> str:
        """Each instrument paired with what became of it: "Blue Notice: deleted; Diffusion: published"."""
        pairs = []
        for i in p.instruments:
            label = self.label("instrument_types", i.type)
            if not i.type_certain and i.type != "interpol-alert-unspecified":
                label += f" ({self._('type unconfirmed')})"
            pairs.append(pair_label(label, self.label("instrument_fates", i.fate)))
        return "; ".join(dict.fromkeys(pairs))

    def meta_proceedings(self, p: Precedent) -> str:
        """Each proceeding's forum paired with its outcome: "CCF: data deleted; National court (Spain): extradition refused"."""
        pairs = []
        for x in p.proceedings:
            forum = self.label("forums", x.forum) + (f" ({self.lang.country(x.state)})" if x.state else "")
            pairs.append(pair_label(forum, self.label("outcomes", x.outcome)))
        return "; ".join(dict.fromkeys(pairs))

    def precedents_index(self) -> str:
        page = "precedents/index.md"
        rows = [self.row(p, page) for p in self.collection.precedents]
        rows.sort(key=lambda r: (r["sort_date"], r["id"]), reverse=True)
        return self.render("precedents_index.md.j2", rows=rows, page=page, browse_link=relative(page, "browse/index.md"))

    def browse_index(self) -> str:
        page = "browse/index.md"
        facets = [
            {
                "facet": facet,
                "title": self._(FACET_TITLES[facet]),
                "groups": [
                    {"label": g.label, "count": len(g.members), "link": relative(page, group_path(facet, g.code))}
                    for g in self.derived.facets[facet]
                ],
            }
            for facet in BROWSE_FACETS
        ]
        return self.render("browse_index.md.j2", facets=facets, total=len(self.collection.precedents))

    def browse_page(self, facet: str, group) -> str:
        page = browse_path(facet, group.code)
        rows = [self.row(self.collection.by_id(i), page) for i in group.members]
        if facet == "legal-ground":  # every ground is listed, labelled with how it is known
            for row in rows:
                status = dict(self.derived.facts[row["id"]].grounds)[group.code]
                row["note"] = "" if status == "relied-on" else self.label("ground_statuses", status).lower()
        return self.render(
            "browse.md.j2",
            facet=facet,
            facet_title=self._(FACET_TITLES[facet]),
            group=group,
            rows=rows,
            index_link=relative(page, "browse/index.md"),
            search_link=relative(page, "search.md") + f"?{FILTER_KEYS[facet]}={group.code}",
            page_meta=browse_meta(facet, group.code, self.collection, self.derived, self.publication, self._),
        )

    def vocabulary_page(self, vocabulary: str, facet: str) -> str:
        page = f"reference/{facet}s.md"
        groups = {g.code: g for g in self.derived.facets[facet]}
        own_page = FACET_PAGES.get(facet)
        terms = [
            {
                "term": term,
                "count": len(groups[term.code].members) if term.code in groups else 0,
                "link": relative(page, group_path(facet, term.code) + ("#precedents" if own_page else ""))
                if term.code in groups
                else None,
                "page": relative(page, own_page(term.code)) if own_page else None,
                "explained": self.explained_link(page, vocabulary, term.code),
            }
            for term in self.collection.vocabularies[vocabulary].terms
        ]
        return self.render(f"{facet}s.md.j2", terms=terms)

    def labels_in_use(self, facet: str) -> dict:
        """A label for each code of ``facet`` that a precedent carries; for a pair facet,
        for every pair the vocabularies allow, so that an address asking for one no
        precedent has yet ("Diffusion: deleted") still reads as words."""
        if facet in PAIR_VOCABULARIES:
            first, second = (self.collection.vocabularies[name].codes for name in PAIR_VOCABULARIES[facet])
            codes = sorted(pair(a, b) for a in first for b in second)
        else:
            codes = sorted(g.code for g in self.derived.facets[facet])
        return {code: facet_label(self.collection, facet, code, self.language) for code in codes}

    def stats_page(self) -> str:
        """The statistics page (templates/stats.md.j2): counts from derive.statistics, pictures from charts."""
        search = relative("stats.md", "search.md")

        def search_link(*filters: tuple[str, str]) -> str:
            return search + "?" + "&".join(f"{FILTER_KEYS[facet]}={code}" for facet, code in filters)

        stats = statistics(self.collection, self.derived)
        return self.render("stats.md.j2", **stats_context(stats, self._, FACET_TITLES, search_link), ccf=self.ccf_shares())

    def ccf_shares(self) -> dict | None:
        """The share of "not compliant" per data type across the digest's excerpts."""
        digest = self.collection.ccf_digest
        if digest is None:
            return None
        page = "stats.md"
        rows = [
            {
                "label": self.text(self.collection.vocabularies["ccf_data_types"].term(s.code).label),
                "excerpts": s.excerpts,
                "not_compliant": s.not_compliant,
                "percent": s.percent,
                "link": relative(page, CCF_DECISIONS_PAGE) + f"?type={s.code}&decision=not-compliant",
            }
            for s in not_compliant_by_data_type(digest, self.collection.vocabularies["ccf_data_types"].codes)
        ]
        return {
            "rows": rows,
            "total": len(digest.excerpts),
            "not_compliant": sum(1 for e in digest.excerpts if e.decision == "not-compliant"),
            "several_types": sum(1 for e in digest.excerpts if len(e.data_types) > 1),
            "link": relative(page, CCF_DECISIONS_PAGE),
        }

    def vocabulary_json(self) -> str:
        """What the search page needs to show labels while URLs and the index keep codes:
        filter keys in display order, their titles, a label for every code in use, and
        how many precedents carry each code. With those totals the search page shows its
        filters before a search without fetching Pagefind's filter index, which at
        10,000 precedents outweighs everything a first search needs (search.js)."""
        keys = [(facet, key) for facet, key in FILTER_KEYS.items()]
        totals: dict[str, dict[str, int]] = {key: {} for _, key in keys}
        for p in self.collection.precedents:
            for key, code in set(self.search_filters(p)):
                totals[key][code] = totals[key].get(code, 0) + 1
        data = {
            "order": [key for _, key in keys],
            "titles": {key: self._(FACET_TITLES[facet]) for facet, key in keys},
            "labels": {key: self.labels_in_use(facet) for facet, key in keys},
            "totals": totals,
            "page_kinds": {code: self._(label) for code, label in PAGE_KINDS.items()},
            "strings": {text: self._(text) for text in SEARCH_STRINGS},
            "plurals": {one: self.lang.plural_categories(one, many) for one, many in SEARCH_PLURALS},
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def render_site(
    collection: Collection,
    language: Language | str = "en",
    repo_url: str | None = None,
    publication: Publication | None = None,
    precedents=None,
    site_root: str = "",
) -> dict[str, str]:
    """Every generated page in ``language``; or, with ``precedents`` (a sequence), the
    collection's pages and those precedents' own pages (the build's second process renders
    the others). ``site_root``: see ``Renderer``."""
    code = language.code if isinstance(language, Language) else language
    renderer = Renderer(collection, derive(collection, code), language, repo_url, publication, site_root)
    if precedents is None:
        return renderer.pages()
    return renderer.precedent_pages(precedents) | renderer.collection_pages()


def repo_url_from(mkdocs_yml: Path) -> str | None:
    """The repository URL, read as plain YAML so rendering needs no site engine."""
    try:
        config = yaml.safe_load(Path(mkdocs_yml).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    return config.get("repo_url")
