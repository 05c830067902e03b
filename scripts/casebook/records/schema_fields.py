"""The record schema as a tree of documented fields, for people rather than validators.

Consumes: ``precedents/schema.json`` (as a dict).
Produces: a tuple of ``Field``s in schema order, each with its title, description,
whether it is required, what kind of value it takes (in words), its allowed values
and, for mappings and lists of mappings, its own fields. ``casebook new`` writes the
scaffold's comments from this tree and ``casebook fields`` writes the field reference
in CONTRIBUTING.md from it, so neither can drift from the schema the checker uses.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a value looks like, by the $defs entry it refers to.
DEF_WORDS = {
    "text": "prose: text with a small Markdown subset, or a map of language code to text",
    "label_text": "short text (no Markdown), or a map of language code to text",
    "partial_date": 'date: "YYYY", "YYYY-MM" or "YYYY-MM-DD", or a range "START/END"',
    "country": "country code (ISO 3166-1 alpha-2, capitals)",
    "protector": "country code (ISO 3166-1 alpha-2, capitals), or UNHCR",
    "duration": "duration: ISO 8601, e.g. P60D (60 days), P7M (7 months), P1Y",
    "url": "web address (http:// or https://)",
    "id": "lower-case letters, digits and hyphens",
}
DEF_EXAMPLES = {
    "text": "",
    "label_text": "",
    "partial_date": '"2020-05"',
    "country": "ES",
    "protector": "AU",
    "duration": "P60D",
    "url": "https://",
    "id": "",
}
TYPE_WORDS = {"string": "text", "integer": "whole number", "boolean": "true or false"}


@dataclass(frozen=True)
class Field:
    name: str
    path: str  # dotted, lists marked with []: "instruments[].type"
    title: str
    description: str
    required: bool
    value: str  # the kind of value, in words: "text", "list of codes", "mapping"...
    enum: tuple[str, ...] = ()
    example: str = ""  # a value to show in a commented-out line
    min_items: int = 0
    is_list: bool = False
    children: tuple[Field, ...] = ()  # fields of a mapping, or of each item of a list of mappings

    @property
    def is_mapping(self) -> bool:
        return bool(self.children) and not self.is_list

    @property
    def is_list_of_mappings(self) -> bool:
        return bool(self.children) and self.is_list

    @property
    def needs(self) -> str:
        """'required', 'required, at least 1' or 'optional'."""
        if not self.required:
            return "optional"
        if self.min_items:
            return f"required, at least {self.min_items}"
        return "required, may be empty" if self.is_list else "required"


def schema_fields(schema: dict) -> tuple[Field, ...]:
    return _fields(schema, schema, "")


def walk(fields: tuple[Field, ...]):
    """Every field, depth first, in schema order."""
    for field in fields:
        yield field
        yield from walk(field.children)


def _resolve(node: dict, schema: dict) -> tuple[dict, str]:
    """The node with its local $ref merged in (local title/description win), and the $defs name."""
    ref = node.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return node, ""
    name = ref.removeprefix("#/$defs/")
    target, _ = _resolve(schema["$defs"][name], schema)
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}, name


def _fields(node: dict, schema: dict, prefix: str) -> tuple[Field, ...]:
    required = set(node.get("required", []))
    return tuple(
        _field(name, raw, schema, f"{prefix}{name}", name in required) for name, raw in node.get("properties", {}).items()
    )


def _field(name: str, raw: dict, schema: dict, path: str, required: bool) -> Field:
    node, def_name = _resolve(raw, schema)
    common = {
        "name": name,
        "path": path,
        "title": node.get("title", name),
        "description": node.get("description", ""),
        "required": required,
    }
    if node.get("type") == "array":
        item, item_def = _resolve(node.get("items", {}), schema)
        minimum = node.get("minItems", 0)
        if item.get("type") == "object":
            children = _fields(item, schema, f"{path}[].")
            return Field(**common, value="list of entries", min_items=minimum, is_list=True, children=children)
        if "enum" in item:
            return Field(
                **common,
                value="list of codes",
                enum=tuple(item["enum"]),
                example=f"[{item['enum'][0]}]",
                min_items=minimum,
                is_list=True,
            )
        words = DEF_WORDS.get(item_def) or _type_words(item)
        plural = "list of texts" if words.startswith(("text", "prose")) else f"list of {words.split(' (')[0]}s"
        if item_def == "id":  # "hyphens" takes no plural s
            plural = "list of ids (lower-case letters, digits and hyphens)"
        example = f"[{DEF_EXAMPLES[item_def]}]" if DEF_EXAMPLES.get(item_def) else "[]"
        return Field(**common, value=plural, example=example, min_items=minimum, is_list=True)
    if node.get("type") == "object":
        return Field(**common, value="mapping", children=_fields(node, schema, f"{path}."))
    if "enum" in node:
        return Field(**common, value="one code", enum=tuple(node["enum"]), example=str(node["enum"][0]))
    if def_name in DEF_WORDS:
        return Field(**common, value=DEF_WORDS[def_name], example=DEF_EXAMPLES[def_name])
    value = node.get("x-expected") or _type_words(node)
    example = {"boolean": "false", "integer": "0"}.get(str(node.get("type")), "")
    if node.get("pattern") == "^[a-z]{2}$":
        value, example = "two-letter language code such as en", "en"
    return Field(**common, value=value, example=example)


def _type_words(node: dict) -> str:
    kind = node.get("type")
    words = TYPE_WORDS.get(kind, "value") if isinstance(kind, str) else "value"
    low, high = node.get("minLength"), node.get("maxLength")
    if kind == "string" and high:
        words += f", {low or 1} to {high} characters"
    return words
