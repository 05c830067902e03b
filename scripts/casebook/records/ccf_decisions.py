"""The CCF decisions digest: the CCF's published decision excerpts, one light entry each.

Consumes: ``precedents/reference/ccf-decisions.yml`` (what each excerpt's header shows:
number, year, chamber and session where shown, data types, decision, the CCF's own
tags verbatim; where the excerpt is; how much of it was read; the precedent written
from it, if any), its JSON Schema beside it, the vocabularies (``ccf_data_types``,
``ccf_decisions``, ``legal_grounds``) and the ids of the collection's records.
Produces: a ``CcfDigest`` of frozen dataclasses, and ``Problem``s printed as
``path:LINE: field: message`` like every other check, so ``casebook check`` and the
build refuse a bad entry exactly as they refuse a bad record.

Why entries and not precedents: an excerpt read only to its header says which rules
were at issue and what the CCF decided, nothing of the person, the facts or the
reasons. A precedent page would have to invent a narrative, or stand empty; an entry
says what is known and that the rest was not read. A precedent can be written from an
excerpt later (``precedent:`` names it); the digest and the precedent then link to each
other, and the entry stays what it is.

Steps: load the file with the strict loader; validate it against its schema (the same
explanations as for records); run the checks in ``CHECKS``; build the model, which is
built only when there is no error. A link to a precedent missing from the collection is
a warning, not an error: the digest belongs to the project, the records folder may be
another (tests, a contributor's scratch folder), and the page simply leaves the link out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .load import Document, dotted, load_file
from .problems import WARNING, Problem, display_path
from .validate import load_schema, make_validator, validate
from .vocabularies import Vocabularies

FILE_NAME = "ccf-decisions.yml"
SCHEMA_NAME = "ccf-decisions.schema.json"
SOURCE_FILE = f"precedents/reference/{FILE_NAME}"  # as generated pages name it
MIRROR = "https://europeancourt.org/en/documents/interpol/commission-control-files/decision-excerpts/"
STORED_COPY = re.compile(r"https://europeancourt\.org/en/wp-json/wp/v2/pages/[0-9]+")
READ_HEADER = "header"


# --- the model ----------------------------------------------------------------------


def tag_code(text: str) -> str:
    """A tag's code for addresses and filters: its words, lower case, ASCII, hyphened.
    "Article 2 of INTERPOL’s Constitution (right to life)" ->
    "article-2-of-interpols-constitution-right-to-life"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


@dataclass(frozen=True)
class CcfTag:
    """One of the CCF's tags, as the excerpt writes it, and the legal ground it is filed
    under where the digest's ``tag_grounds`` says so."""

    text: str
    ground: str | None = None

    @property
    def code(self) -> str:
        return tag_code(self.text)


@dataclass(frozen=True)
class CcfExcerpt:
    number: int
    year: int
    url: str
    stored_copy: str
    data_types: tuple[str, ...]
    decision: str
    decision_as_shown: str
    tags: tuple[CcfTag, ...]
    read: str
    added: str  # YYYY-MM-DD
    chamber: str | None = None
    session: str | None = None
    revision: str | None = None
    precedent: str | None = None
    line: int = field(default=0, compare=False)  # where the entry starts in the file

    @property
    def key(self) -> str:
        """'2024-2': the mirror's address, this entry's page and its filters use it."""
        return f"{self.year}-{self.number}"

    @property
    def number_text(self) -> str:
        """'No. 2 (2024)', as the CCF numbers its decisions."""
        return f"No. {self.number} ({self.year})"

    @property
    def reasoning_read(self) -> bool:
        return self.read != READ_HEADER

    @property
    def grounds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.ground for t in self.tags if t.ground))


@dataclass(frozen=True)
class CcfDigest:
    excerpts: tuple[CcfExcerpt, ...]  # by year, then number
    tag_grounds: dict = field(default_factory=dict, repr=False)  # tag text -> ground code

    def by_key(self, key: str) -> CcfExcerpt:
        for excerpt in self.excerpts:
            if excerpt.key == key:
                return excerpt
        raise KeyError(key)

    def for_precedent(self, precedent_id: str) -> tuple[CcfExcerpt, ...]:
        return tuple(e for e in self.excerpts if e.precedent == precedent_id)


# --- loading ------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    document: Document
    vocabularies: Vocabularies
    known: frozenset | None  # ids of the project's records; None: not checked (another folder)
    today: dt.date


