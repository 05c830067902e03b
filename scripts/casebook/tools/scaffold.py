"""``casebook new``: scaffold a fully commented record for a new precedent.

Consumes: the few facts that decide the id and the file name (kind, requesting state,
year, short slug), from flags or, when stdin is a terminal, from prompts; the schema.
Produces: ``<precedents>/<id>.yml``, never overwriting an existing file. Every field is
there with a comment generated from ``precedents/schema.json`` (title, description,
required or optional, allowed values): required fields present and empty, so that
``casebook check`` lists what is left to fill in; optional ones commented out. The
first line points editors at the schema for completion and validation.
Steps: gather and validate the facts -> compose the id -> render -> write with ``x``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import pycountry

from ..records.countries import code_for, country_name
from ..records.problems import display_path
from ..records.schema_fields import Field, schema_fields

WIDTH = 88
WITHHELD_STATE = "xx"  # the id prefix where the sources withhold the requesting state
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Filled in by the scaffold; everything else is left for the contributor.
PREFILLED = {"id", "kind", "requesting_states", "review.status"}


class ScaffoldError(Exception):
    """A fact that cannot make a valid id; the message says why and what to write."""


@dataclass(frozen=True)
class Facts:
    kind: str
    requesting_state: str  # lower-case ISO code, or "xx"
    year: int
    slug: str

    @property
    def record_id(self) -> str:
        return f"{self.requesting_state}-{self.year}-{self.slug}"


# --- the facts: each parser takes what a person types and returns the canonical value ---


def parse_kind(text: str, kinds: tuple[str, ...]) -> str:
    value = text.strip().lower()
    if value not in kinds:
        raise ScaffoldError(f"kind: expected one of {', '.join(kinds)}; got {text.strip()!r}")
    return value


def parse_state(text: str) -> str:
    value = text.strip()
    if value.lower() == WITHHELD_STATE:
        return WITHHELD_STATE
    if not re.fullmatch(r"[A-Za-z]{2}", value) or pycountry.countries.get(alpha_2=value.upper()) is None:
        meant = code_for(value)
        hint = f" (did you mean '{meant}', {country_name(meant)}?)" if meant else ""
        raise ScaffoldError(
            f"requesting state: expected an ISO 3166-1 alpha-2 country code such as BY or RU, "
            f"or xx where the sources withhold it; got {value!r}{hint}"
        )
    return value.lower()


def parse_year(text: str, today: dt.date) -> int:
    value = str(text).strip()
    if not re.fullmatch(r"\d{4}", value) or not 1900 <= int(value) <= today.year:
        raise ScaffoldError(f"year: expected the year the case began, 1900 to {today.year}; got {value!r}")
    return int(value)


def parse_slug(text: str) -> str:
    """A few words about the case; made lower-case with hyphens ("Blue notice, then diffusion" works)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
    if not slug or not ID_PATTERN.fullmatch(slug):
        raise ScaffoldError(f"slug: expected a few words such as blue-notice-then-diffusion; got {text.strip()!r}")
    return slug


def gather_facts(given: dict, kinds: tuple[str, ...], today: dt.date, ask=None) -> Facts:
    """Facts from flags; ``ask(prompt) -> str`` fills the missing ones (re-asking on a bad answer).
    Without ``ask``, a missing fact is a ``ScaffoldError``."""
    parsers = {
        "kind": (lambda t: parse_kind(t, kinds), f"Kind of record ({' or '.join(kinds)})"),
        "requesting_state": (parse_state, "Requesting state (ISO code such as BY, or xx if withheld)"),
        "year": (lambda t: parse_year(t, today), "Year the case began (YYYY)"),
        "slug": (parse_slug, "Short slug, a few words (e.g. blue-notice-then-diffusion)"),
    }
    missing = [name for name in parsers if given.get(name) in (None, "")]
    if missing and ask is None:
        flags = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise ScaffoldError(f"missing {flags} (no terminal to ask; give them as flags)")
    values = {}
    for name, (parse, prompt) in parsers.items():
        if name not in missing:
            values[name] = parse(str(given[name]))
            continue
        while True:
            try:
                values[name] = parse(ask(f"{prompt}: "))
                break
            except ScaffoldError as error:
                print(error, file=sys.stderr)
    facts = Facts(**values)
    if len(facts.record_id) > 80:
        raise ScaffoldError(f"slug: the id {facts.record_id!r} is longer than 80 characters; use a shorter slug")
    return facts


# --- rendering ------------------------------------------------------------------


def render_record(schema: dict, facts: Facts) -> str:
    """The commented record text for ``facts``."""
    values = {
        "id": facts.record_id,
        "kind": facts.kind,
        "requesting_states": "[]" if facts.requesting_state == WITHHELD_STATE else f"[{facts.requesting_state.upper()}]",
        "review.status": "draft",
    }
    lines = _header(facts)
    for field in schema_fields(schema):
        if facts.kind != "public-record" and field.path == "person":
            field = _without_name(field)
        lines.append("")
        lines += _field_lines(field, 0, values)
    return "\n".join(lines) + "\n"


