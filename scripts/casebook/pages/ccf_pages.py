"""The CCF decisions digest as pages: one table of every excerpt, one page per excerpt.

Consumes: the ``Renderer`` of ``render.py`` (its collection, whose ``ccf_digest`` comes
from ``records/ccf_decisions.py``; its Jinja2 environment and language).
Produces: ``{relative path: Markdown}`` for
- ``ccf-decisions/index.md``: every excerpt in one sortable table (number, year, data
  type, decision, tags, the excerpt, the precedent written from it), with filters by
  data type, decision and tag and their counts (``assets/javascripts/ccf-filters.js``
  applies them in the reader's browser; the address keeps them: ``?type=red-notice``),
  and the numbers the digest does not have yet;
- ``ccf-decisions/<year>-<number>.md``: what the excerpt's header shows, where the
  excerpt is, what was read of it (the page says plainly when that was the header
  only), and the precedent written from it, if any.
And, for the statistics page, ``not_compliant_by_data_type``: the share of "not
compliant" per data type across the published excerpts.

An excerpt's page is a search result of its own kind (page_kind ``ccf-decision``), and
carries its number in the forms readers type ("No. 2 (2024)", "2024-2").
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..records.ccf_decisions import SOURCE_FILE, CcfDigest, CcfExcerpt
from .i18n import SOURCE_LANGUAGE
from .i18n.markers import N_
from .site_paths import (
    CCF_DECISIONS_PAGE,
    LEGAL_GROUNDS_PAGE,
    ccf_decision_path,
    html_link,
    precedent_path,
    relative,
    relative_url,
)
from .text import escape

FEED_PATH = "feeds/ccf-decisions.xml"
EXPORTS = ("api/v1/ccf-decisions.json", "api/v1/ccf-decisions.csv", "api/v1/ccf-decision.schema.json")
NOT_COMPLIANT = "not-compliant"

# The filter groups of the table: the address's key, the group's title.
FILTER_GROUPS = (
    ("type", N_("Data type")),
    ("decision", N_("Decision")),
    ("tag", N_("Tag")),
)
CHAMBERS = {"requests-chamber": N_("Requests Chamber")}


@dataclass(frozen=True)
class DataTypeShare:
    """Of the excerpts giving one data type, how many the CCF found not compliant."""

    code: str
    excerpts: int
    not_compliant: int

    @property
    def percent(self) -> int:
        return round(100 * self.not_compliant / self.excerpts)


def not_compliant_by_data_type(digest: CcfDigest, order: tuple[str, ...]) -> list[DataTypeShare]:
    """An excerpt counts once under each data type its header gives; types in ``order``
    (the vocabulary's), those no excerpt gives left out."""
    excerpts: Counter = Counter()
    found: Counter = Counter()
    for e in digest.excerpts:
        for code in e.data_types:
            excerpts[code] += 1
            found[code] += e.decision == NOT_COMPLIANT
    return [DataTypeShare(code, excerpts[code], found[code]) for code in order if excerpts[code]]


def missing_numbers(digest: CcfDigest) -> list[tuple[int, list[int]]]:
    """Per year, the numbers below the highest in the digest that it does not have: the
    CCF numbers its excerpts one after another within a year, so these exist."""
    by_year: dict[int, set[int]] = {}
    for e in digest.excerpts:
        by_year.setdefault(e.year, set()).add(e.number)
    out = []
    for year, numbers in sorted(by_year.items()):
        missing = [n for n in range(1, max(numbers)) if n not in numbers]
        if missing:
            out.append((year, missing))
    return out


class CcfPages:
    def __init__(self, renderer):
        self.r = renderer
        self.collection = renderer.collection
        self.digest: CcfDigest = renderer.collection.ccf_digest
        self._ = renderer._
        self.precedent_ids = {p.id for p in self.collection.precedents}

    def verbatim(self, text: str) -> str:
        """The CCF's own words (a tag, the header's decision line, the session) as escaped
        HTML: as the excerpt gives them, in English, so marked lang="en" on a page in
        another language."""
        lang = self.r.lang_attribute(SOURCE_LANGUAGE)
        return f"<span{lang}>{escape(text)}</span>" if lang else escape(text)

    def as_shown(self, e: CcfExcerpt) -> str:
        """'the header reads: “…”' as escaped HTML, the header's words marked as the CCF's."""
        before, _, after = self._("the header reads: “{text}”").partition("{text}")
        return escape(before) + self.verbatim(e.decision_as_shown) + escape(after)

    def label(self, vocabulary: str, code: str) -> str:
        return self.r.text(self.collection.vocabularies[vocabulary].term(code).label)

    def number(self, e: CcfExcerpt) -> str:
        """'No. 2 (2024)' in the page's language."""
        return self._("No. {number} ({year})").format(number=e.number, year=e.year)

    def title(self, e: CcfExcerpt) -> str:
        return self._("CCF Decision {number}").format(number=self.number(e))

    def decision_label(self, e: CcfExcerpt) -> str:
        label = self.label("ccf_decisions", e.decision)
        if e.revision:
            label += f" ({self.label('ccf_decisions', e.revision)[:1].lower()}{self.label('ccf_decisions', e.revision)[1:]})"
        return label

    def precedent(self, e: CcfExcerpt, page: str) -> dict | None:
        """The precedent written from the excerpt, if the collection has it."""
        if not e.precedent or e.precedent not in self.precedent_ids:
            return None
        p = self.collection.by_id(e.precedent)
        # The title as escaped HTML: the English, marked, where it has no translation yet.
        return {"title": self.r.title_html(p.title), "href": relative_url(page, precedent_path(p.id)), "id": p.id}

    def pages(self) -> dict[str, str]:
        files = {CCF_DECISIONS_PAGE: self.index_page()}
        for e in self.digest.excerpts:
            files[ccf_decision_path(e.key)] = self.excerpt_page(e)
        return files

    # -- the table ---------------------------------------------------------------------

    def row(self, e: CcfExcerpt, page: str) -> dict:
        return {
            "key": e.key,
            "title": self.title(e),
            "number": self.number(e),
            "href": relative_url(page, ccf_decision_path(e.key)),
            "sort": f"{e.year:04d}-{e.number:03d}",
            "year": e.year,
            "types": [{"code": c, "label": self.label("ccf_data_types", c)} for c in e.data_types],
            "decision": e.decision,
            "decision_label": self.decision_label(e),
            "tags": [{"code": t.code, "html": self.verbatim(t.text)} for t in e.tags],
            "url": e.url,
            "precedent": self.precedent(e, page),
        }

    def filters(self) -> list[dict]:
        """Each group's options in use, with how many excerpts have each: data types and
        decisions in their vocabulary's order, tags most used first."""
        types: Counter = Counter(c for e in self.digest.excerpts for c in e.data_types)
        decisions: Counter = Counter(e.decision for e in self.digest.excerpts)
        tags: Counter = Counter(t.code for e in self.digest.excerpts for t in e.tags)
        tag_text = {t.code: t.text for e in self.digest.excerpts for t in e.tags}
        options = {
            "type": [
                {"code": c, "label": self.label("ccf_data_types", c), "count": types[c]}
                for c in self.collection.vocabularies["ccf_data_types"].codes
                if types[c]
            ],
            "decision": [
                {"code": c, "label": self.label("ccf_decisions", c), "count": decisions[c]}
                for c in self.collection.vocabularies["ccf_decisions"].codes
                if decisions[c]
            ],
            "tag": [
                {"code": c, "label": tag_text[c], "label_html": self.verbatim(tag_text[c]), "count": n}
                for c, n in sorted(tags.items(), key=lambda item: (-item[1], tag_text[item[0]].lower()))
            ],
        }
        for option in options["type"] + options["decision"]:
            option["label_html"] = escape(option["label"])
        return [{"key": key, "title": self._(title), "options": options[key]} for key, title in FILTER_GROUPS]

    def index_page(self) -> str:
        page = CCF_DECISIONS_PAGE
        excerpts = sorted(self.digest.excerpts, key=lambda e: (e.year, e.number), reverse=True)
        years = Counter(e.year for e in self.digest.excerpts)
        return self.r.render(
            "ccf_decisions.md.j2",
            source=SOURCE_FILE,
            rows=[self.row(e, page) for e in excerpts],
            total=len(excerpts),
            header_only=sum(1 for e in excerpts if not e.reasoning_read),
            years=[{"year": y, "count": n} for y, n in sorted(years.items())],
            first_year=min(years),
            last_year=max(years),
            filters=self.filters(),
            missing=[{"year": y, "numbers": ", ".join(str(n) for n in numbers)} for y, numbers in missing_numbers(self.digest)],
            with_precedent=sum(1 for e in excerpts if self.precedent(e, page)),
            stats_link=relative(page, "stats.md") + "#ccf-not-compliant",
            feed_link=relative(page, FEED_PATH),
            # The open data is one for every language, at the site's root.
            json_link=relative(page, self.r.site_root + EXPORTS[0]),
            csv_link=relative(page, self.r.site_root + EXPORTS[1]),
            api_link=relative(page, "api.md") + "#ccf-decisions",
            ccf_link=relative(page, "framework/ccf.md"),
            page_meta={"feeds": self.feed_meta()},
        )

    def feed_meta(self) -> str:
        """The digest's feed, announced by the table and each excerpt's page (main.html)."""
        return json.dumps([{"title": self.feed_title(), "path": FEED_PATH}], ensure_ascii=False)

    def feed_title(self) -> str:
        return self._("{site}: new CCF decision excerpts").format(site=self.r.publication.site.name)

    # -- one excerpt -------------------------------------------------------------------

    def excerpt_page(self, e: CcfExcerpt) -> str:
        page = ccf_decision_path(e.key)
        table = relative_url(page, CCF_DECISIONS_PAGE)
        tags = [
            {
                "html": self.verbatim(t.text),
                "ground": self.label("legal_grounds", t.ground) if t.ground else None,
                "ground_href": html_link(page, f"{LEGAL_GROUNDS_PAGE}#{t.ground}") if t.ground else None,
                "href": f"{table}?tag={t.code}",
            }
            for t in e.tags
        ]
        return self.r.render(
            "ccf_decision.md.j2",
            source=SOURCE_FILE,
            e=e,
            title=self.title(e),
            number=self.number(e),
            description=" · ".join(
                [", ".join(self.label("ccf_data_types", c) for c in e.data_types), self.decision_label(e)]
                + [", ".join(t.text for t in e.tags)]
            ),
            types=[{"label": self.label("ccf_data_types", c), "href": f"{table}?type={c}"} for c in e.data_types],
            decision=self.decision_label(e),
            decision_as_shown=self.as_shown(e) if e.decision_as_shown != self.decision_label(e) else None,
            session=self.verbatim(e.session) if e.session else None,
            decision_href=f"{table}?decision={e.decision}",
            chamber=self._(CHAMBERS[e.chamber]) if e.chamber else None,
            tags=tags,
            precedent=self.precedent(e, page),
            table_href=table,
            meta_facts=" · ".join([", ".join(self.label("ccf_data_types", c) for c in e.data_types), self.decision_label(e)]),
            page_meta={"feeds": self.feed_meta()},
        )