def load_ccf_decisions(
    folder: Path,
    vocabularies: Vocabularies,
    known: frozenset | None = None,
    today: dt.date | None = None,
    path: Path | None = None,
) -> tuple[CcfDigest | None, list[Problem]]:
    """The digest from ``folder`` (``precedents/reference/``), or from ``path`` if given
    (the broken fixtures), checked against the schema in ``folder``. ``known``: the ids
    of the project's records, which ``precedent:`` must name; None leaves that unchecked."""
    folder = Path(folder)
    path = Path(path) if path else folder / FILE_NAME
    shown = display_path(path)
    if not path.exists():
        return None, [Problem(shown, 1, "", "reference data file is missing")]
    document, problems = load_file(path, shown)
    if document is None:
        return None, problems
    if not (folder / SCHEMA_NAME).is_file():
        return None, [Problem(display_path(folder / SCHEMA_NAME), 1, "", f"the schema of {FILE_NAME} is missing")]
    problems = validate(document, make_validator(load_schema(folder / SCHEMA_NAME)))
    if problems or not vocabularies:
        return None, problems
    inputs = Inputs(document, vocabularies, None if known is None else frozenset(known), today or dt.date.today())
    problems = sorted((problem for check in CHECKS for problem in check(inputs)), key=lambda p: (p.line, p.field, p.message))
    if any(not p.is_warning for p in problems):
        return None, problems
    return _model(document), problems


# --- checks -------------------------------------------------------------------------


def _at(doc: Document, path, message: str, severity: str = "error") -> Problem:
    return Problem(doc.path, doc.line_of(path), dotted(path), message, severity)


def _excerpts(inputs: Inputs):
    return enumerate(inputs.document.data["excerpts"])


def check_numbers_unique_and_in_order(inputs: Inputs) -> list[Problem]:
    """One entry per decision, listed by year and then number (so a new one has one place)."""
    problems = []
    seen: dict = {}
    previous = None
    for index, e in _excerpts(inputs):
        key = (e["year"], e["number"])
        if key in seen:
            message = f"No. {e['number']} ({e['year']}) is also excerpts[{seen[key]}]; one entry per decision"
            problems.append(_at(inputs.document, ("excerpts", index, "number"), message))
        elif previous is not None and key < previous:
            message = (
                f"expected the excerpts by year, then number; No. {e['number']} ({e['year']}) "
                f"comes after No. {previous[1]} ({previous[0]})"
            )
            problems.append(_at(inputs.document, ("excerpts", index, "number"), message))
        seen.setdefault(key, index)
        previous = max(previous, key) if previous else key
    return problems


def check_dates(inputs: Inputs) -> list[Problem]:
    """A decision's year is not in the future; ``added`` is a real calendar day (it may be
    later than a test's pinned today: it is when the entry joined Casebook, not a fact)."""
    problems = []
    for index, e in _excerpts(inputs):
        if e["year"] > inputs.today.year:
            problems.append(
                _at(inputs.document, ("excerpts", index, "year"), f"expected a year not in the future; got {e['year']}")
            )
        try:
            dt.date.fromisoformat(e["added"])
        except ValueError:
            problems.append(
                _at(inputs.document, ("excerpts", index, "added"), f"expected a real calendar date; got {e['added']!r}")
            )
    return problems


def check_addresses_match_the_number(inputs: Inputs) -> list[Problem]:
    """The mirror's address names the decision (…/decision-excerpts/2024-2/); the stored
    copy is the mirror's page as stored (…/wp-json/wp/v2/pages/<n>), one per entry."""
    problems = []
    copies: dict = {}
    for index, e in _excerpts(inputs):
        expected = f"{MIRROR}{e['year']}-{e['number']}/"
        if e["url"] != expected:
            problems.append(_at(inputs.document, ("excerpts", index, "url"), f"expected {expected}; got {e['url']!r}"))
        copy = e["stored_copy"]
        if not STORED_COPY.fullmatch(copy):
            message = f"expected https://europeancourt.org/en/wp-json/wp/v2/pages/<number>; got {copy!r}"
            problems.append(_at(inputs.document, ("excerpts", index, "stored_copy"), message))
        elif copy in copies:
            message = f"the same stored copy as excerpts[{copies[copy]}]; each excerpt has its own page"
            problems.append(_at(inputs.document, ("excerpts", index, "stored_copy"), message))
        copies.setdefault(copy, index)
    return problems


