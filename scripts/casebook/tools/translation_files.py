"""``casebook translations --export`` and ``--apply``: record prose out to a translator's
file and back into the records, without touching anything else in them.

Consumes: the checked collection (for ``--export``), or a translator's file (for
``--apply``): YAML mapping each record id to its fields, each field's dotted path (as
``casebook translations`` and ``casebook check`` name it: ``proceedings[1].description``)
to ``{en: <the English it was made from>, <code>: <the translation>}``.
Produces: the export file (every field of the language still missing, or stale, with its
English and an empty translation); or, for ``--apply``, each record file rewritten in
place where a field gained a translation: a plain English string becomes the language map
``{en, <code>, <code>_from}`` and an existing map gets the translation and its hash. The
rest of the file (comments, order, wrapping of other fields) is left byte for byte.
Steps of ``--apply``: read the file; for every record, find each field's node in the
record's YAML (``yaml.compose`` keeps where each value starts and ends); refuse a field
whose English no longer matches the record (the translation was made from another text);
splice the new text in, from the end of the file backwards; load the result again and
compare it with what was meant before writing. Every refusal names the translator's file,
its line and the field; nothing is written for a record with a problem.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
from pathlib import Path

import yaml

from ..records.collection import Collection
from ..records.model import FROM_SUFFIX, source_hash
from ..records.problems import Problem
from ..records.translations import MISSING, STALE, state, texts

WIDTH = 88  # the wrap width of the records' folded prose
STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


# --- export ---------------------------------------------------------------------------


def export(collection: Collection, language: str) -> dict:
    """{record id: {dotted path: {en, language: ''}}} for every field to translate."""
    out: dict = {}
    for precedent in collection.precedents:
        fields = {}
        for path, text in texts(precedent):
            if text.source_language != language and state(text, language) in (MISSING, STALE):
                fields[path] = {"en": text.get(text.source_language), language: ""}
        if fields:
            out[precedent.id] = fields
    return out


def write_export(data: dict, target: Path) -> None:
    header = (
        "# Record prose to translate (casebook translations --export). Fill each empty translation,\n"
        "# keep `en` as it is (it proves which English the translation was made from), then run\n"
        "# casebook translations --apply THIS_FILE\n"
    )
    target.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


# --- apply ----------------------------------------------------------------------------


def parse_path(path: str) -> list[str | int] | None:
    steps: list[str | int] = []
    position = 0
    for match in STEP.finditer(path):
        if match.start() != position and path[position : match.start()] != ".":
            return None
        steps.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return steps if steps and position == len(path) else None


def _find(root: yaml.Node, steps: list[str | int]) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The node at ``steps`` and, when it is a mapping's value, that mapping's key node."""
    node, key_node = root, None
    for step in steps:
        if isinstance(step, int):
            if not isinstance(node, yaml.SequenceNode) or step >= len(node.value):
                return None, None
            node, key_node = node.value[step], None
        else:
            if not isinstance(node, yaml.MappingNode):
                return None, None
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    node, key_node = value, key
                    break
            else:
                return None, None
    return node, key_node


