"""Semantic checks: what the schema cannot say about a record or a collection.

Consumes: schema-valid ``Document``s (data plus line numbers).
Produces: lists of ``Problem``s. Each check is a small function named after what it
checks; ``RECORD_CHECKS`` and ``COLLECTION_CHECKS`` are the dispatch tables, so adding
a rule is adding a function and a line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import PurePath

import pycountry

from .anonymity import Guard, check_record
from .countries import code_for, country_name
from .load import Document, dotted
from .model import DEFAULT_LANGUAGE, FROM_SUFFIX, PartialDate, source_hash
from .problems import Problem

# The start of a link target: inline "[text](target ...)" or a reference definition
# "[label]: target". Only the start matters (the scheme), so the target's own brackets
# and parentheses cannot hide it.
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^\s>]*)|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]*)", re.M)
# Forums that belong to one state: the page names the state, so the record must give it.
NATIONAL_FORUMS_NEEDING_STATE = {"national-court", "prosecutor", "government", "asylum-authority"}
# Source kinds that are by definition the person's own side's account.
# Fields whose schema is $defs/text or $defs/label_text (text that may carry
# translations); pinned equal to the schema by tests/test_checks.py.
PROSE_FIELDS = frozenset(
    "summary headnote states_note description note type_note claimed event text outcome_summary unconfirmed "
    "title when issued_by body place".split()
)
PARTISAN_SOURCE_KINDS = {"firm-article", "lawyers-account"}


@dataclass(frozen=True)
class Context:
    today: dt.date
    anonymity: Guard = Guard()  # the redaction list and known words (see anonymity.py)


def _problem(doc: Document, path, message: str, line: int | None = None) -> Problem:
    return Problem(doc.path, line or doc.line_of(path), dotted(path), message)


DATE_FIELDS = {"date", "issued", "fate_date", "filed", "decided", "start", "end", "ordered"}


def _dates(doc: Document):
    """(path, PartialDate) for every date field that parses."""
    for path, value in doc.items:
        if path and path[-1] in DATE_FIELDS and value is not None:
            try:
                yield path, PartialDate.parse(value)
            except ValueError:
                continue


# --- record checks -------------------------------------------------------------


def check_id_matches_file_name(doc: Document, ctx: Context) -> list[Problem]:
    stem = PurePath(doc.path).stem
    if doc.data["id"] != stem:
        return [
            _problem(
                doc,
                ("id",),
                f"expected the file name without .yml, {stem!r}; got {doc.data['id']!r} "
                f"(rename the file to {doc.data['id']}.yml or change the id)",
            )
        ]
    return []


def check_dates_are_real(doc: Document, ctx: Context) -> list[Problem]:
    problems = []
    for path, value in doc.items:
        if path and path[-1] in DATE_FIELDS and value is not None:
            try:
                PartialDate.parse(value)
            except ValueError as error:
                expected = "a range that ends after it starts" if str(error).startswith("a range") else "a real calendar date"
                problems.append(_problem(doc, path, f"expected {expected}; got {str(value)!r}"))
    return problems


def check_dates_not_in_future(doc: Document, ctx: Context) -> list[Problem]:
    return [
        _problem(doc, path, f"expected a date not in the future; got {date.iso!r}")
        for path, date in _dates(doc)
        if date.earliest > ctx.today
    ]


def check_decided_not_before_filed(doc: Document, ctx: Context) -> list[Problem]:
    return _pairs_in_order(doc, "proceedings", "filed", "decided")


def check_fate_not_before_issue(doc: Document, ctx: Context) -> list[Problem]:
    return _pairs_in_order(doc, "instruments", "issued", "fate_date")


def _pairs_in_order(doc: Document, section: str, first: str, second: str) -> list[Problem]:
    problems = []
    for index, item in enumerate(doc.data.get(section, [])):
        try:
            start = PartialDate.parse(item.get(first))
            end = PartialDate.parse(item.get(second))
        except ValueError:
            continue  # reported by check_dates_are_real
        if start and end and end.latest < start.earliest:
            problems.append(
                _problem(
                    doc,
                    (section, index, second),
                    f"expected a date not before {first} ({start.iso}); got {end.iso!r}",
                )
            )
    return problems


def check_timeline_chronological(doc: Document, ctx: Context) -> list[Problem]:
    problems = []
    previous: tuple[int, PartialDate] | None = None
    for index, event in enumerate(doc.data["timeline"]):
        try:
            date = PartialDate.parse(event.get("date"))
        except ValueError:
            continue
        if date is None:
            continue
        if previous and date.latest < previous[1].earliest:
            problems.append(
                _problem(
                    doc,
                    ("timeline", index, "date"),
                    f"expected events in date order; {date.iso} comes after timeline[{previous[0]}] dated {previous[1].iso}",
                )
            )
        previous = (index, date)
    return problems


def check_date_qualifier_has_date(doc: Document, ctx: Context) -> list[Problem]:
    return [
        _problem(doc, ("timeline", i, "date_qualifier"), "a date_qualifier needs a date; add one or remove it")
        for i, event in enumerate(doc.data["timeline"])
        if "date_qualifier" in event and event.get("date") is None
    ]


def check_country_codes_exist(doc: Document, ctx: Context) -> list[Problem]:
    problems = []
    for path, value in doc.items:
        if not path or not isinstance(value, str):
            continue
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        if field not in ("requesting_states", "host_states", "nationality", "state", "by"):
            continue
        if re.fullmatch(r"[A-Z]{2}", value) and pycountry.countries.get(alpha_2=value) is None:
            problems.append(
                _problem(doc, path, f"expected an ISO 3166-1 alpha-2 country code; got {value!r}{_country_hint(value)}")
            )
    return problems


def _country_hint(code: str) -> str:
    right = code_for(code)
    if right and right != code:
        return f" (did you mean '{right}', {country_name(right)}?)"
    return ""


def check_firm_case_study_names_nobody(doc: Document, ctx: Context) -> list[Problem]:
    if doc.data["kind"] == "firm-case-study" and "name" in doc.data["person"]:
        return [
            _problem(
                doc,
                ("person", "name"),
                "a firm case study must not name the person; remove the name (only public-record cases carry one)",
            )
        ]
    return []


def check_no_personal_data(doc: Document, ctx: Context) -> list[Problem]:
    """Contacts, document numbers, dates of birth, addresses, names in firm case studies,
    and the private redaction list: the rules live in anonymity.py."""
    return check_record(doc, ctx.anonymity)


def check_reviewed_has_date(doc: Document, ctx: Context) -> list[Problem]:
    review = doc.data["review"]
    if review["status"] == "reviewed":
        date = review.get("date")
        if date is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
            got = "nothing" if date is None else repr(str(date))
            return [_problem(doc, ("review", "date"), f"a reviewed record needs the review date as YYYY-MM-DD; got {got}")]
    return []


def check_uncertain_type_is_explained(doc: Document, ctx: Context) -> list[Problem]:
    return [
        _problem(doc, ("instruments", i, "type_certain"), "an uncertain type needs a type_note saying what the sources say")
        for i, instrument in enumerate(doc.data["instruments"])
        if instrument.get("type_certain") is False and not instrument.get("type_note")
    ]


def check_national_forum_has_state(doc: Document, ctx: Context) -> list[Problem]:
    return [
        _problem(doc, ("proceedings", i, "forum"), f"a {p['forum']} proceeding needs the state (an ISO code) of the forum")
        for i, p in enumerate(doc.data["proceedings"])
        if p["forum"] in NATIONAL_FORUMS_NEEDING_STATE and not p.get("state")
    ]


def check_ground_listed_once(doc: Document, ctx: Context) -> list[Problem]:
    """A proceeding names a ground once, with the one status the sources support."""
    problems = []
    for i, p in enumerate(doc.data["proceedings"]):
        seen: dict[str, int] = {}
        for j, ground in enumerate(p.get("grounds", [])):
            if ground["code"] in seen:
                problems.append(
                    _problem(
                        doc,
                        ("proceedings", i, "grounds", j, "code"),
                        f"{ground['code']!r} is already listed at grounds[{seen[ground['code']]}]; list a ground once, "
                        "with the status the sources support (relied-on, contested or argued)",
                    )
                )
            seen.setdefault(ground["code"], j)
    return problems


def check_contested_ground_is_explained(doc: Document, ctx: Context) -> list[Problem]:
    return [
        _problem(
            doc,
            ("proceedings", i, "grounds", j, "status"),
            "a contested ground needs a note saying which sources report it and which dispute it",
        )
        for i, p in enumerate(doc.data["proceedings"])
        for j, ground in enumerate(p.get("grounds", []))
        if ground["status"] == "contested" and not ground.get("note")
    ]


def check_detention_periods(doc: Document, ctx: Context) -> list[Problem]:
    """Periods only for a person detained; each ends after it starts, gives an end or a
    length but not both, and begins after the previous one ended."""
    detention = doc.data.get("detention")
    if not detention or not detention.get("periods"):
        return []
    if detention["detained"] != "yes":
        return [
            _problem(
                doc,
                ("detention", "periods"),
                f"periods of detention need detained: yes; got detained: {detention['detained']}",
            )
        ]
    problems = []
    previous = None
    for i, period in enumerate(detention["periods"]):
        if "end" in period and "duration" in period:
            problems.append(
                _problem(
                    doc,
                    ("detention", "periods", i, "duration"),
                    "give the end date or the length (duration), not both: the total is computed from the dates",
                )
            )
        try:
            start, end = PartialDate.parse(period.get("start")), PartialDate.parse(period.get("end"))
        except ValueError:
            continue  # reported by check_dates_are_real
        if start and end and end.latest < start.earliest:
            problems.append(
                _problem(
                    doc, ("detention", "periods", i, "end"), f"expected a date not before start ({start.iso}); got {end.iso!r}"
                )
            )
        if start and previous and start.latest < previous.earliest:
            problems.append(
                _problem(
                    doc,
                    ("detention", "periods", i, "start"),
                    f"expected periods in order, each starting after the previous one ended ({previous.iso}); got {start.iso!r}",
                )
            )
        previous = end or start or previous
    return problems


def check_unspecified_alert_is_marked_uncertain(doc: Document, ctx: Context) -> list[Problem]:
    return [
        _problem(
            doc,
            ("instruments", i, "type"),
            "an interpol-alert-unspecified instrument has an unconfirmed type by definition; "
            "set type_certain: false and say in type_note what the sources call it",
        )
        for i, instrument in enumerate(doc.data["instruments"])
        if instrument["type"] == "interpol-alert-unspecified" and instrument.get("type_certain") is not False
    ]


def check_own_side_sources_are_partisan(doc: Document, ctx: Context) -> list[Problem]:
    return [
        _problem(
            doc,
            ("sources", i, "partisan"),
            f"a {source['kind']} source is the account of the person's own side; set partisan: true",
        )
        for i, source in enumerate(doc.data["sources"])
        if source["kind"] in PARTISAN_SOURCE_KINDS and source.get("partisan") is not True
    ]


def check_independent_sources_not_overcounted(doc: Document, ctx: Context) -> list[Problem]:
    """A record cannot claim more independent confirmation than its non-partisan sources can give."""
    claimed = doc.data["sourcing"].get("independent_sources")
    if claimed is None:
        return []
    publishers = {
        " ".join(str(s.get("publisher") or s["title"]).split()).casefold() for s in doc.data["sources"] if not s.get("partisan")
    }
    if claimed > len(publishers):
        return [
            _problem(
                doc,
                ("sourcing", "independent_sources"),
                f"expected at most {len(publishers)}, the number of distinct publishers among the non-partisan sources; "
                f"got {claimed}",
            )
        ]
    return []


def _is_prose_path(path) -> bool:
    """Prose fields (schema $defs/text) are the only ones that take a translation map;
    ``related[0]`` = {id: ...} must not read as a text in Indonesian."""
    names = [p for p in path if isinstance(p, str)]
    return bool(names) and names[-1] in PROSE_FIELDS and (isinstance(path[-1], str) or names[-1] == "unconfirmed")


def check_translations_include_record_language(doc: Document, ctx: Context) -> list[Problem]:
    language = doc.data.get("language", DEFAULT_LANGUAGE)
    return [
        _problem(doc, path, f"a text with translations must include the record's language ({language!r}); got {', '.join(value)}")
        for path, value in doc.items
        if path and isinstance(value, dict) and value and _is_prose_path(path) and language not in value
    ]


def check_translations_are_current(doc: Document, ctx: Context) -> list[Problem]:
    """A translation records the hash of the text it was made from (``ru_from``); when the
    source text has changed since, the translation is stale: a warning, which does not
    fail the check or the build (the page shows the old translation with a note)."""
    language = doc.data.get("language", DEFAULT_LANGUAGE)
    problems = []
    for path, value in doc.items:
        if not (path and isinstance(value, dict) and _is_prose_path(path) and isinstance(value.get(language), str)):
            continue
        current = source_hash(value[language])
        for key in value:
            if not isinstance(key, str) or key.endswith(FROM_SUFFIX) or key == language:
                continue
            recorded = value.get(f"{key}{FROM_SUFFIX}")
            if recorded is None:
                message = f"the {key} translation does not say which text it was made from; add {key}{FROM_SUFFIX}: {current}"
            elif recorded != current:
                message = (
                    f"the {key} translation is stale: the {language} text changed since it was made "
                    f"({key}{FROM_SUFFIX}: {recorded}; the {language} text is now {current}); update it"
                )
            else:
                continue
            problems.append(Problem(doc.path, doc.line_of(path + (key,)), dotted(path + (key,)), message, severity="warning"))
    return problems


def check_links_in_text_are_web_addresses(doc: Document, ctx: Context) -> list[Problem]:
    problems = []
    for path, value in doc.items:
        if isinstance(value, str) and "]" in value:
            for inline, reference in MARKDOWN_LINK.findall(value):
                target = _until_closing_parenthesis(inline) if inline else reference
                if not re.match(r"https?://", target):
                    problems.append(_problem(doc, path, f"expected links to http:// or https:// addresses; got {target[:60]!r}"))
    return problems


def _until_closing_parenthesis(text: str) -> str:
    """'javascript:alert(1))." -> 'javascript:alert(1)': the target ends at its link's ')'."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return text[:index]
    return text


