"""The precedent model: frozen dataclasses built once from validated records.

Consumes: the plain data of a record that passed schema validation.
Produces: a ``Precedent``. After this boundary no code indexes into raw dicts; every
later stage reads attributes. Prose fields become ``Text`` (one string per language),
partial dates become ``PartialDate`` (which knows its precision and its earliest and
latest possible day; a range START/END is one too), lengths of time ``Duration``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

DEFAULT_LANGUAGE = "en"


def source_hash(text: str) -> str:
    """8 hex digits of the SHA-256 of a text: what a translation records as the source it
    was made from (``ru_from``), so a change to the source shows it is stale."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:8]


FROM_SUFFIX = "_from"


@dataclass(frozen=True)
class Text:
    """Prose in one or more languages: ((language, text), ...), the record's language
    first; and, for each translation, the hash of the text it was made from
    (``made_from``: ((language, hash), ...)), written ``ru_from: 1a2b3c4d`` beside it."""

    versions: tuple[tuple[str, str], ...]
    made_from: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, value, language: str) -> Text | None:
        if value is None:
            return None
        if isinstance(value, str):
            return cls(((language, value.strip()),))
        versions = [(lang, str(text).strip()) for lang, text in value.items() if not lang.endswith(FROM_SUFFIX)]
        versions.sort(key=lambda version: version[0] != language)  # the source language first
        made_from = tuple((key.removesuffix(FROM_SUFFIX), str(h)) for key, h in value.items() if key.endswith(FROM_SUFFIX))
        return cls(tuple(versions), made_from)

    def get(self, language: str = DEFAULT_LANGUAGE) -> str:
        for lang, text in self.versions:
            if lang == language:
                return text
        return self.versions[0][1]

    def has(self, language: str) -> bool:
        return any(lang == language for lang, _ in self.versions)

    @property
    def source_language(self) -> str:
        return self.versions[0][0]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.versions)

    def made_from_hash(self, language: str) -> str | None:
        return dict(self.made_from).get(language)

    def stale(self, language: str) -> bool:
        """A translation made from a source text that has changed since."""
        recorded = self.made_from_hash(language)
        return recorded is not None and self.has(language) and recorded != source_hash(self.versions[0][1])

    def as_data(self):
        """As the record writes it: a string, or a map with the translations' sources."""
        if len(self.versions) == 1 and not self.made_from:
            return self.versions[0][1]
        return dict(self.versions) | {f"{lang}{FROM_SUFFIX}": h for lang, h in self.made_from}

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class PartialDate:
    """YYYY, YYYY-MM or YYYY-MM-DD, as precise as the sources allow; or a range of two
    such dates, START/END (ISO 8601), for a date the sources give only as a range
    ("19-20 July 2021"): ``until`` is then its end."""

    year: int
    month: int | None = None
    day: int | None = None
    until: PartialDate | None = None

    @classmethod
    def parse(cls, value) -> PartialDate | None:
        """Parse; ``None`` for a missing value; ``ValueError`` for an impossible date or a
        range that ends before it starts."""
        if value is None:
            return None
        start, _, end = str(value).partition("/")
        date = cls._one(start)
        if end:
            until = cls._one(end)
            if until.latest < date.earliest or until == date:
                raise ValueError(f"a range must end after it starts: {value}")
            date = cls(date.year, date.month, date.day, until)
        return date

    @classmethod
    def _one(cls, text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        date = cls(*parts)
        # Raises ValueError for month 13, 30 February, and month or day 00 (which
        # ``earliest`` alone would read as "not given").
        dt.date(date.year, 1 if len(parts) < 2 else date.month, 1 if len(parts) < 3 else date.day)
        return date

    @property
    def start(self) -> PartialDate:
        """The date itself, or a range's first date."""
        return PartialDate(self.year, self.month, self.day) if self.until else self

    @property
    def precision(self) -> str:
        """day, month or year; "range" for a range (which is never one precise day)."""
        if self.until:
            return "range"
        return "day" if self.day else "month" if self.month else "year"

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.until:
            return self.until.latest
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    @property
    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out + (f"/{self.until.iso}" if self.until else "")

    def __str__(self) -> str:
        return self.iso


_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")


@dataclass(frozen=True)
class Duration:
    """A length of time as the sources give it, ISO 8601: P60D, P7M, P1Y6M."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, value) -> Duration | None:
        if value is None:
            return None
        match = _DURATION.fullmatch(str(value))
        if not match or not any(match.groups()):
            raise ValueError(f"not an ISO 8601 duration: {value}")
        return cls(*(int(g or 0) for g in match.groups()))

    @property
    def iso(self) -> str:
        parts = [(self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D")]
        return "P" + "".join(f"{n}{unit}" for n, unit in parts if n)

    @property
    def min_days(self) -> int:
        """The fewest days it can mean (a month of 28 days, a year of 365)."""
        return self.years * 365 + self.months * 28 + self.weeks * 7 + self.days

    @property
    def max_days(self) -> int:
        return self.years * 366 + self.months * 31 + self.weeks * 7 + self.days

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Protection:
    """A refugee or asylum status, granted or applied for."""

    status: str
    by: str | None  # ISO code of the state, or "UNHCR"
    date: PartialDate | None
    note: Text | None


@dataclass(frozen=True)
class Person:
    name: str | None
    description: Text | None
    nationality: tuple[str, ...]
    status_at_home: str
    profiles: tuple[str, ...]
    protection: tuple[Protection, ...] = ()


@dataclass(frozen=True)
class DetentionPeriod:
    start: PartialDate | None
    end: PartialDate | None
    duration: Duration | None
    approximate: bool | None  # None where the record does not say
    state: str | None
    place: Text | None
    basis: str
    note: Text | None


@dataclass(frozen=True)
class Detention:
    detained: str
    periods: tuple[DetentionPeriod, ...]
    note: Text | None


@dataclass(frozen=True)
class Instrument:
    type: str
    type_certain: bool
    type_note: Text | None
    issued_by: Text | None
    issued: PartialDate | None
    claimed: Text | None
    fate: str
    fate_date: PartialDate | None
    note: Text | None


@dataclass(frozen=True)
class Identifier:
    scheme: str
    value: str


@dataclass(frozen=True)
class Measure:
    kind: str
    ordered: PartialDate | None
    term: Duration | None
    note: Text | None


@dataclass(frozen=True)
class Ground:
    """A legal ground in a proceeding, and how it is known: relied-on, argued or contested."""

    code: str
    status: str
    note: Text | None


@dataclass(frozen=True)
class Proceeding:
    forum: str
    state: str | None
    body: Text | None
    kind: str
    description: Text | None
    filed: PartialDate | None
    decided: PartialDate | None
    outcome: str
    measures: tuple[Measure, ...]
    grounds: tuple[Ground, ...]
    identifiers: tuple[Identifier, ...]

    def grounds_with(self, status: str) -> tuple[str, ...]:
        return tuple(g.code for g in self.grounds if g.status == status)


@dataclass(frozen=True)
class OnwardMove:
    kind: str
    state: str
    date: PartialDate | None
    note: Text | None


@dataclass(frozen=True)
class Event:
    date: PartialDate | None
    date_qualifier: str
    when: Text | None
    event: Text


@dataclass(frozen=True)
class Lesson:
    text: Text
    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class Related:
    id: str
    note: Text | None


@dataclass(frozen=True)
class Source:
    kind: str
    title: str
    publisher: str | None
    author: str | None
    date: PartialDate | None
    date_note: str | None
    url: str | None
    citation: str | None
    partisan: bool
    language: str | None
    identifiers: tuple[Identifier, ...] = ()


@dataclass(frozen=True)
class Sourcing:
    strength: str
    independent_sources: int | None
    note: Text | None


@dataclass(frozen=True)
class Review:
    status: str
    date: PartialDate | None
    note: Text | None


@dataclass(frozen=True)
class Precedent:
    id: str
    path: str
    kind: str
    language: str
    title: Text
    summary: Text
    headnote: Text
    requesting_states: tuple[str, ...]
    host_states: tuple[str, ...]
    states_note: Text | None
    person: Person
    detention: Detention | None
    instruments: tuple[Instrument, ...]
    proceedings: tuple[Proceeding, ...]
    timeline: tuple[Event, ...]
    outcomes: tuple[str, ...]
    outcome_summary: Text | None
    onward_moves: tuple[OnwardMove, ...]
    misuse_patterns: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    related: tuple[Related, ...]
    sources: tuple[Source, ...]
    sourcing: Sourcing
    unconfirmed: tuple[Text, ...]
    review: Review
    aliases: tuple[str, ...] = ()  # former ids; their old pages redirect here


def precedent_from_data(data: dict, path: str) -> Precedent:
    """Build the model from schema-valid data (dates already checked to be real)."""
    lang = data.get("language", DEFAULT_LANGUAGE)

    def text(value):
        return Text.of(value, lang)

    def date(value):
        return PartialDate.parse(value)

    def identifiers(values):
        return tuple(Identifier(x["scheme"], str(x["value"])) for x in values or ())

    person = data["person"]
    detention = data.get("detention")
    return Precedent(
        id=data["id"],
        path=path,
        kind=data["kind"],
        language=lang,
        title=text(data["title"]),
        summary=text(data["summary"]),
        headnote=text(data["headnote"]),
        requesting_states=tuple(data["requesting_states"]),
        host_states=tuple(data["host_states"]),
        states_note=text(data.get("states_note")),
        person=Person(
            name=person.get("name"),
            description=text(person.get("description")),
            nationality=tuple(person.get("nationality", ())),
            status_at_home=person["status_at_home"],
            profiles=tuple(person["profiles"]),
            protection=tuple(
                Protection(x["status"], x.get("by"), date(x.get("date")), text(x.get("note")))
                for x in person.get("protection", ())
            ),
        ),
        detention=Detention(
            detention["detained"],
            tuple(
                DetentionPeriod(
                    start=date(x.get("start")),
                    end=date(x.get("end")),
                    duration=Duration.parse(x.get("duration")),
                    approximate=x.get("approximate"),
                    state=x.get("state"),
                    place=text(x.get("place")),
                    basis=x["basis"],
                    note=text(x.get("note")),
                )
                for x in detention.get("periods", ())
            ),
            text(detention.get("note")),
        )
        if detention
        else None,
        instruments=tuple(
            Instrument(
                type=i["type"],
                type_certain=i.get("type_certain", True),
                type_note=text(i.get("type_note")),
                issued_by=text(i.get("issued_by")),
                issued=PartialDate.parse(i.get("issued")),
                claimed=text(i.get("claimed")),
                fate=i["fate"],
                fate_date=PartialDate.parse(i.get("fate_date")),
                note=text(i.get("note")),
            )
            for i in data["instruments"]
        ),
        proceedings=tuple(
            Proceeding(
                forum=p["forum"],
                state=p.get("state"),
                body=text(p.get("body")),
                kind=p["kind"],
                description=text(p.get("description")),
                filed=PartialDate.parse(p.get("filed")),
                decided=PartialDate.parse(p.get("decided")),
                outcome=p["outcome"],
                measures=tuple(
                    Measure(m["kind"], date(m.get("ordered")), Duration.parse(m.get("term")), text(m.get("note")))
                    for m in p.get("measures", ())
                ),
                grounds=tuple(Ground(g["code"], g["status"], text(g.get("note"))) for g in p.get("grounds", ())),
                identifiers=identifiers(p.get("identifiers")),
            )
            for p in data["proceedings"]
        ),
        timeline=tuple(
            Event(
                date=PartialDate.parse(e.get("date")),
                date_qualifier=e.get("date_qualifier", "on"),
                when=text(e.get("when")),
                event=text(e["event"]),
            )
            for e in data["timeline"]
        ),
        outcomes=tuple(data["outcomes"]),
        outcome_summary=text(data.get("outcome_summary")),
        onward_moves=tuple(
            OnwardMove(m["kind"], m["state"], date(m.get("date")), text(m.get("note"))) for m in data.get("onward_moves", ())
        ),
        misuse_patterns=tuple(data.get("misuse_patterns", ())),
        lessons=tuple(Lesson(text(x["text"]), tuple(x.get("recommendations", ()))) for x in data.get("lessons", ())),
        related=tuple(Related(r["id"], text(r.get("note"))) for r in data.get("related", ())),
        sources=tuple(
            Source(
                kind=s["kind"],
                title=s["title"].strip(),
                publisher=s.get("publisher"),
                author=s.get("author"),
                date=PartialDate.parse(s.get("date")),
                date_note=s.get("date_note"),
                url=s.get("url"),
                citation=s.get("citation"),
                partisan=s.get("partisan", False),
                language=s.get("language"),
                identifiers=identifiers(s.get("identifiers")),
            )
            for s in data["sources"]
        ),
        sourcing=Sourcing(
            data["sourcing"]["strength"],
            data["sourcing"].get("independent_sources"),
            text(data["sourcing"].get("note")),
        ),
        unconfirmed=tuple(text(u) for u in data.get("unconfirmed", ())),
        review=Review(data["review"]["status"], PartialDate.parse(data["review"].get("date")), text(data["review"].get("note"))),
        aliases=tuple(data.get("aliases", ())),
    )
