"""Derived data: everything computed from the records, in one place.

Consumes: a ``Collection`` (precedents and vocabularies).
Produces: ``Derived``: per precedent its ``Facts`` (years, sort date, distinct
instruments, forums, legal grounds with how each is known, the total length of
detention where the dates allow, each instrument paired with what became of it and each
proceeding's forum with its outcome, filter values, links in both directions), and the
browse groups (requesting state, host state,
instrument, forum, outcome, legal ground, misuse pattern, year, recommendation) with
their members, and for each recommendation the lessons that illustrate it (so a guide
page can quote them); and, from those, ``Statistics`` for the statistics page (counts
per group, the share of CCF deletions, requesting state by outcome). Nothing here is
written back to YAML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..records.collection import Collection
from ..records.countries import country_in
from ..records.model import DetentionPeriod, PartialDate, Precedent

# How a ground is known, strongest first: a record lists a ground once, with the
# strongest status any of its proceedings gives it.
GROUND_STATUSES = ("relied-on", "contested", "argued")
DAYS_PER_MONTH = 365.25 / 12


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class DetentionLength:
    """How long a period, or all of them, lasted: between ``days_min`` and ``days_max``
    days (equal when the dates are exact), or not computable, with the reason:
    ``no-periods`` (detained, but no period recorded), ``no-end`` or ``no-start`` (a
    period whose end or start the sources do not give, and no length either)."""

    days_min: int | None
    days_max: int | None
    approximate: bool = False  # the sources give a date or length as approximate
    reason: str = ""
    period: int | None = None  # 1-based: the period that makes the total not computable

    @property
    def computable(self) -> bool:
        return self.days_min is not None

    @property
    def exact(self) -> bool:
        return self.computable and self.days_min == self.days_max and not self.approximate

    @property
    def months(self) -> int:
        """The middle of the range in whole months (for a long detention)."""
        return round((self.days_min + self.days_max) / 2 / DAYS_PER_MONTH)


def period_length(period: DetentionPeriod, number: int = 1) -> DetentionLength:
    """Days from the start to the end (the end's day is not counted: held from 27
    November to 11 February is 76 days), over every day the partial dates allow; from
    the length the sources give where they give no end."""
    if period.start and period.end:
        low = (period.end.earliest - period.start.latest).days
        high = (period.end.latest - period.start.earliest).days
        return DetentionLength(max(low, 0), max(high, 0), bool(period.approximate))
    if period.duration:
        return DetentionLength(period.duration.min_days, period.duration.max_days, bool(period.approximate))
    return DetentionLength(None, None, bool(period.approximate), "no-end" if period.start else "no-start", number)


def detention_length(p: Precedent) -> DetentionLength | None:
    """The total over every period; None where the record says nothing of detention or
    the person was not detained."""
    if p.detention is None or p.detention.detained != "yes":
        return None
    if not p.detention.periods:
        return DetentionLength(None, None, reason="no-periods")
    lengths = [period_length(x, n) for n, x in enumerate(p.detention.periods, start=1)]
    missing = next((x for x in lengths if not x.computable), None)
    if missing:
        return missing
    return DetentionLength(
        sum(x.days_min for x in lengths), sum(x.days_max for x in lengths), any(x.approximate for x in lengths)
    )


def record_grounds(p: Precedent) -> tuple[tuple[str, str], ...]:
    """(code, status) for every legal ground of a record, once, with the strongest status
    any of its proceedings gives it (relied-on, then contested, then argued)."""
    best: dict[str, str] = {}
    for x in p.proceedings:
        for g in x.grounds:
            if g.code not in best or GROUND_STATUSES.index(g.status) < GROUND_STATUSES.index(best[g.code]):
                best[g.code] = g.status
    return tuple(best.items())


@dataclass(frozen=True)
class Facts:
    """What lists, filters and the key-facts box show about one precedent."""

    first_year: int | None
    last_year: int | None
    sort_date: str  # YYYY-MM-DD, the latest dated point of the case; "0000-00-00" when undated
    instrument_types: tuple[str, ...]
    forums: tuple[str, ...]
    grounds: tuple[tuple[str, str], ...]  # (code, how it is known), strongest status per code
    detention: DetentionLength | None
    recommendations: tuple[str, ...]
    related: tuple[tuple[str, str | None], ...]  # (id, note) both directions, listed ones first
    # Pairs that keep what a case's facets lose: which instrument met which fate, which
    # forum decided what. Coded "<instrument>:<fate>" and "<forum>:<outcome>" (PAIR), so a
    # filter for "Diffusion: deleted" and "CCF: data deleted" does not match a case where
    # the CCF deleted a Blue Notice and the diffusion stayed.
    instrument_fates: tuple[str, ...] = ()
    forum_outcomes: tuple[str, ...] = ()

    @property
    def legal_grounds(self) -> tuple[str, ...]:
        """Every ground of the record, relied on, contested or argued: the legal-ground facet."""
        return tuple(code for code, _ in self.grounds)

    def grounds_with(self, status: str) -> tuple[str, ...]:
        return tuple(code for code, known in self.grounds if known == status)

    @property
    def years(self) -> str:
        if self.first_year is None:
            return ""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def year_values(self) -> tuple[str, ...]:
        if self.first_year is None:
            return ()
        return tuple(str(y) for y in range(self.first_year, self.last_year + 1))


PAIR = ":"  # between the two codes of a pair: "diffusion:deleted"


def pair(first: str, second: str) -> str:
    return f"{first}{PAIR}{second}"


# facet name -> function giving a precedent's codes for it
FACETS = {
    "requesting-state": lambda p, f: p.requesting_states,
    "host-state": lambda p, f: p.host_states,
    "instrument": lambda p, f: f.instrument_types,
    "instrument-fate": lambda p, f: f.instrument_fates,
    "forum": lambda p, f: f.forums,
    "forum-outcome": lambda p, f: f.forum_outcomes,
    "outcome": lambda p, f: p.outcomes,
    "legal-ground": lambda p, f: f.legal_grounds,
    "misuse-pattern": lambda p, f: p.misuse_patterns,
    "protection": lambda p, f: _unique(x.status for x in p.person.protection),
    "onward-move": lambda p, f: _unique(m.kind for m in p.onward_moves),
    "year": lambda p, f: f.year_values,
    "kind": lambda p, f: (p.kind,),
}

# facet -> vocabulary that labels its codes (None: countries or years)
FACET_VOCABULARY = {
    "requesting-state": None,
    "host-state": None,
    "instrument": "instrument_types",
    "instrument-fate": None,  # a pair: both labels (PAIR_VOCABULARIES)
    "forum": "forums",
    "forum-outcome": None,
    "outcome": "outcomes",
    "legal-ground": "legal_grounds",
    "misuse-pattern": "misuse_patterns",
    "protection": "protection_statuses",
    "onward-move": "onward_moves",
    "year": None,
    "kind": "record_kinds",
}


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    members: tuple[str, ...]  # precedent ids, newest first


@dataclass(frozen=True)
class Derived:
    facts: dict  # id -> Facts
    facets: dict  # facet -> tuple[Group, ...] sorted by count, then label
    by_recommendation: dict  # recommendation code -> tuple of precedent ids
    # recommendation code -> ((precedent id, lesson index), ...), newest precedent first
    lessons_by_recommendation: dict = field(default_factory=dict)
    language: str = "en"  # the language of the groups' labels

    def members(self, facet: str, code: str) -> tuple[str, ...]:
        """The precedent ids of one browse group, newest first; () when none."""
        for group in self.facets[facet]:
            if group.code == code:
                return group.members
        return ()

    def with_all(self, facet: str, codes) -> tuple[str, ...]:
        """Precedent ids that belong to every group ``codes`` of ``facet``, newest first."""
        codes = tuple(codes)
        first = self.members(facet, codes[0]) if codes else ()
        return tuple(i for i in first if all(i in self.members(facet, c) for c in codes[1:]))

    def label(self, collection: Collection, facet: str, code: str) -> str:
        return facet_label(collection, facet, code, self.language)


# pair facet -> the vocabularies of its two codes
PAIR_VOCABULARIES = {
    "instrument-fate": ("instrument_types", "instrument_fates"),
    "forum-outcome": ("forums", "outcomes"),
}


def pair_label(first: str, second: str) -> str:
    """ "Diffusion" and "Deleted" -> "Diffusion: deleted" (a label starting with a word in
    capitals, "INTERPOL", keeps them)."""
    if second[:2].istitle():
        second = second[0].lower() + second[1:]
    return f"{first}: {second}"


def facet_label(collection: Collection, facet: str, code: str, language: str = "en") -> str:
    """A group's label in ``language`` (vocabulary labels, CLDR's country names)."""
    vocabulary = FACET_VOCABULARY[facet]
    if vocabulary:
        return collection.vocabularies[vocabulary].label(code, language)
    if facet in PAIR_VOCABULARIES:
        first, _, second = code.partition(PAIR)
        names = PAIR_VOCABULARIES[facet]
        return pair_label(
            collection.vocabularies[names[0]].label(first, language), collection.vocabularies[names[1]].label(second, language)
        )
    if facet in ("requesting-state", "host-state"):
        return country_in(language, code)
    return code


def _dates(p: Precedent) -> list[PartialDate]:
    dates = [e.date for e in p.timeline]
    dates += [d for i in p.instruments for d in (i.issued, i.fate_date)]
    dates += [d for x in p.proceedings for d in (x.filed, x.decided)]
    dates += [d for x in p.detention.periods for d in (x.start, x.end)] if p.detention else []
    return [d for d in dates if d is not None]


def facts_for(p: Precedent, backlinks: dict) -> Facts:
    dates = _dates(p)
    listed = [(r.id, r.note) for r in p.related]
    listed_ids = {r.id for r in p.related}
    extra = [(other, note) for other, note in backlinks.get(p.id, []) if other not in listed_ids]
    return Facts(
        first_year=min(d.year for d in dates) if dates else None,
        last_year=max(d.latest.year for d in dates) if dates else None,
        sort_date=max(d.earliest for d in dates).isoformat() if dates else "0000-00-00",
        instrument_types=_unique(i.type for i in p.instruments),
        forums=_unique(x.forum for x in p.proceedings),
        grounds=record_grounds(p),
        detention=detention_length(p),
        recommendations=_unique(r for lesson in p.lessons for r in lesson.recommendations),
        related=tuple(listed + sorted(extra)),
        instrument_fates=_unique(pair(i.type, i.fate) for i in p.instruments),
        forum_outcomes=_unique(pair(x.forum, x.outcome) for x in p.proceedings),
    )


def derive(collection: Collection, language: str = "en") -> Derived:
    """Everything computed from the records; group labels in ``language``."""
    backlinks: dict = defaultdict(list)
    for p in collection.precedents:
        for r in p.related:
            backlinks[r.id].append((p.id, r.note))
    facts = {p.id: facts_for(p, backlinks) for p in collection.precedents}

    def newest_first(ids):
        return tuple(sorted(ids, key=lambda i: (facts[i].sort_date, i), reverse=True))

    facets = {}
    for facet, codes_of in FACETS.items():
        members: dict = defaultdict(list)
        for p in collection.precedents:
            for code in codes_of(p, facts[p.id]):
                members[code].append(p.id)
        groups = [Group(code, facet_label(collection, facet, code, language), newest_first(ids)) for code, ids in members.items()]
        if facet == "year":
            groups.sort(key=lambda g: g.code, reverse=True)
        else:
            groups.sort(key=lambda g: (-len(g.members), g.label, g.code))
        facets[facet] = tuple(groups)

    by_recommendation: dict = defaultdict(list)
    lessons: dict = defaultdict(list)
    for p in collection.precedents:
        for code in facts[p.id].recommendations:
            by_recommendation[code].append(p.id)
        for index, lesson in enumerate(p.lessons):
            for code in lesson.recommendations:
                lessons[code].append((p.id, index))
    order = {i: n for n, i in enumerate(newest_first(facts))}
    return Derived(
        facts,
        facets,
        {k: newest_first(v) for k, v in sorted(by_recommendation.items())},
        {k: tuple(sorted(v, key=lambda x: (order[x[0]], x[1]))) for k, v in sorted(lessons.items())},
        language,
    )


# -- statistics page ---------------------------------------------------------------------

# Facets charted on the statistics page, in page order.
STATISTICS_FACETS = ("requesting-state", "instrument", "forum", "outcome", "year")
CCF_FORUM = "ccf"
DELETED = "data-deleted"
NOT_KNOWN = ("pending", "unknown")  # outcomes that are not (yet) a result


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class CcfShare:
    """CCF deletions: proceedings before the CCF with outcome data-deleted, over those with a known outcome."""

    proceedings: int  # proceedings whose forum is the CCF
    known: int  # ... whose outcome is neither pending nor unknown
    deleted: int  # ... whose outcome is data-deleted
    precedents: int  # precedents with at least one CCF proceeding
    by_outcome: tuple[Count, ...]  # CCF proceedings per outcome, in vocabulary order

    @property
    def percent(self) -> int | None:
        """Whole per cent, halves rounded up; None when no outcome is known."""
        if not self.known:
            return None
        return (200 * self.deleted + self.known) // (2 * self.known)


@dataclass(frozen=True)
class Statistics:
    total: int
    undisclosed_state: int  # precedents whose requesting state the sources withhold
    undated: int  # precedents with no date at all (not in the year chart)
    by_facet: dict  # facet -> tuple[Count, ...]: precedents per code (a precedent can count in several)
    ccf: CcfShare
    matrix_states: tuple[Count, ...]  # rows: requesting states, most precedents first
    matrix_outcomes: tuple[Count, ...]  # columns: outcomes that occur with a disclosed state, in vocabulary order
    matrix: dict  # (state, outcome) -> precedents with both


def statistics(collection: Collection, derived: Derived) -> Statistics:
    """Counts for the statistics page, from the same groups the browse pages and filters use."""
    by_facet = {}
    for facet in STATISTICS_FACETS:
        groups = derived.facets[facet]
        if facet == "year":
            groups = sorted(groups, key=lambda g: g.code)
        by_facet[facet] = tuple(Count(g.code, g.label, len(g.members)) for g in groups)

    outcome_labels = collection.vocabularies["outcomes"]
    ccf = [x for p in collection.precedents for x in p.proceedings if x.forum == CCF_FORUM]
    per_outcome = defaultdict(int)
    for x in ccf:
        per_outcome[x.outcome] += 1
    share = CcfShare(
        proceedings=len(ccf),
        known=sum(1 for x in ccf if x.outcome not in NOT_KNOWN),
        deleted=per_outcome[DELETED],
        precedents=sum(1 for p in collection.precedents if any(x.forum == CCF_FORUM for x in p.proceedings)),
        by_outcome=tuple(
            Count(code, outcome_labels.label(code, derived.language), per_outcome[code])
            for code in outcome_labels.codes
            if per_outcome[code]
        ),
    )

    matrix: dict = defaultdict(int)
    for p in collection.precedents:
        for state in p.requesting_states:
            for outcome in p.outcomes:
                matrix[(state, outcome)] += 1
    outcome_totals = {c.code: c.count for c in by_facet["outcome"]}
    present = {outcome for _, outcome in matrix}
    return Statistics(
        total=len(collection.precedents),
        undisclosed_state=sum(1 for p in collection.precedents if not p.requesting_states),
        undated=sum(1 for p in collection.precedents if derived.facts[p.id].first_year is None),
        by_facet=by_facet,
        ccf=share,
        matrix_states=by_facet["requesting-state"],
        matrix_outcomes=tuple(
            Count(c, outcome_labels.label(c, derived.language), outcome_totals[c]) for c in outcome_labels.codes if c in present
        ),
        matrix=dict(matrix),
    )