def _scalar(text: str, indent: int) -> str:
    """A YAML scalar for ``text`` written after ``key:`` at ``indent`` columns: a folded
    block for prose that folds back to exactly itself, a quoted string otherwise."""
    foldable = "\n" not in text and "  " not in text and text == text.strip() and "\t" not in text
    if foldable and len(text) > WIDTH - indent - 6:
        lines = textwrap.wrap(text, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
        return ">-\n" + "\n".join(" " * indent + line for line in lines)
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _language_map(versions: list[tuple[str, str]], column: int) -> list[str]:
    """The lines of a block mapping {en: ..., ru: ..., ru_from: ...} at ``column``."""
    lines = []
    for key, value in versions:
        if key.endswith(FROM_SUFFIX):
            lines.append(f'{key}: "{value}"')
        else:
            lines.append(f"{key}: {_scalar(value, column + 2)}")
    return lines


def _end(node: yaml.Node, source: str) -> int:
    """Where a value's own text ends: a block scalar's end mark lies past its final line
    break (and any blank lines), which belong to the file, not to the value."""
    end = node.end_mark.index
    while end > node.start_mark.index and source[end - 1] in "\n \t":
        end -= 1
    return end


def apply_to_record(source: str, fields: dict[str, tuple[str, str, str]], language: str) -> tuple[str, list[tuple[str, str]]]:
    """``source`` with each field (path -> (english, translation, file line)) translated;
    and the (path, message) problems, in which case ``source`` comes back unchanged."""
    root = yaml.compose(source)
    problems: list[tuple[str, str]] = []
    edits: list[tuple[int, int, str]] = []
    for path, (english, translation, _line) in fields.items():
        steps = parse_path(path)
        node, key_node = _find(root, steps) if steps else (None, None)
        if node is None:
            problems.append((path, "no such field in the record"))
            continue
        current = (
            yaml.safe_load(source[node.start_mark.index : _end(node, source)]) if isinstance(node, yaml.ScalarNode) else None
        )
        if isinstance(node, yaml.MappingNode):
            values = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            if "en" not in values or not isinstance(values["en"], yaml.ScalarNode):
                problems.append((path, "the record's field is not English prose"))
                continue
            current = values["en"].value
        elif not isinstance(node, yaml.ScalarNode) or not isinstance(current, str):
            problems.append((path, "the record's field is not a text"))
            continue
        if current.strip() != english.strip():
            problems.append((path, "the English in the record is not the English this translation was made from (export again)"))
            continue
        if isinstance(node, yaml.ScalarNode):
            versions = [("en", current.strip()), (language, translation.strip()), (language + FROM_SUFFIX, source_hash(current))]
            if key_node is not None:  # key: value  ->  key:\n  en: ...
                column = key_node.start_mark.column + 2
                text = "\n" + "\n".join(" " * column + line for line in _language_map(versions, column))
                edits.append((key_node.end_mark.index + 1, _end(node, source), text))
            else:  # - value  ->  - en: ...
                column = node.start_mark.column
                lines = _language_map(versions, column)
                edits.append((node.start_mark.index, _end(node, source), ("\n" + " " * column).join(lines)))
        else:  # an existing map: replace the translation and its hash, or add them at its end
            column = node.value[0][0].start_mark.column
            values = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            added = []
            for key, value in ((language, translation.strip()), (language + FROM_SUFFIX, source_hash(current))):
                text = _language_map([(key, value)], column)[0].split(": ", 1)[1]
                if key in values:
                    edits.append((values[key].start_mark.index, _end(values[key], source), text))
                else:
                    added.append(f"{key}: {text}")
            if added:
                last = _end(node.value[-1][1], source)
                edits.append((last, last, "".join("\n" + " " * column + line for line in added)))
    if problems:
        return source, problems
    result = source
    for start, end, text in sorted(edits, reverse=True):
        result = result[:start] + text + result[end:]
    return result, []


def _expected(before, fields: dict[str, tuple[str, str, str]], language: str):
    """The record's data as the rewrite must load: ``before`` with each field translated."""
    data = copy.deepcopy(before)
    for path, (english, translation, _line) in fields.items():
        steps = parse_path(path)
        parent = data
        for step in steps[:-1]:
            parent = parent[step]
        old = parent[steps[-1]]
        base = (
            {"en": english.strip()}
            if isinstance(old, str)
            else {k: v for k, v in old.items() if k not in (language, language + FROM_SUFFIX)}
        )
        parent[steps[-1]] = {**base, language: translation.strip(), language + FROM_SUFFIX: source_hash(english)}
    return data


def _normalise(value):
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value.strip() if isinstance(value, str) else value


def apply(translations_file: Path, precedents_dir: Path, display: str) -> tuple[int, list[Problem]]:
    """Apply a translator's file; (fields written, problems)."""
    try:
        raw = translations_file.read_text(encoding="utf-8")
        root = yaml.compose(raw)
        data = yaml.safe_load(raw)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return 0, [Problem(display, getattr(getattr(error, "problem_mark", None), "line", -1) + 1, "-", f"cannot read: {error}")]
    if not isinstance(data, dict):
        return 0, [Problem(display, 1, "-", "expected a mapping of record ids to their fields")]
    lines = {}  # (record id, path) -> line in the translator's file
    for key, value in root.value:
        if isinstance(value, yaml.MappingNode):
            for field_key, _ in value.value:
                lines[(key.value, field_key.value)] = field_key.start_mark.line + 1
        lines[(key.value, None)] = key.start_mark.line + 1
    problems: list[Problem] = []
    written = 0
    for record_id, fields in data.items():
        where = lines.get((str(record_id), None), 1)
        record = precedents_dir / f"{record_id}.yml"
        if not record.is_file():
            problems.append(Problem(display, where, str(record_id), f"no record {record.name} in {precedents_dir}"))
            continue
        wanted: dict[str, tuple[str, str, str]] = {}
        for path, entry in (fields or {}).items():
            line = lines.get((str(record_id), str(path)), where)
            translated = [k for k in (entry or {}) if k != "en"] if isinstance(entry, dict) else []
            if not isinstance(entry, dict) or not isinstance(entry.get("en"), str) or len(translated) != 1:
                problems.append(Problem(display, line, f"{record_id}: {path}", "expected {en: <English>, <code>: <translation>}"))
                continue
            language = translated[0]
            translation = entry[language]
            if not re.fullmatch(r"[a-z]{2}", str(language)) or language == "en":
                problems.append(
                    Problem(display, line, f"{record_id}: {path}", f"expected a two-letter language code; got {language!r}")
                )
            elif not isinstance(translation, str):
                problems.append(Problem(display, line, f"{record_id}: {path}", "expected the translation as text"))
            elif translation.strip():  # an empty translation is still to do: skipped
                wanted[str(path)] = (entry["en"], translation, line)
        languages = {k for f in (fields or {}).values() if isinstance(f, dict) for k in f if k != "en"}
        if not wanted or len(languages) != 1:
            if len(languages) > 1:
                problems.append(Problem(display, where, str(record_id), "one language per file, please"))
            continue
        language = languages.pop()
        source = record.read_text(encoding="utf-8")
        result, found = apply_to_record(source, wanted, language)
        for path, message in found:
            problems.append(Problem(display, wanted[path][2], f"{record_id}: {path}", message))
        if found:
            continue
        if _normalise(yaml.safe_load(result)) != _normalise(_expected(yaml.safe_load(source), wanted, language)):
            problems.append(
                Problem(display, where, str(record_id), "the rewritten record would not load as meant; nothing written")
            )
            continue
        if result != source:
            record.write_text(result, encoding="utf-8")
            written += len(wanted)
    return written, problems