def _header(facts: Facts) -> list[str]:
    state = "withheld" if facts.requesting_state == WITHHELD_STATE else country_name(facts.requesting_state.upper())
    text = [
        "# yaml-language-server: $schema=schema.json",
        f"# A new {facts.kind} ({state}, {facts.year}), scaffolded by `casebook new` from precedents/schema.json.",
        "# How to fill it in (CONTRIBUTING.md has the details):",
        "# - Required fields are present and empty; fill each one. Optional fields are",
        "#   commented out: delete the '# ' before the field name to use one.",
        "# - Run `casebook check` (or `make check`): it lists what is still missing or wrong.",
        '# - Dates: "YYYY", "YYYY-MM" or "YYYY-MM-DD" in quotes, as precise as the sources allow.',
        "# - Long text: write `>-` after the colon and the text on the indented lines below.",
        "# - Indent with spaces, never tabs. Delete these help comments when you are done.",
    ]
    if facts.kind == "firm-case-study":
        text += [
            "# - Anonymity: a firm case study names no private person and carries no dates of",
            "#   birth, document numbers, addresses, phone numbers or e-mail addresses. Write",
            "#   'the client', 'Mr X' or 'A.'. `casebook check` flags what looks like personal data.",
        ]
    return text


def _without_name(person: Field) -> Field:
    return replace(person, children=tuple(f for f in person.children if f.name != "name"))


def _comment(field: Field, indent: int) -> list[str]:
    pad = " " * indent + "# "
    first = f"{field.title} ({field.needs}): {field.description}".rstrip()
    out = textwrap.wrap(first, WIDTH - len(pad), break_on_hyphens=False)
    if field.enum:
        lead = "One or more of" if field.is_list else "One of"
        written = f", written like {field.example}" if field.is_list else ""
        out += textwrap.wrap(f"{lead}: {', '.join(field.enum)}{written}.", WIDTH - len(pad), break_on_hyphens=False)
    elif not field.children and not field.value.startswith(("text", "prose")):
        shown = field.example and field.example not in ("[]", "https://") and field.example not in field.value.split()
        example = f", e.g. {field.example}" if shown else ""
        out += textwrap.wrap(f"Value: {field.value}{example}.", WIDTH - len(pad), break_on_hyphens=False)
    return [pad + line for line in out]


def _field_lines(field: Field, indent: int, values: dict) -> list[str]:
    """The comment and the value lines of one field, commented out when it is optional."""
    pad = " " * indent
    lines = _comment(field, indent)
    if field.is_mapping:
        body = [f"{pad}{field.name}:"]
        for child in field.children:
            body += _field_lines(child, indent + 2, values)
    elif field.is_list_of_mappings:
        body = [f"{pad}{field.name}:"] + _list_item_lines(field, indent + 2, values)
    elif field.path in values:
        body = [f"{pad}{field.name}: {values[field.path]}"]
    elif field.required:
        body = [f"{pad}{field.name}:"]
    else:
        example = f" {field.example}" if field.example else ""
        return lines + [f"{pad}# {field.name}:{example}"]
    if not field.required:
        body = [f"{pad}# {line[indent:]}" for line in body]
    return lines + body


def _list_item_lines(field: Field, indent: int, values: dict) -> list[str]:
    """One item of a list of mappings; required fields first, so the '- ' sits on a line
    that is never commented out and uncommented optional fields line up below it."""
    children = sorted(field.children, key=lambda child: not child.required)
    lines: list[str] = []
    for child in children:
        lines += _field_lines(child, indent + 2, values)
    first_key = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    lines[first_key] = " " * indent + "- " + lines[first_key][indent + 2 :]
    return lines


# --- the command ------------------------------------------------------------------


def create_record(folder: Path, schema: dict, facts: Facts) -> Path:
    """Write the scaffold; ``FileExistsError`` if a record with that id exists."""
    path = Path(folder) / f"{facts.record_id}.yml"
    text = render_record(schema, facts)
    Path(folder).mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path


def new_record(
    folder: Path, schema: dict, given: dict, interactive: bool, today: dt.date | None = None, default_folder: Path | None = None
) -> int:
    """The ``casebook new`` command: 0 created, 1 the record exists, 2 usage error.
    ``default_folder``: the project's own precedents/, which needs no --precedents."""
    kinds = tuple(schema["$defs"]["record_kind"]["enum"])
    try:
        facts = gather_facts(given, kinds, today or dt.date.today(), ask=input if interactive else None)
    except ScaffoldError as error:
        print(f"casebook new: {error}", file=sys.stderr)
        print(
            "usage: casebook new --kind KIND --requesting-state CODE --year YYYY --slug WORDS [--precedents DIR]",
            file=sys.stderr,
        )
        return 2
    except (EOFError, KeyboardInterrupt):
        print("\ncasebook new: cancelled; nothing was written", file=sys.stderr)
        return 2
    try:
        path = create_record(folder, schema, facts)
    except FileExistsError:
        shown = display_path(Path(folder) / f"{facts.record_id}.yml")
        print(f"{shown}: a record with this id already exists; nothing was written (edit it, or choose another slug)")
        return 1
    shown = display_path(path)
    print(f"created {shown}")
    print(f"next: fill it in, then run `casebook check{_folder_flag(folder, default_folder)}` until it reports no problems")
    return 0


def _folder_flag(folder: Path, default_folder: Path | None) -> str:
    same = default_folder is not None and Path(folder).resolve() == Path(default_folder).resolve()
    return "" if same else f" --precedents {display_path(folder)}"
