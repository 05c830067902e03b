"""Derived data: everything computed from the records, in one place.

Consumes: a ``Collection`` (precedents and vocabularies).
Produces: ``Derived``: per precedent its ``Facts`` (years, sort date, distinct
instruments, forums, grounds relied on and grounds only argued, filter values,
links in both directions), and the browse groups (requesting state, host state, instrument, forum, outcome, legal
ground, misuse pattern, year, recommendation) with their members. Nothing here is
written back to YAML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .collection import Collection
from .countries import country_name
from .model import PartialDate, Precedent


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class Facts:
    """What lists, filters and the key-facts box show about one precedent."""

    first_year: int | None
    last_year: int | None
    sort_date: str  # YYYY-MM-DD, the latest dated point of the case; "0000-00-00" when undated
    instrument_types: tuple[str, ...]
    forums: tuple[str, ...]
    legal_grounds: tuple[str, ...]  # relied on by a forum; the legal-ground facet
    argued_grounds: tuple[str, ...]  # raised by a party but relied on by no forum in the record
    recommendations: tuple[str, ...]
    related: tuple[tuple[str, str | None], ...]  # (id, note) both directions, listed ones first

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


# facet name -> (title, function giving a precedent's codes for it)
FACETS = {
    "requesting-state": lambda p, f: p.requesting_states,
    "host-state": lambda p, f: p.host_states,
    "instrument": lambda p, f: f.instrument_types,
    "forum": lambda p, f: f.forums,
    "outcome": lambda p, f: p.outcomes,
    "legal-ground": lambda p, f: f.legal_grounds,
    "misuse-pattern": lambda p, f: p.misuse_patterns,
    "year": lambda p, f: f.year_values,
    "kind": lambda p, f: (p.kind,),
}

# facet -> vocabulary that labels its codes (None: countries or years)
FACET_VOCABULARY = {
    "requesting-state": None,
    "host-state": None,
    "instrument": "instrument_types",
    "forum": "forums",
    "outcome": "outcomes",
    "legal-ground": "legal_grounds",
    "misuse-pattern": "misuse_patterns",
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

    def label(self, collection: Collection, facet: str, code: str) -> str:
        return facet_label(collection, facet, code)


def facet_label(collection: Collection, facet: str, code: str) -> str:
    vocabulary = FACET_VOCABULARY[facet]
    if vocabulary:
        return collection.vocabularies[vocabulary].label(code)
    if facet in ("requesting-state", "host-state"):
        return country_name(code)
    return code


def _dates(p: Precedent) -> list[PartialDate]:
    dates = [e.date for e in p.timeline]
    dates += [d for i in p.instruments for d in (i.issued, i.fate_date)]
    dates += [d for x in p.proceedings for d in (x.filed, x.decided)]
    return [d for d in dates if d is not None]


def facts_for(p: Precedent, backlinks: dict) -> Facts:
    dates = _dates(p)
    listed = [(r.id, r.note) for r in p.related]
    listed_ids = {r.id for r in p.related}
    extra = [(other, note) for other, note in backlinks.get(p.id, []) if other not in listed_ids]
    relied = _unique(g for x in p.proceedings for g in x.grounds)
    return Facts(
        first_year=min(d.year for d in dates) if dates else None,
        last_year=max(d.year for d in dates) if dates else None,
        sort_date=max(d.earliest for d in dates).isoformat() if dates else "0000-00-00",
        instrument_types=_unique(i.type for i in p.instruments),
        forums=_unique(x.forum for x in p.proceedings),
        legal_grounds=relied,
        argued_grounds=_unique(g for x in p.proceedings for g in x.argued_grounds if g not in relied),
        recommendations=_unique(r for lesson in p.lessons for r in lesson.recommendations),
        related=tuple(listed + sorted(extra)),
    )


def derive(collection: Collection) -> Derived:
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
        groups = [Group(code, facet_label(collection, facet, code), newest_first(ids)) for code, ids in members.items()]
        if facet == "year":
            groups.sort(key=lambda g: g.code, reverse=True)
        else:
            groups.sort(key=lambda g: (-len(g.members), g.label, g.code))
        facets[facet] = tuple(groups)

    by_recommendation: dict = defaultdict(list)
    for p in collection.precedents:
        for code in facts[p.id].recommendations:
            by_recommendation[code].append(p.id)
    return Derived(facts, facets, {k: newest_first(v) for k, v in sorted(by_recommendation.items())})
