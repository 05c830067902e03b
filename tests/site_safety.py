"""Safety checks over a built site, by file type: whatever is built from records (pages,
JSON, CSV, feeds, JSON-LD, PDF) must carry no live markup, no script and no formula.

``scan_site(site)`` returns a list of ``path: problem`` strings (empty when the site is
safe). It knows nothing about which generator wrote a file, so exports, feeds and
structured data added later are covered the day they land:

- ``*.html``: no ``on*`` attribute, no element whose id contains ``pwned``, no inline
  script mentioning ``alert(`` or ``pwned``, no ``javascript:``/``vbscript:``/``data:``
  address in a link or form attribute, no ``srcdoc``, ``<base>`` or meta refresh, no
  script, style or image loaded from another host; every
  ``<script type="application/ld+json">`` parses as JSON and holds no ``</script`` or
  ``<!--``.
- ``*.json``: strict JSON (no NaN) in UTF-8 that re-serialises.
- ``*.csv``/``*.tsv``: no cell starts with ``= + - @``, a tab or a carriage return
  (spreadsheet formula injection); such a cell must be neutralised, e.g. with ``'``.
- ``*.xml``/``*.atom``/``*.rss``: well-formed XML with no DOCTYPE; HTML carried in feed
  entries (``type="html"``, RSS descriptions) passes the HTML checks.
- ``*.pdf``: no JavaScript, launch or embedded-file actions, no non-web link.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "cite", "ping"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
JSON_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def _compact_url(value: str) -> str:
    """What a browser sees as the scheme: whitespace and control characters removed."""
    return re.sub(r"[\x00-\x20\x7f]", "", value)


class _PageScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None

    def _say(self, message: str) -> None:
        self.problems.append(f"line {self.getpos()[0]}: {message}")

    def handle_starttag(self, tag, attrs):
        self._check_element(tag, attrs)
        if tag == "script":
            self._script = {"attrs": dict(attrs), "body": ""}

    def handle_startendtag(self, tag, attrs):
        self._check_element(tag, attrs)

    def _check_element(self, tag, attrs):
        attrs_map = {name: value or "" for name, value in attrs}
        for name, value in attrs_map.items():
            if name.startswith("on"):
                self._say(f"<{tag}> has an event handler attribute {name}={value[:40]!r}")
            if name == "srcdoc":
                self._say(f"<{tag}> has a srcdoc attribute")
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(_compact_url(value)):
                if not (tag == "img" and name == "src" and value.startswith("data:image/")):
                    self._say(f"<{tag} {name}> points at {value[:60]!r}")
        if "pwned" in attrs_map.get("id", "") or "pwned" in attrs_map.get("class", ""):
            self._say(f"an injected <{tag} id={attrs_map.get('id')!r}> is present")
        if tag == "base":
            self._say("a <base> element changes where every relative link goes")
        if tag == "meta" and attrs_map.get("http-equiv", "").lower() == "refresh":
            self._say("a meta refresh")
        loads = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "source": "src", "video": "src", "audio": "src"}
        address = attrs_map.get(loads.get(tag, ""), "")
        if tag == "link" and attrs_map.get("rel", "") not in ("canonical", "alternate", "author", "license"):
            address = attrs_map.get("href", "")
        if re.match(r"^\s*(https?:)?//", address):
            self._say(f"<{tag}> loads {address[:60]!r} from another host")

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._check_script(self._script["attrs"], self._script["body"])
            self._script = None

    def _check_script(self, attrs: dict, body: str) -> None:
        kind = (attrs.get("type") or "").lower()
        if kind in JSON_SCRIPT_TYPES:
            try:
                json.loads(body, parse_constant=_no_constants)
            except ValueError as error:
                self._say(f"a {kind} script is not valid JSON ({error}); a '</script' in a value ends it early")
            for mark in ("</script", "<!--", "<script"):
                if mark in body.lower():
                    self._say(f"a {kind} script contains {mark!r}; escape '<' as \\u003c")
        elif "alert(" in body or "pwned" in body:
            self._say(f"an injected inline script: {body[:60]!r}")


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def scan_html(text: str) -> list[str]:
    scanner = _PageScanner()
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def scan_json(raw: bytes) -> list[str]:
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
        json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeError) as error:
        return [f"not strict JSON in UTF-8: {error}"]
    return []


def scan_csv(raw: bytes, delimiter: str = ",") -> list[str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeError as error:
        return [f"not UTF-8: {error}"]
    problems = []
    for row_number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
        for column, cell in enumerate(row, 1):
            if cell.startswith(FORMULA_START):
                problems.append(f"row {row_number}, column {column}: a spreadsheet would run {cell[:40]!r} as a formula")
    return problems


def scan_xml(raw: bytes) -> list[str]:
    if re.search(rb"<!DOCTYPE|<!ENTITY", raw, re.I):
        return ["a DOCTYPE or entity declaration (entity expansion, external entities)"]
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    problems = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if element.get("type") == "html" or name in ("description", "encoded"):
            problems += [f"<{name}>: {p}" for p in scan_html(element.text or "")]
        elif element.get("type") == "xhtml":
            inner = "".join(ET.tostring(child, encoding="unicode") for child in element)
            problems += [f"<{name}>: {p}" for p in scan_html(inner)]
        href = element.get("href")
        if href and BAD_SCHEME.match(_compact_url(href)):
            problems.append(f"<{name} href> points at {href[:60]!r}")
    return problems


# A stream's data (page contents, fonts: compressed, then ASCII85-encoded by reportlab) is
# not where an action lives, and its bytes can spell one by chance ("/JS," in an ASCII85
# run of a Russian PDF); actions are dictionary entries, which stay in the scan.
PDF_STREAM = re.compile(rb"\bstream\r?\n.*?\bendstream\b", re.S)


def scan_pdf(raw: bytes) -> list[str]:
    problems = []
    raw = PDF_STREAM.sub(b"stream endstream", raw)
    for action in (rb"/JavaScript", rb"/JS\b", rb"/Launch", rb"/EmbeddedFile", rb"/SubmitForm", rb"/ImportData"):
        if re.search(action, raw):
            problems.append(f"a {action.decode()} entry")
    for match in re.finditer(rb"/URI\s*\(([^)]*)\)", raw):
        if not re.match(rb"https?://", match.group(1)):
            problems.append(f"a link to {match.group(1)[:60]!r}")
    return problems


SCANNERS = {
    ".html": lambda raw: scan_html(raw.decode("utf-8")),
    ".json": scan_json,
    ".csv": scan_csv,
    ".tsv": lambda raw: scan_csv(raw, "\t"),
    ".xml": scan_xml,
    ".atom": scan_xml,
    ".rss": scan_xml,
    ".pdf": scan_pdf,
}


def scan_site(site: Path) -> list[str]:
    problems = []
    for path in sorted(Path(site).rglob("*")):
        scanner = SCANNERS.get(path.suffix.lower())
        if scanner and path.is_file():
            shown = path.relative_to(site).as_posix()
            problems += [f"{shown}: {p}" for p in scanner(path.read_bytes())]
    return problems


def scanned_types(site: Path) -> dict[str, int]:
    """How many files of each scanned type a site has (for reports and for tests that
    must not pass by scanning nothing)."""
    counts: dict[str, int] = {}
    for path in Path(site).rglob("*"):
        if path.suffix.lower() in SCANNERS and path.is_file():
            counts[path.suffix.lower()] = counts.get(path.suffix.lower(), 0) + 1
    return counts