def check_tag_grounds(inputs: Inputs) -> list[Problem]:
    """Each mapped tag once, to a legal-ground code that exists, and written as some
    excerpt writes it (a mapping no tag uses is a typo in one of the two)."""
    problems = []
    grounds = list(inputs.vocabularies["legal_grounds"].codes)
    used = {tag for e in inputs.document.data["excerpts"] for tag in e["tags"]}
    seen: dict = {}
    for index, mapping in enumerate(inputs.document.data["tag_grounds"]):
        tag, ground = mapping["tag"], mapping["ground"]
        if tag in seen:
            message = f"{tag!r} is mapped twice (also tag_grounds[{seen[tag]}]); a tag means one ground"
            problems.append(_at(inputs.document, ("tag_grounds", index, "tag"), message))
        seen.setdefault(tag, index)
        if tag not in used:
            close = difflib.get_close_matches(tag, sorted(used), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            message = f"no excerpt has the tag {tag!r}; write it exactly as the excerpts do{hint}"
            problems.append(_at(inputs.document, ("tag_grounds", index, "tag"), message))
        if ground not in grounds:
            close = difflib.get_close_matches(ground, grounds, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"expected a code from precedents/vocabularies/legal_grounds.yml; got {ground!r}{hint}"
            problems.append(_at(inputs.document, ("tag_grounds", index, "ground"), message))
    return problems


def check_decision_line_matches(inputs: Inputs) -> list[Problem]:
    """The coded decision must be what the header's decision line says, in its words:
    'Not compliant' is not-compliant, and a revision is named when the line names one."""
    problems = []
    for index, e in _excerpts(inputs):
        shown = " ".join(e["decision_as_shown"].lower().split())
        finding = shown.rsplit(",", 1)[-1].strip()
        if finding.replace(" ", "-") != e["decision"]:
            message = (
                f"the header's decision line reads {e['decision_as_shown']!r}; expected decision: {finding.replace(' ', '-')}"
            )
            problems.append(_at(inputs.document, ("excerpts", index, "decision"), message))
        says_revision = "revision" in shown
        revision = e.get("revision")
        if says_revision and not revision:
            expected = "revision-conditions-not-met" if "not met" in shown else "revision-conditions-met"
            message = f"the header's decision line reads {e['decision_as_shown']!r}; expected revision: {expected}"
            problems.append(_at(inputs.document, ("excerpts", index), message))
        elif revision and not says_revision:
            message = f"the header's decision line reads {e['decision_as_shown']!r}, which names no revision; remove revision"
            problems.append(_at(inputs.document, ("excerpts", index, "revision"), message))
        elif revision and ("not met" in shown) != (revision == "revision-conditions-not-met"):
            message = f"the header's decision line reads {e['decision_as_shown']!r}; revision says {revision}"
            problems.append(_at(inputs.document, ("excerpts", index, "revision"), message))
    return problems


def check_precedents_exist(inputs: Inputs) -> list[Problem]:
    """A warning, not an error: a copy of the project may hold fewer records (a test, a
    fork's preview); the pages then leave the link out. Another folder given with
    --precedents is not the digest's collection (known is None), and a project with no
    records yet has none to link to: neither is checked."""
    if not inputs.known:  # another folder, or a project with no records yet: nothing to link to
        return []
    problems = []
    for index, e in _excerpts(inputs):
        precedent = e.get("precedent")
        if precedent and precedent not in inputs.known:
            message = f"no precedent {precedent!r} in precedents/, so the pages leave the link out"
            problems.append(_at(inputs.document, ("excerpts", index, "precedent"), message, WARNING))
    return problems


CHECKS = (
    check_numbers_unique_and_in_order,
    check_dates,
    check_addresses_match_the_number,
    check_tag_grounds,
    check_decision_line_matches,
    check_precedents_exist,
)


# --- the model ----------------------------------------------------------------------


def _model(document: Document) -> CcfDigest:
    data = document.data
    tag_grounds = {m["tag"]: m["ground"] for m in data["tag_grounds"]}
    excerpts = tuple(
        CcfExcerpt(
            number=e["number"],
            year=e["year"],
            url=e["url"],
            stored_copy=e["stored_copy"],
            data_types=tuple(e["data_types"]),
            decision=e["decision"],
            decision_as_shown=" ".join(e["decision_as_shown"].split()),
            tags=tuple(CcfTag(" ".join(t.split()), tag_grounds.get(t)) for t in e["tags"]),
            read=e["read"],
            added=e["added"],
            chamber=e.get("chamber"),
            session=" ".join(e["session"].split()) if e.get("session") else None,
            revision=e.get("revision"),
            precedent=e.get("precedent"),
            line=document.line_of(("excerpts", index)),
        )
        for index, e in enumerate(data["excerpts"])
    )
    return CcfDigest(tuple(sorted(excerpts, key=lambda e: (e.year, e.number))), tag_grounds)
