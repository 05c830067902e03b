"""Load YAML files strictly and safely, remembering the line of every value.

Consumes: the bytes of one YAML file (a precedent record or a data file).
Produces: a ``Document`` (plain dicts, lists, str, int, bool, None, plus a map from
field path to line number) or a list of ``Problem``s; never an exception for bad input.

Steps:
1. Refuse what is not a small UTF-8 text file (size, NUL bytes, bad encoding).
2. Scan the event stream once: reject anchors and aliases (so an alias bomb fails
   at its first ``&``), custom tags, a second document, deep nesting and huge counts.
3. Compose the node tree with no implicit type resolution, then build values with
   our own small rules: only ``null``/``~``/empty are null, only ``true``/``false``
   are booleans, only decimal digits are integers; everything else stays text.
   So ``NO`` is Norway, ``2020-05-01`` is text, ``yes``/``on`` are text.
4. Report duplicate keys and non-text keys with their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import BaseResolver

from .problems import Problem

MAX_BYTES = 512 * 1024  # the longest real record is ~15 KB; 512 KB leaves room and bounds memory
MAX_DEPTH = 40
MAX_EVENTS = 100_000

STR_TAG = "tag:yaml.org,2002:str"
ALLOWED_EXPLICIT_TAGS = {STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

_INT = re.compile(r"[-+]?[0-9]+")
_NULLS = {"", "~", "null"}
_BOOLS = {"true": True, "false": False}

Path_ = tuple  # a field path: ("instruments", 1, "type")


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its data and the 1-based line of each field path."""

    path: str
    data: Any
    lines: dict = field(repr=False)

    @cached_property
    def items(self) -> tuple:
        """Every (field path, value) pair in file order, depth first; computed once."""
        return tuple(_walk(self.data, ()))

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


if yaml.__with_libyaml__:  # libyaml is much faster; same behaviour
    from yaml.cyaml import CParser

    class _StrictLoader(CParser, yaml.constructor.BaseConstructor, BaseResolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            BaseResolver.__init__(self)

else:  # pragma: no cover - pure-Python fallback

    class _StrictLoader(
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        yaml.constructor.BaseConstructor,
        BaseResolver,
    ):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.BaseConstructor.__init__(self)
            BaseResolver.__init__(self)


def load_file(path: Path, display: str, top: type = dict) -> tuple[Document | None, list[Problem]]:
    """Read and load one file; problems name ``display`` as the file; ``top`` is the expected root type."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return None, [Problem(display, 1, "", f"cannot read the file: {error.strerror}")]
    return load_bytes(raw, display, top)


def load_bytes(raw: bytes, display: str, top: type = dict) -> tuple[Document | None, list[Problem]]:
    def fail(line: int, message: str):
        return None, [Problem(display, line, "", message)]

    if len(raw) > MAX_BYTES:
        return fail(1, f"the file is larger than {MAX_BYTES // 1024} KB; a record should be a few KB")
    if b"\x00" in raw:
        return fail(raw[: raw.index(b"\x00")].count(b"\n") + 1, "the file contains NUL bytes; expected UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return fail(line, f"invalid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail(1, "the file is empty")

    problem = _scan_events(text)
    if problem:
        return fail(*problem)
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.YAMLError as error:  # already caught by the scan; kept as a guard
        return fail(*_syntax_problem(error, text))

    lines: dict = {(): node.start_mark.line + 1}
    problems: list[Problem] = []
    data = _build(node, (), lines, problems, display)
    if not isinstance(data, top):
        expected = "a mapping of fields" if top is dict else "a list"
        found = {dict: "a mapping", list: "a list"}.get(type(data), f"the value {data!r}")
        problems.append(Problem(display, 1, "", f"expected {expected} at the top level; got {found}"))
    if problems:
        return None, problems
    return Document(display, data, lines), []


def _scan_events(text: str) -> tuple[int, str] | None:
    """One pass over the event stream; the first structural problem, if any."""
    depth = 0
    count = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_StrictLoader):
            count += 1
            line = event.start_mark.line + 1
            if count > MAX_EVENTS:
                return line, f"the file has more than {MAX_EVENTS} values; a record should be far smaller"
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return line, "anchors and aliases (& and *) are not allowed; write each value out"
            tag = getattr(event, "tag", None)
            if tag and tag not in ALLOWED_EXPLICIT_TAGS and not _implicit(event):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                return line, f"the YAML tag '{shown}' is not allowed; remove it"
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return line, f"the file is nested more than {MAX_DEPTH} levels deep"
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return line, "the file holds more than one YAML document (a second '---'); one record per file"
    except yaml.YAMLError as error:
        return _syntax_problem(error, text)
    except RecursionError:
        return 1, f"the file is nested more than {MAX_DEPTH} levels deep"
    return None


def _implicit(event) -> bool:
    """True when the event's tag was not written in the file (libyaml reports '!' for that)."""
    implicit = getattr(event, "implicit", None)
    if isinstance(implicit, tuple):
        return any(implicit) and event.tag in (None, "!")
    return bool(implicit) and event.tag in (None, "!")


def _line_at(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


def _syntax_problem(error: yaml.YAMLError, text: str) -> tuple[int, str]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else 1
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    if "'\\t'" in problem or "\t" in problem or (mark and "\t" in _line_at(text, mark.line)):
        return line, "YAML syntax: a tab character; indent with spaces only"
    if "mapping values are not allowed" in problem:
        return line, (
            "YAML syntax: a ':' where a value was expected; check the indentation, or put the value in quotes if it contains ': '"
        )
    if "did not find expected key" in problem or "expected <block end>" in problem or "expected '-' indicator" in problem:
        return line, "YAML syntax: the indentation does not line up with the lines above" + _indent_hint(text, line)
    message = f"YAML syntax: {problem}"
    if context:
        message += f" ({context})"
    return line, message


def _indent_hint(text: str, line: int) -> str:
    """Name the line above whose indentation differs: the mistake is in one of the two."""
    lines = text.split("\n")

    def indent(s: str) -> int:  # where the content starts: "  - type: x" is indented 4, like its keys below
        return len(s) - len(s.lstrip(" -")) if s.lstrip(" ").startswith("- ") else len(s) - len(s.lstrip(" "))

    here = lines[line - 1] if 0 < line <= len(lines) else ""
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if above.strip() and not above.lstrip().startswith("#"):
            if indent(above) != indent(here):
                return f" (line {number} is indented {indent(above)} spaces, this line {indent(here)})"
            return ""
    return ""


def _build(node, path: Path_, lines: dict, problems: list[Problem], display: str) -> Any:
    """Node tree to plain values, with our own scalar rules and line bookkeeping."""
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.tag == STR_TAG:  # plain (unquoted): None in PyYAML, '' in libyaml
            value = node.value
            if value in _NULLS:
                return None
            if value in _BOOLS:
                return _BOOLS[value]
            if _INT.fullmatch(value):
                return int(value)
            return value
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            lines[path + (index,)] = child.start_mark.line + 1
            items.append(_build(child, path + (index,), lines, problems, display))
        return items
    mapping: dict = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(display, key_line, dotted(path), "a key must be a plain name"))
            continue
        key = key_node.value
        if key in mapping:
            first = lines.get(path + (key,), "?")
            problems.append(Problem(display, key_line, dotted(path + (key,)), f"duplicate key; first given on line {first}"))
            continue
        lines[path + (key,)] = key_line
        mapping[key] = _build(value_node, path + (key,), lines, problems, display)
    return mapping


def _walk(value, path):
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, path + (index,))


def dotted(path) -> str:
    """('instruments', 1, 'type') -> 'instruments[1].type'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