RECORD_CHECKS = (
    check_id_matches_file_name,
    check_dates_are_real,
    check_dates_not_in_future,
    check_decided_not_before_filed,
    check_fate_not_before_issue,
    check_timeline_chronological,
    check_date_qualifier_has_date,
    check_country_codes_exist,
    check_firm_case_study_names_nobody,
    check_no_personal_data,
    check_reviewed_has_date,
    check_uncertain_type_is_explained,
    check_national_forum_has_state,
    check_ground_listed_once,
    check_contested_ground_is_explained,
    check_detention_periods,
    check_unspecified_alert_is_marked_uncertain,
    check_own_side_sources_are_partisan,
    check_independent_sources_not_overcounted,
    check_translations_include_record_language,
    check_translations_are_current,
    check_links_in_text_are_web_addresses,
)


# --- collection checks ----------------------------------------------------------


def check_ids_unique(docs: list[Document]) -> list[Problem]:
    seen: dict[str, Document] = {}
    problems = []
    for doc in docs:
        key = str(doc.data.get("id", "")).lower()
        if key in seen:
            problems.append(_problem(doc, ("id",), f"expected a unique id; {doc.data['id']!r} is also used by {seen[key].path}"))
        else:
            seen[key] = doc
    return problems


# A valid id: what a "did you mean" may suggest.
VALID_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_related_resolve(docs: list[Document], known: frozenset[str] = frozenset()) -> list[Problem]:
    """``known``: ids of records that exist but could not be read or checked (their file
    names); a link to one is not a problem of the linking record: the broken record
    reports its own."""
    ids = sorted(str(d.data.get("id")) for d in docs)
    existing = {i.lower() for i in ids} | {k.lower() for k in known}
    suggestions = sorted({i for i in ids if VALID_ID.fullmatch(i)} | {k for k in known if VALID_ID.fullmatch(k)})
    problems = []
    for doc in docs:
        entries = doc.data.get("related")
        for index, related in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(related, dict):
                continue
            target = related.get("id")
            if target == doc.data.get("id"):
                problems.append(_problem(doc, ("related", index, "id"), "a precedent cannot be related to itself"))
            elif str(target).lower() not in existing:
                close = difflib.get_close_matches(str(target), suggestions, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    _problem(doc, ("related", index, "id"), f"expected the id of another precedent; got {target!r}{hint}")
                )
    return problems


