"""Validate loaded records against the record schema, with contributor-friendly messages.

Consumes: a ``Document`` (from ``load``) and the JSON Schema in ``precedents/schema.json``.
Produces: a list of ``Problem``s, each naming the file, the line, the field path, what
was expected and what was found, with a "did you mean" for near-miss names and codes.
The schema is the single definition of a record; this module only explains its errors.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator

from .countries import code_for, country_name
from .load import Document, dotted
from .problems import Problem

# Fallback codes a vocabulary may offer: always shown with the closest matches.
FALLBACK_CODES = ("other", "unknown")
# Up to this many allowed values are listed in full.
SHORT_LIST = 12
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load_schema(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Validator:
    """The schema, read by two validators. ``fast`` (jsonschema-rs, compiled; about fifty
    times faster) only says whether a record is valid, which most are. For a record it
    rejects, ``full`` (jsonschema, the reference implementation) lists the errors with
    the paths our messages need; a record is a problem only if ``full`` finds one."""

    fast: jsonschema_rs.Draft202012Validator
    full: Draft202012Validator

    def iter_errors(self, data):
        return iter(()) if self.fast.is_valid(data) else self.full.iter_errors(data)


def make_validator(schema: dict) -> Validator:
    """Build once per run. Local ``$ref``s are inlined first: same rules, but without
    a reference lookup per value, which made validation 2x slower at 1,000 records."""
    Draft202012Validator.check_schema(schema)
    definitions = schema.get("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                merged = {**definitions[ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
                return inline(merged)
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    inlined = {key: inline(value) for key, value in schema.items() if key != "$defs"}
    return Validator(fast=jsonschema_rs.Draft202012Validator(schema), full=Draft202012Validator(inlined))


def validate(document: Document, validator: Validator) -> list[Problem]:
    problems: list[Problem] = []
    enum_fields = set()
    errors = list(validator.iter_errors(document.data))
    for error in errors:
        if error.validator == "enum":
            enum_fields.add(tuple(error.absolute_path))
    for error in errors:
        # An empty or mistyped code fails both "type" and "enum"; the enum message lists
        # the allowed codes, so it is the one worth reading.
        if error.validator == "type" and tuple(error.absolute_path) in enum_fields:
            continue
        problems += _explain(error, document)
    return sorted(set(problems), key=lambda p: (p.line, p.field, p.message))


def _explain(error, document: Document) -> list[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema
    value = error.instance
    kind = error.validator
    at = document.line_of(path)

    def problem(message: str, field_path=path, line=at) -> list[Problem]:
        return [Problem(document.path, line, dotted(field_path) or "(record)", message)]

    if kind == "required":
        name = re.match(r"'(.+?)' is a required property", error.message).group(1)
        return problem("required field is missing", path + (name,))
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        out = []
        for key in sorted(k for k in set(value) - set(allowed) if not any(p.search(str(k)) for p in patterns)):
            hint = _did_you_mean(key, allowed)
            out += problem(
                f"unknown field{hint}; allowed here: {', '.join(allowed)}",
                path + (key,),
                document.line_of(path + (key,)),
            )
        return out
    if kind == "enum":
        return problem(f"expected {_one_of(schema['enum'], value)}; got {_shown(value)}{_did_you_mean(value, schema['enum'])}")
    if kind == "type":
        expected = schema.get("x-expected") or _type_words(schema["type"])
        return problem(f"expected {expected}; got {_shown(value)}")
    if kind in ("pattern", "minimum", "maximum"):
        expected = schema.get("x-expected") or f"text matching {schema.get('pattern')}"
        return problem(f"expected {expected}; got {_shown(value)}{_pattern_hint(schema, value, path)}")
    if kind == "minItems":
        n = schema["minItems"]
        return problem(f"expected at least {n} item{'s' if n != 1 else ''}; got {len(value) or 'none'}")
    if kind == "uniqueItems":
        repeated = sorted({json.dumps(v) for v in value if value.count(v) > 1})
        return problem(f"expected each item once; repeated: {', '.join(repeated)}")
    if kind == "minLength":
        return problem(f"expected at least {schema['minLength']} characters; got {_shown(value)}")
    if kind == "maxLength":
        return problem(f"expected at most {schema['maxLength']} characters; got {len(value)}")
    if kind == "minProperties":
        return problem("expected text, or a map with at least one language")
    if kind == "propertyNames":
        bad = [k for k in value if not re.fullmatch(r"[a-z]{2}", str(k))]
        return problem(f"expected two-letter language codes such as en or ru as keys; got {', '.join(map(repr, bad))}")
    if kind == "anyOf" and {"url", "citation"} <= {r for s in schema["anyOf"] for r in s.get("required", [])}:
        return problem("a source needs a url or, where there is none, a citation")
    return problem(error.message)


def _one_of(options: list, value=None) -> str:
    """The allowed values: all of them when the list is short; else the ones closest to
    what was written and the fallbacks (other, unknown), which a cut list would hide."""
    options = [str(o) for o in options]
    if len(options) <= SHORT_LIST:
        return f"one of {', '.join(options)}"
    written = str(value).lower() if isinstance(value, str) else ""
    fallbacks = [o for o in FALLBACK_CODES if o in options]
    close = [o for o in difflib.get_close_matches(written, options, n=4, cutoff=0) if o not in fallbacks]
    shown = f"one of {len(options)} codes; the closest: {', '.join(close)}"
    if fallbacks:
        shown += f"; where none fits: {', '.join(fallbacks)}"
    return shown + " (every code: CONTRIBUTING.md, field reference)"


def _did_you_mean(value, options) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value.lower(), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _shown(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int):
        return f"{value} (a number)"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _type_words(types) -> str:
    words = {"string": "text", "integer": "a whole number", "boolean": "true or false", "array": "a list", "object": "a mapping"}
    types = types if isinstance(types, list) else [types]
    return " or ".join(words.get(t, t) for t in types)


def _pattern_hint(schema: dict, value, path: tuple = ()) -> str:
    expected = str(schema.get("x-expected", ""))
    if isinstance(value, str) and "YYYY" in expected:
        match = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", value.strip())
        if match:
            a, b, year = match.groups()
            day_first, month_first = f"{year}-{int(b):02d}-{int(a):02d}", f"{year}-{int(a):02d}-{int(b):02d}"
            return f" (write {day_first} or {month_first}: day and month are ambiguous in {value})"
        if re.search(r"[^\W\d_]", value):  # words, not a date: the date is not known
            if path[:1] == ("sources",):
                return " (where the source shows no date, leave date out and write this in date_note)"
            if path[:1] == ("timeline",):
                return " (where the sources give no date, leave date out and say when in words in when)"
            return " (where the sources give no date, leave the field out)"
    if isinstance(value, str) and "country code" in expected:
        code = code_for(value)
        if code and code != value:
            return f" (did you mean '{code}', {country_name(code)}?)"
    if isinstance(value, str) and "lower-case letters" in expected and ID_PATTERN.fullmatch(value.strip().lower()):
        return f" (did you mean '{value.strip().lower()}'?)"
    return ""