def check_aliases_unique_and_retired(docs: list[Document]) -> list[Problem]:
    """A former id redirects to exactly one precedent and is never a live id again."""
    live = {str(d.data.get("id", "")).lower(): d for d in docs}
    owner: dict[str, Document] = {}
    problems = []
    for doc in docs:
        aliases = doc.data.get("aliases")
        for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
            key = str(alias).lower()
            if key in live:
                other = live[key]
                whose = "its own id" if other is doc else f"the id of {other.path}"
                problems.append(_problem(doc, ("aliases", index), f"expected a former id no longer in use; {alias!r} is {whose}"))
            elif key in owner and owner[key] is not doc:
                problems.append(
                    _problem(
                        doc, ("aliases", index), f"expected a unique former id; {alias!r} is also an alias of {owner[key].path}"
                    )
                )
            else:
                owner.setdefault(key, doc)
    return problems


COLLECTION_CHECKS = (check_ids_unique, check_related_resolve, check_aliases_unique_and_retired)


def run_record_checks(doc: Document, ctx: Context) -> list[Problem]:
    return [problem for check in RECORD_CHECKS for problem in check(doc, ctx)]


def run_collection_checks(docs: list[Document], known: frozenset[str] = frozenset()) -> list[Problem]:
    """``known``: ids (file names) of records that could not be read, which still exist."""
    return [
        problem
        for check in COLLECTION_CHECKS
        for problem in (check(docs, known) if check is check_related_resolve else check(docs))
    ]
