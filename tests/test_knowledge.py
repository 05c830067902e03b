"""The knowledge base: reference data checked like records, comparison tables with a
source in every cell, codes that resolve to the section explaining them, links between
precedents, guides, patterns and instruments in both directions, contested and
unconfirmed points shown as such, glossary tooltips, and the comparison tables readable
at 360 px in real Chromium. Builds are real (MkDocs and Pagefind); nothing is mocked."""

from __future__ import annotations

import functools
import http.server
import json
import posixpath
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from casebook.records.collection import Project, check_collection
from casebook.records.problems import display_path
from casebook.site.build import build
from tests.conftest import FIXTURES, ROOT, free_port

REFERENCE = ROOT / "precedents" / "reference"
SEED = "by-2020-blue-notice-then-diffusion"
INTERPOL_INSTRUMENTS = {
    "red-notice",
    "yellow-notice",
    "blue-notice",
    "black-notice",
    "green-notice",
    "orange-notice",
    "purple-notice",
    "silver-notice",
    "un-special-notice",
    "diffusion",
}
COMPARISON_PAGES = ("reference/notice-types/", "reference/blue-notice-vs-diffusion/")


# --- a small HTML tree, enough to ask questions of the built pages ---------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.text() if isinstance(child, Node) else child)
        return " ".join("".join(parts).split())

    def following_siblings(self):
        siblings = [c for c in self.parent.children if isinstance(c, Node)]
        return siblings[siblings.index(self) + 1 :]


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def page_file(site: Path, url: str) -> Path:
    """'reference/notice-types/' -> site/reference/notice-types/index.html."""
    url = url.strip("/")
    path = site / url
    return path / "index.html" if not Path(url).suffix else path


def parse(site: Path, url: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page_file(site, url).read_text(encoding="utf-8"))
    return builder.root


def resolve(from_url: str, href: str) -> tuple[str, str] | None:
    """An internal link as (page url, fragment); None for other sites and mail."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return from_url, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_url.rstrip("/") + "/x"), parts.path))
    target = "" if target == "." else target
    if parts.path.endswith("/") and target:
        target += "/"
    return target, unquote(parts.fragment)


def links(site: Path, url: str, within=None) -> list[tuple[str, str]]:
    root = within if within is not None else parse(site, url)
    return [r for a in root.find_all("a") if "href" in a.attrs for r in [resolve(url, a.attrs["href"])] if r]


def has_anchor(site: Path, url: str, fragment: str) -> bool:
    return page_file(site, url).exists() and (not fragment or parse(site, url).find(id=fragment) is not None)


def article(site: Path, url: str) -> Node:
    return parse(site, url).find("article")


# --- fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real project (records, reference data, docs) built for real."""
    tmp = tmp_path_factory.mktemp("knowledge-real")
    report = build(Project(ROOT), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or [str(p) for p in report.problems]
    return tmp / "site"


def linked_records() -> dict[str, dict]:
    """Two records that between them touch several instruments, patterns, guides and grounds."""
    seed = yaml.safe_load((FIXTURES / "precedents" / f"{SEED}.yml").read_text(encoding="utf-8"))
    other = json.loads(json.dumps(seed))  # a deep copy
    other.update(
        id="ru-2017-fixture-red-notice-then-diffusion",
        title="Fixture: a Red Notice refused as political, then a diffusion",
        requesting_states=["RU"],
        instruments=[
            {"type": "red-notice", "fate": "refused"},
            {"type": "diffusion", "fate": "deleted"},
        ],
        proceedings=[
            {
                "forum": "ccf",
                "kind": "ccf-request",
                "outcome": "data-deleted",
                "grounds": [
                    {"code": "interpol-art-3-political", "status": "relied-on"},
                    {"code": "interpol-refugee-policy", "status": "relied-on"},
                ],
            }
        ],
        outcomes=["data-deleted"],
        misuse_patterns=["diffusion-after-refusal", "critic-targeted"],
        lessons=[
            {"text": "Plan journeys with the risk of a diffusion in mind.", "recommendations": ["travel-risk", "ask-the-ccf"]}
        ],
        # with a note: checks.check_translations_include_record_language takes {"id": ...}
        # alone for a translation map ("id" has two letters) and rejects it
        related=[{"id": SEED, "note": "The same switch from one channel to another."}],
    )
    return {SEED: seed, other["id"]: other}


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("knowledge-linked")
    folder = tmp / "precedents"
    folder.mkdir()
    records = linked_records()
    for record_id, data in records.items():
        (folder / f"{record_id}.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    report = build(Project(ROOT, precedents=folder), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or [str(p) for p in report.problems]
    return tmp / "site", records


@pytest.fixture
def project_copy(tmp_path) -> Project:
    """A copy of everything the checker reads, for breaking on purpose."""
    for part in ("precedents/schema.json", "precedents/vocabularies", "precedents/reference", "docs", "mkdocs.yml"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part)
        else:
            (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, tmp_path / part)
    return Project(root=tmp_path, precedents=tmp_path / "precedents")


# --- the reference data, checked like records ------------------------------------------


def test_reference_data_passes_the_check_and_covers_every_interpol_instrument():
    collection, problems = check_collection(Project(ROOT))
    assert [str(p) for p in problems] == []
    reference = collection.reference
    assert {e.instrument for e in reference.notice_types} == INTERPOL_INSTRUMENTS
    assert set(reference.guides) == set(collection.vocabularies["recommendations"].codes)
    assert set(reference.patterns) == set(collection.vocabularies["misuse_patterns"].codes)
    # the fact sheet's CONTESTED point: prior review of Blue Notices, with both positions
    blue = reference.entry("blue-notice").prior_review
    assert blue.answer == "contested" and [str(p.holder) for p in blue.positions] == [
        "INTERPOL",
        "The New York Times (February 2024)",
    ]


def _schema_properties(schema: dict, node=None, path="#"):
    """(path, property schema) for every property declared anywhere in a schema
    (a condition's ``if`` only tests values; it declares nothing)."""
    node = schema if node is None else node
    if isinstance(node, dict):
        for name, child in (node.get("properties") or {}).items():
            yield f"{path}/properties/{name}", child
        for key, child in node.items():
            if key not in ("properties", "if"):
                yield from _schema_properties(schema, child, f"{path}/{key}")
        for name, child in (node.get("properties") or {}).items():
            yield from _schema_properties(schema, child, f"{path}/properties/{name}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _schema_properties(schema, child, f"{path}/{index}")


@pytest.mark.parametrize("name", ["notice-types", "glossary", "sources"])
def test_every_reference_schema_property_is_titled_and_described(name):
    schema = json.loads((REFERENCE / f"{name}.schema.json").read_text(encoding="utf-8"))
    undocumented = []
    for path, prop in _schema_properties(schema):
        target = prop
        if "$ref" in prop and not ("title" in prop and "description" in prop):
            target = schema["$defs"][prop["$ref"].rsplit("/", 1)[-1]]
        if not (target.get("title") and target.get("description")):
            undocumented.append(path)
    assert undocumented == []


def _line_of(text: str, needle: str, after: str | None = None) -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


# (file to break, text to replace, replacement or None to delete the file,
#  "field: message" expected, text whose line the problem names, text that line comes after)
BROKEN = {
    "instrument code not in the vocabulary": (
        "precedents/reference/notice-types.yml",
        "    instrument: blue-notice\n",
        "    instrument: blue-notise\n",
        "instruments[2].instrument: expected a code from precedents/vocabularies/instrument_types.yml, one of red-notice, blue-notice, "
        "yellow-notice, black-notice, green-notice, orange-notice, purple-notice, silver-notice, un-special-notice, diffusion, ...; "
        "got 'blue-notise' (did you mean 'blue-notice'?)",
        "instrument: blue-notise",
        None,
    ),
    "citation of an unknown source": (
        "precedents/reference/notice-types.yml",
        "      sources: [S100]\n",
        "      sources: [S1000]\n",
        "instruments[2].visibility.sources[0]: expected the id of a source in {sources}; got 'S1000'",
        "sources: [S1000]",
        None,
    ),
    "contested answer without positions": (
        "precedents/reference/notice-types.yml",
        '      answer: "yes"\n      text:\n        en: >-\n          INTERPOL says it reviews',
        "      answer: contested\n      text:\n        en: >-\n          INTERPOL says it reviews",
        "instruments[0].prior_review.positions: required field is missing",
        "prior_review:",
        None,
    ),
    "positions under an answer that is not contested": (
        "precedents/reference/notice-types.yml",
        '        ru_from: "30277458"\n      sources: [S7]\n',
        '        ru_from: "30277458"\n      sources: [S7]\n      positions:\n'
        "        - {holder: One side, text: It is reviewed., sources: [S7]}\n        - {holder: Other side, text: It is not., sources: [S72]}\n",
        "instruments[1].prior_review.positions: positions are for a contested answer; this answer is 'yes' "
        "(set answer: contested, or remove the positions)",
        "      positions:",
        None,
    ),
    "unconfirmed answer that does not say what is open": (
        "precedents/reference/notice-types.yml",
        "      unconfirmed:\n        en: whether INTERPOL's own review step applies\n"
        "        ru: применяется ли собственная проверка Интерпола\n        ru_from: c529f7c5\n",
        "",
        "instruments[8].prior_review.answer: an unconfirmed answer says what the sources leave open under unconfirmed "
        "(a clause, such as 'whether INTERPOL's own review step applies')",
        "answer: unconfirmed",
        "id: un-special-notice",
    ),
    "rule without its confirmed flag": (
        "precedents/reference/notice-types.yml",
        "          ru_from: 46b7f5fb\n        confirmed: true\n",
        "          ru_from: 46b7f5fb\n",
        "instruments[1].rules[0].confirmed: required field is missing",
        "      - document:",
        "id: yellow-notice",
    ),
    "guide step without a source": (
        "precedents/reference/guides/travel-risk.md",
        "proves nothing.[^S1][^S99]",
        "proves nothing.",
        "step 1: expected at least one source footnote such as [^S13]; found none",
        "1. **Do not rely",
        None,
    ),
    "body citing an unknown source": (
        "precedents/reference/patterns/repeat-requests.md",
        "[^S133]",
        "[^S999]",
        "[^S999]: expected the id of a source in {sources}; got 'S999'",
        "[^S999]",
        None,
    ),
    "guide body missing": (
        "precedents/reference/guides/travel-risk.md",
        None,
        None,
        "missing: every code of precedents/vocabularies/recommendations.yml needs a page body here",
        None,
        None,
    ),
    "explained_at names an anchor the page does not declare": (
        "precedents/vocabularies/legal_grounds.yml",
        "explained_at: framework/constitution.md#article-3\n",
        "explained_at: framework/constitution.md#article-33\n",
        "[0].explained_at: {docs}/framework/constitution.md declares no anchor 'article-33'; "
        "add {{: #article-33 }} to the heading of the section that explains it",
        "- code: interpol-art-3-political",
        None,
    ),
    "hand-written footnote with another address than sources.yml": (
        "docs/framework/ccf.md",
        "[^S13]: INTERPOL/CCF — How to submit a request (official, 2026 portal). <https://www.interpol.int/en/",
        "[^S13]: INTERPOL/CCF — How to submit a request (official, 2026 portal). <https://www.interpol.int/fr/",
        "[^S13]: expected the address of S13 in {sources}, "
        "https://www.interpol.int/en/Who-we-are/Commission-for-the-Control-of-INTERPOL-s-Files-CCF/How-to-submit-a-request",
        "[^S13]:",
        None,
    ),
    "hand-written footnote cited but not defined": (
        "docs/misconceptions.md",
        "with a view to extradition. Each country",
        "with a view to extradition.[^S2] Each country",
        "[^S2]: footnote cited but not defined; add its definition at the end of the page",
        "extradition.[^S2]",
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_reference_data_gives_exactly_the_expected_problem(project_copy, case):
    relative, old, new, expected, line_text, after = BROKEN[case]
    root = project_copy.root
    path = root / relative
    if old is None:
        path.unlink()
        line = 1
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"the case no longer matches {relative}"
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        line = _line_of(text, line_text, after)
    expected = expected.format(sources=display_path(root / "precedents/reference/sources.yml"), docs=display_path(root / "docs"))
    _, problems = check_collection(project_copy)
    assert [str(p) for p in problems] == [f"{display_path(path)}:{line}: {expected}"]


def test_footnotes_defined_out_of_reading_order_are_reported(project_copy):
    path = project_copy.root / "docs/framework/refugee-policy.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("[^"))
    lines[first], lines[first + 1] = lines[first + 1], lines[first]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = check_collection(project_copy)
    swapped = lines[first].split("]")[0] + "]"
    expected = lines[first + 1].split("]")[0] + "]"
    assert [str(p) for p in problems] == [
        f"{display_path(path)}:{first + 1}: {swapped}: define footnotes in the order they are first cited; expected {expected} here"
    ]


def test_the_build_refuses_bad_reference_data(project_copy, tmp_path):
    path = project_copy.root / "precedents/reference/notice-types.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("[S100]", "[S1000]"), encoding="utf-8")
    report = build(project_copy, site_dir=tmp_path / "out" / "site", work_dir=tmp_path / "out" / "work")
    assert not report.ok
    assert [p.field for p in report.problems] == ["instruments[2].visibility.sources[0]"]
    assert not (tmp_path / "out" / "site").exists()


# --- the built site -------------------------------------------------------------------


def comparison_rows(site: Path, url: str) -> list[list[Node]]:
    """Each row's cells, its header cell (what the row is about) first."""
    table = parse(site, url).find(cls="cb-comparison").find("table")
    return [
        [n for n in row.children if isinstance(n, Node) and n.tag in ("th", "td")] for row in table.find("tbody").find_all("tr")
    ]


@pytest.mark.slow
@pytest.mark.parametrize("url", COMPARISON_PAGES)
def test_every_comparison_cell_is_tied_to_its_row_and_column_headers(real_site, url):
    """Each row starts with <th scope="row">, the head row is <th scope="col"> throughout
    (the corner cell too, with a name for screen readers), so every answer is announced
    with its question and its instrument (axe and Lighthouse: td-has-header)."""
    table = parse(real_site, url).find(cls="cb-comparison").find("table")
    head = [n for n in table.find("thead").find("tr").children if isinstance(n, Node)]
    assert [(n.tag, n.attrs.get("scope")) for n in head] == [("th", "col")] * len(head)
    assert all(n.text() for n in head), "no empty header cell, the corner included"
    for cells in comparison_rows(real_site, url):
        assert (cells[0].tag, cells[0].attrs.get("scope")) == ("th", "row") and cells[0].text()
        assert [c.tag for c in cells[1:]] == ["td"] * (len(head) - 1)


@pytest.mark.slow
@pytest.mark.parametrize("url", COMPARISON_PAGES)
def test_every_comparison_cell_has_a_source_footnote(real_site, url):
    page = parse(real_site, url)
    rows = comparison_rows(real_site, url)
    collection, _ = check_collection(Project(ROOT))
    reference = collection.reference
    expected_rows = len(reference.notice_types) if url.endswith("notice-types/") else len(reference.comparisons[0].aspects)
    assert len(rows) == expected_rows
    for cells in rows:
        label = cells[0].text()
        for cell in cells[1:]:  # the first cell names the row
            refs = cell.find_all("a", cls="footnote-ref")
            assert refs, f"{url}: a cell in row {label!r} has no source: {cell.text()[:80]}"
            for ref in refs:
                note = page.find("li", id=ref.attrs["href"].lstrip("#"))
                assert note is not None, ref.attrs["href"]
                assert any(a.attrs.get("href", "").startswith(("http://", "https://")) for a in note.find_all("a"))


@pytest.mark.slow
def test_contested_and_unconfirmed_points_render_as_such(real_site):
    collection, _ = check_collection(Project(ROOT))
    reference = collection.reference
    columns = {"prior_review": 3, "arrest": 4}  # their places in the notice-types table
    rows = {cells[0].text(): cells for cells in comparison_rows(real_site, "reference/notice-types/")}
    for entry in reference.notice_types:
        cells = rows[str(entry.name)]
        for key, column in columns.items():
            answer = getattr(entry, key)
            cell = cells[column]
            flags = {c for span in cell.find_all("span", cls="cb-flag") for c in span.classes} - {"cb-flag"}
            if answer.contested:
                # never silently resolved: the marker, each side by name, no yes/no verdict
                assert "cb-flag--contested" in flags and not flags & {"cb-flag--yes", "cb-flag--no"}, entry.id
                for position in answer.positions:
                    assert str(position.holder) in cell.text()
            else:
                assert "cb-flag--contested" not in flags, entry.id
            if answer.unconfirmed:
                assert "cb-flag--unconfirmed" in flags, entry.id
        unconfirmed_rules = sum(1 for r in entry.rules if not r.confirmed)
        checks = cells[6].find_all("span", cls="cb-flag--check")
        assert len(checks) == unconfirmed_rules, entry.id
        assert all(c.text() == "to be checked against the official text" for c in checks)
    # the same contested point on the comparison page and on the Blue Notice's own page
    bvd = {cells[0].text(): cells for cells in comparison_rows(real_site, "reference/blue-notice-vs-diffusion/")}
    review = bvd["Is it checked before it circulates?"][1]
    assert review.find(cls="cb-flag--contested") and "The New York Times" in review.text()
    # diffusions that do not seek arrest: the NDTF can block them first (S43); whether it
    # always does is open, and the cell says so instead of answering "No"
    information = bvd["Is it checked before it circulates?"][3]
    assert information.find(cls="cb-flag--unconfirmed") and not information.find(cls="cb-flag--no")
    blue = article(real_site, "instruments/blue-notice/")
    heading = blue.find(id="blue-notice-prior-review")
    lead, positions = heading.following_siblings()[:2]
    assert lead.find(cls="cb-flag--contested") is not None
    assert "INTERPOL:" in positions.text() and "The New York Times (February 2024):" in positions.text()
    speed = bvd["How fast does it reach other countries' border systems?"]
    assert all(cell.find(cls="cb-flag--unconfirmed") for cell in speed[1:])
    # the glossary marks its contested and unconfirmed points too
    glossary = article(real_site, "reference/glossary/")
    for term in reference.glossary:
        if term.contested or term.unconfirmed:
            definition = glossary.find(id=term.id).following_siblings()[0]
            for kind, clause in (("contested", term.contested), ("unconfirmed", term.unconfirmed)):
                if clause:
                    assert definition.find(cls=f"cb-flag--{kind}") and str(clause) in definition.text(), (term.id, kind)


@pytest.mark.slow
def test_legal_ground_and_pattern_codes_resolve_to_a_section(real_site):
    collection, _ = check_collection(Project(ROOT))
    grounds_page = "reference/legal-grounds/"
    grounds = parse(real_site, grounds_page)
    for term in collection.vocabularies["legal_grounds"].terms:
        assert grounds.find(id=term.code) is not None, term.code
        if term.explained_at:
            page, _, anchor = term.explained_at.partition("#")
            url = page.removesuffix(".md") + "/"
            assert has_anchor(real_site, url, anchor), term.explained_at
            # and the code's section on the legal-grounds page links there
            heading = grounds.find(id=term.code)
            section_links = [
                link for sibling in heading.following_siblings()[:4] for link in links(real_site, grounds_page, sibling)
            ]
            assert (url, anchor) in section_links, term.code
    patterns_page = "reference/misuse-patterns/"
    patterns = parse(real_site, patterns_page)
    for term in collection.vocabularies["misuse_patterns"].terms:
        assert patterns.find(id=term.code) is not None, term.code
        page = parse(real_site, f"patterns/{term.code}/")
        assert page.find("h1").text().startswith(str(term.label)), term.code
        assert (f"patterns/{term.code}/", "") in links(real_site, patterns_page), term.code


@pytest.mark.slow
def test_links_between_precedents_guides_patterns_and_instruments_go_both_ways(linked_site):
    site, records = linked_site
    for record_id, record in records.items():
        url = f"precedents/{record_id}/"
        outgoing = links(site, url)
        targets = {page for page, _ in outgoing}
        checks = (
            [(f"instruments/{i['type']}/", "instrument") for i in record["instruments"]]
            + [(f"patterns/{code}/", "pattern") for code in record["misuse_patterns"]]
            + [(f"guides/{code}/", "guide") for lesson in record["lessons"] for code in lesson["recommendations"]]
        )
        for target, kind in checks:
            assert target in targets, f"{record_id} does not link to its {kind} page {target}"
            assert (url, "") in links(site, target) or (url, "lessons") in links(site, target), (
                f"the {kind} page {target} does not list {record_id}"
            )
        grounds = {g["code"] for p in record["proceedings"] for g in p.get("grounds", [])}
        collection, _ = check_collection(Project(ROOT))
        for code in grounds:
            assert ("reference/legal-grounds/", code) in outgoing, code
            explained_at = collection.vocabularies["legal_grounds"].term(code).explained_at
            if explained_at:
                page, _, anchor = explained_at.partition("#")
                assert (page.removesuffix(".md") + "/", anchor) in outgoing, code
        for page, fragment in outgoing:
            if not page.startswith(("records/", "search")):
                assert has_anchor(site, page, fragment), f"{url} -> {page}#{fragment}"
    # a comparison page lists the precedents in which both of its instruments appear
    both = {page for page, _ in links(site, "reference/blue-notice-vs-diffusion/")}
    assert {f"precedents/{i}/" for i in records} & both == {f"precedents/{SEED}/"}


# Where a page tells readers to file through the CCF's online portal, its text links to
# where INTERPOL explains how (S13 in sources.yml): not only through a footnote. No source
# gives the portal's own address, so the link is S13's.
PORTAL_PAGES = ("guides/ask-the-ccf/", "guides/check-your-status/", "guides/travel-risk/", "framework/ccf/")


@pytest.mark.slow
@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_pages_that_send_readers_to_the_ccf_portal_link_it_in_the_text(real_site, url):
    collection, _ = check_collection(Project(ROOT))
    how_to_file = collection.reference.sources["S13"].url
    body = article(real_site, url)
    blocks = [node for node in body.iter() if node.tag in ("p", "li")]
    innermost = [node for node in blocks if not any(n is not node and n.tag in ("p", "li") for n in node.iter())]
    mentions = [node for node in innermost if "online portal" in node.text()]
    assert mentions, f"{url} no longer mentions the online portal"
    in_text = [a for a in mentions[0].find_all("a") if a.attrs.get("href") == how_to_file and "footnote" not in a.classes]
    assert in_text, f"{url}: the first mention of the portal links INTERPOL's page only through a footnote"
    assert in_text[0].text().strip() == "How to submit a request"


@pytest.mark.slow
def test_every_internal_link_of_the_knowledge_pages_resolves(real_site):
    urls = [
        "reference/notice-types/",
        "reference/blue-notice-vs-diffusion/",
        "reference/glossary/",
        "misconceptions/",
        "guides/",
        *[
            f"{p.parent.relative_to(real_site).as_posix()}/"
            for folder in ("instruments", "patterns", "guides", "framework")
            for p in (real_site / folder).rglob("index.html")
        ],
    ]
    broken = [
        f"{url} -> {page}#{fragment}"
        for url in urls
        for page, fragment in links(real_site, url, article(real_site, url))
        if not page.startswith("search") and not has_anchor(real_site, page, fragment)
    ]
    assert broken == []


@pytest.mark.slow
def test_glossary_words_carry_their_definition_on_every_kind_of_page(real_site):
    collection, _ = check_collection(Project(ROOT))
    terms = {t.id: t for t in collection.reference.glossary}
    expansion = str(terms["ccf"].tooltip).partition(": ")[0]

    def in_heading_or_link(node) -> bool:
        while node is not None:
            if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "a"):
                return True
            node = node.parent
        return False

    for url in ("framework/ccf/", "instruments/diffusion/", f"precedents/{SEED}/", "guides/ask-the-ccf/"):
        # The first CCF in the text carries the definition, later ones the expansion,
        # and so do those in headings and links (headings show no underline, and a tap
        # on a link follows it), which never count as the first use.
        words = [a for a in article(real_site, url).find_all("abbr") if a.text() == "CCF"]
        in_text = [a.attrs.get("title") for a in words if not in_heading_or_link(a)]
        assert in_text[0] == str(terms["ccf"].tooltip), url
        assert set(in_text[1:]) == {expansion}, url
        assert {a.attrs.get("title") for a in words if in_heading_or_link(a)} <= {expansion}, url
    glossary = parse(real_site, "reference/glossary/")
    assert all(glossary.find(id=term_id) is not None for term_id in terms)
    html = page_file(real_site, "framework/ccf/").read_text(encoding="utf-8")
    assert "*[CCF]" not in html


# --- in Chromium ------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def real_server(real_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(_Quiet, directory=str(real_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("url", COMPARISON_PAGES)
def test_comparison_tables_never_make_the_page_scroll_sideways(browser, real_server, url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(real_server + url)
    page.wait_for_selector(".cb-comparison table")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    labels_shown = page.locator(".cb-comparison .cb-cell-label").first.is_visible()
    # narrow screens stack each row into a card whose cells say which column they are
    assert labels_shown == (width < 720)
    context.close()


# Table rules axe keeps off by default (experimental); Lighthouse runs td-has-header.
TABLE_RULES = ["td-has-header", "th-has-data-cells", "td-headers-attr", "scope-attr-valid", "empty-table-header"]


def axe_violations(page, rules=None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "rule", "values": rules}} if rules else None
    found = Axe().run(page, options=options).response["violations"]
    return [f"{v['impact']}: {v['id']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in found]


LOOKS = [("light", 1280), ("dark", 1280), ("light", 360), ("dark", 360)]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("scheme", "width"), LOOKS, ids=[f"{s}-{w}" for s, w in LOOKS])
@pytest.mark.parametrize("url", COMPARISON_PAGES)
def test_axe_finds_nothing_on_the_comparison_tables_their_headers_included(browser, real_server, url, scheme, width):
    """Every rule axe runs by default, in both palettes, and the table rules it keeps off:
    each answer has its row and column headers (td-has-header, as Lighthouse checks)."""
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(real_server + url)
        assert axe_violations(page) == [] and axe_violations(page, TABLE_RULES) == [], f"/{url} {scheme} {width}px"
    finally:
        context.close()


@pytest.mark.browser
def test_the_table_rules_catch_a_row_label_without_a_header(browser):
    """The former markup: an empty corner <th> and row labels in <td><strong>."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<html lang="en"><body><main><table><thead><tr><th></th><th>Blue Notice</th><th>Diffusion</th></tr></thead>'
        "<tbody><tr><td><strong>Can it lead to arrest?</strong></td><td>No</td><td>Sometimes</td></tr>"
        "<tr><td><strong>Is it checked?</strong></td><td>Yes</td><td>No</td></tr></tbody></table></main></body></html>"
    )
    found = axe_violations(page, TABLE_RULES)
    context.close()
    assert any(": td-has-header " in v for v in found), found


@pytest.mark.browser
@pytest.mark.slow
def test_a_glossary_word_shows_its_definition_when_tapped(browser, real_server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(real_server + "framework/ccf/")
    word = page.locator("article abbr", has_text="CCF").first
    word.scroll_into_view_if_needed()
    assert page.locator("#cb-tooltip").count() == 0  # nothing is set up before a reader asks
    word.tap()
    tooltip = page.locator("#cb-tooltip")
    tooltip.wait_for()
    assert "Commission for the Control of INTERPOL's Files" in tooltip.inner_text()
    assert word.get_attribute("aria-describedby") == "cb-tooltip"
    # Not a tab stop (issue 22: thirty-four of them on one page); keyboard and screen-reader
    # users get the definition from its title, which Chromium exposes (tests/test_keyboard.py), and on
    # the glossary page.
    assert word.get_attribute("tabindex") is None
    word.tap()  # a second tap closes it
    tooltip.wait_for(state="hidden")
    assert word.get_attribute("title") and not word.get_attribute("aria-describedby")
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_tooltips_show_on_hover_and_focus_and_close_on_escape(browser, real_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(real_server + "reference/blue-notice-vs-diffusion/")
    tooltip = page.locator("#cb-tooltip")
    word = page.locator("article abbr").first
    definition = word.get_attribute("title")
    word.hover()
    tooltip.wait_for()
    assert tooltip.inner_text() == definition
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")
    source = page.locator("article a.footnote-ref").first
    source.focus()  # a keyboard user reaches a source number, which shows its source
    tooltip.wait_for()
    note = page.locator("#" + source.evaluate("a => a.hash").lstrip("#").replace(":", "\\:"))
    assert tooltip.inner_text() and tooltip.inner_text() in " ".join(note.inner_text().split())
    assert page.evaluate("getComputedStyle(document.getElementById('cb-tooltip')).position") == "absolute"
    context.close()


# --- no overstated claim about diffusions comes back ------------------------------------
#
# The sources (S42, S43, S7) say that a *wanted-person* diffusion cannot, as a rule, be
# blocked before it is sent and is reviewed afterwards; that INTERPOL's screening task
# force can block other diffusions before they go out; and that since 10 March 2022 all
# of Russia's diffusions are checked first. An accuracy audit found the site saying of
# every diffusion that it is "checked only after it goes out". The scan below reads every
# hand-written or reference text the site is made from and fails, naming file and line,
# on a sentence that says a diffusion is not checked, reviewed or blocked beforehand
# without saying that it is the wanted-person kind (or one that asks for arrest).

CLAIM_SCAN = (
    "mkdocs.yml",
    "docs/**/*.md",
    "docs/overrides/**/*.html",
    "precedents/*.yml",
    "precedents/reference/**/*.yml",
    "precedents/reference/**/*.md",
    "precedents/vocabularies/*.yml",
    "scripts/casebook/pages/**/*.j2",
    "scripts/casebook/pages/**/*.py",
    "scripts/casebook/pages/**/*.yml",
)
_CHECK = r"(?:check|review|screen|vet|scrutini[sz]|block|approv|filter)\w*"
_GONE = r"(?:sent|gone\s+out|go(?:es)?\s+out|went\s+out|dispatched|circulated|transmitted|disseminated|published)"
# Ways of saying "not checked before it goes out"; matched on one sentence at a time.
NOT_CHECKED_FIRST = re.compile(
    "|".join(
        (
            rf"\b{_CHECK}(?:\s+[\w'-]+){{0,3}}?\s+only\s+after",  # "checked only after(wards)"
            r"\bdiffusions?\s+(?:only\s+)?after\s+(?:it|they)\s+(?:is|are|has|have|go|goes|went)\b",  # "diffusions after they are sent"
            rf"\b{_CHECK}[^.;]{{0,40}}?\bafter\s+(?:it|they|the\s+fact|dispatch|transmission|sending|circulation)\b"
            rf"(?:\s+(?:has|have|is|are|was|were))?(?:\s+been)?(?:\s+{_GONE})?",  # "reviewed after they are sent"
            rf"\b(?:not|never|cannot|can't|no\s+one|nobody)\b[^.;]{{0,40}}?\b{_CHECK}[^.;]{{0,40}}?"
            r"\b(?:before|beforehand|in\s+advance|first|prior)\b",  # "never checked in advance"
            rf"\bno\s+(?:prior|advance|previous)\s+{_CHECK}",  # "no prior review"
            rf"\bwithout\b[^.;]{{0,40}}?\b(?:prior|advance|previous)\s+{_CHECK}",  # "without ... prior approval"
            rf"\b(?:need|needs|require|requires)\s+no\b[^.;]{{0,30}}?{_CHECK}",  # "needs no approval"
            r"\b(?:sent|goes\s+out|go\s+out|leaves|circulates?|is\s+issued)\b[^.;]{0,30}?\bbefore\s+"
            rf"(?:INTERPOL|the\s+General\s+Secretariat|anyone|any\s+\w+)\b[^.;]{{0,20}}?{_CHECK}",  # "sent before INTERPOL reviews it"
            rf"\bbypass\w*[^.;]{{0,30}}?(?:prior|{_CHECK})",
            r"\bun(?:checked|reviewed|screened|vetted)\b",
        )
    ),
    re.IGNORECASE,
)
DIFFUSION = re.compile(r"diffusion|\bWPDs?\b", re.IGNORECASE)
# What limits the claim to the diffusions the sources speak of: the wanted-person kind,
# one that asks for arrest.
WANTED_PERSON = re.compile(
    r"wanted[\s-]+person|\bWPDs?\b|\b(?:seek|seeks|seeking|ask|asks|asking|request|requests|requesting)\b[^.;]{0,40}\barrest",
    re.IGNORECASE,
)
# Sentences that report, and date, what a source once said; each with the reason it stays.
CLAIMS_ALLOWED = {
    ("docs/framework/data-rules.md", "Older practitioner commentary (2021) described diffusions as not reviewed"): (
        "attributed to S44 and followed at once by INTERPOL's later account (S16), as the fact sheet words it"
    ),
}
_BLOCK_START = re.compile(r"^\s*(?:$|#|[-*+]\s|\d+\.\s|(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)|\[\^|<|\{%)")
_HEADER = re.compile(r"^(\s*)(?:-\s+)?(?:id|code):\s*(\S.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)*]*\s+(?=[\"'“‘(*\[]*[A-Z])")


def _blanked(text: str) -> str:
    """Markup that is not words (footnote references, link targets, emphasis) replaced by
    spaces, so that offsets, and so lines, stay those of the file."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    text = re.sub(r"\[\^[^\]\s]+\]", blank, text)
    text = re.sub(r"\]\([^)\s]*\)", blank, text)
    return re.sub(r"\*\*|__|[\[\]`>]", blank, text)


def overstated_diffusion_claims(text: str) -> list[tuple[int, str]]:
    """(line, sentence) for each sentence of ``text`` that says a diffusion is not checked
    before it goes out without limiting it to wanted-person diffusions."""
    lines = _blanked(text).split("\n")
    headers = [(m.start(2), len(m.group(1)), m.group(2)) for line in lines for m in [_HEADER.match(line)] if m]
    top = min((indent for _, indent, _ in headers), default=0)
    found, header, heading, block, start = [], "", "", [], 0

    def scan(block_lines: list[str], first_line: int) -> None:
        joined = " ".join(block_lines)
        starts, offset = [], 0
        for line in block_lines:  # where each line starts in the joined block
            starts.append(offset)
            offset += len(line) + 1
        previous = ""
        position = 0
        for sentence in _SENTENCE_END.split(joined):
            begin = joined.index(sentence, position)
            position = begin + len(sentence)
            for claim in NOT_CHECKED_FIRST.finditer(sentence):
                before = sentence[: claim.start()]
                mentions = list(DIFFUSION.finditer(before + claim.group(0)))
                if mentions:  # the sentence names its diffusion: the qualifier goes with that name
                    at = mentions[-1].start()
                    subject = (before + claim.group(0))[max(0, at - 40) :]
                elif DIFFUSION.search(" ".join((previous, header, heading, sentence))):
                    # "It is checked only after...": the diffusion is named by the last
                    # sentence of the paragraph that names one, or by the entry or section
                    subject = " ".join((previous, header, heading, before))
                else:
                    continue
                if WANTED_PERSON.search(subject):
                    continue
                where = begin + claim.start()
                line = first_line + max(i for i, s in enumerate(starts) if s <= where)
                found.append((line, " ".join(sentence.split())))
                break
            if DIFFUSION.search(sentence):
                previous = sentence

    for number, line in enumerate(lines, start=1):
        match = _HEADER.match(line)
        if match and len(match.group(1)) == top:
            header = match.group(2)
        if _HEADING.match(line):
            heading = _HEADING.match(line).group(1)
        if _BLOCK_START.match(line):
            if block:
                scan(block, start)
            block, start = ([line], number) if line.strip() else ([], number + 1)
        else:
            if not block:
                start = number
            block.append(line)
    if block:
        scan(block, start)
    return found


def test_no_text_says_diffusions_in_general_go_unchecked_before_they_go_out():
    files = sorted({path for pattern in CLAIM_SCAN for path in ROOT.glob(pattern) if path.is_file()})
    assert len(files) > 60, "the scan reads the site's hand-written and reference texts"
    offending = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for line, sentence in overstated_diffusion_claims(text):
            if not any(relative == f and phrase in sentence for f, phrase in CLAIMS_ALLOWED):
                offending.append(f"{relative}:{line}: {sentence}")
    assert offending == [], (
        "these say of every diffusion that it is not checked before it goes out; the sources "
        "(S42, S43) say it only of wanted-person diffusions, the NDTF can block other diffusions "
        "first (S43), and all of Russia's are checked first since March 2022 (S7):\n" + "\n".join(offending)
    )


@pytest.mark.parametrize(
    "text",
    [
        "Diffusions are not checked before they go out.",
        "- id: diffusion\n  tooltip: A message sent straight to others. It is checked only after it has gone out.",
        "A diffusion goes out at once and\n   is checked only afterwards,[^S42] and so on.",
        "reviews notice requests before publication and diffusions after they are sent.",
        "sent again as a diffusion, a channel that needs no prior approval from the General Secretariat.",
        "A diffusion is sent before INTERPOL reviews it; when the review finds it non-compliant.",
        "A wanted-person diffusion is urgent. Diffusions are never reviewed in advance.",
    ],
)
def test_the_diffusion_claim_scan_catches_the_overstatement(text):
    assert overstated_diffusion_claims(text), text


@pytest.mark.parametrize(
    "text",
    [
        "A wanted-person diffusion cannot, as a rule, be blocked before it is sent.",
        "- id: wanted-person-diffusion\n  summary: It goes out at once, and INTERPOL checks it only afterwards.",
        "A diffusion asking for arrest is, as a rule, checked only after it goes out.",
        "screens Red Notice requests before publication and wanted-person diffusions after they are sent.",
        "INTERPOL checks diffusions before they go out, like notices.",
        "The New York Times reported that Blue Notices are scrutinised only after they have circulated.",
    ],
)
def test_the_diffusion_claim_scan_lets_the_sourced_wording_through(text):
    assert overstated_diffusion_claims(text) == [], text


def test_the_claim_scan_names_the_line():
    text = "title: x\n\n- One.\n- A diffusion goes out at once and\n  is checked only afterwards.[^S42]\n"
    assert overstated_diffusion_claims(text) == [(5, "- A diffusion goes out at once and is checked only afterwards.")]


def test_diffusions_that_do_not_seek_arrest_are_not_said_to_go_out_unchecked():
    """The screening task force can block diffusions other than wanted-person diffusions
    before they go out (S43); whether it always does is not reported. So the entry must not
    answer "no", and an answer other than yes shows what is open."""
    collection, _ = check_collection(Project(ROOT))
    reference = collection.reference
    review = reference.entry("information-diffusion").prior_review
    assert review.answer != "no", "information diffusions: the NDTF can block them before they go out (S43)"
    if review.answer == "unconfirmed":
        assert review.unconfirmed and "S43" in review.sources
    # the wanted-person diffusion keeps its general rule, with Russia's exception and its source
    wanted = reference.entry("wanted-person-diffusion").prior_review
    assert wanted.answer == "no" and "Russia" in str(wanted.text) and "S7" in wanted.sources


def test_the_glossary_carries_the_blue_notice_caveat_where_it_says_notice_requests_are_reviewed():
    """INTERPOL says every notice request is reviewed before publication (S7); the New York
    Times reported that Blue Notices are scrutinised only after they circulate (S72). A
    glossary term that says the first must say the second is contested."""
    collection, _ = check_collection(Project(ROOT))
    says_all_reviewed = re.compile(
        r"(?<!Red )\bnotice requests?\b[^.]{0,60}\bbefore\s+(?:publication|it is published)"
        r"|\b(?:reviews?|checks?)\s+(?:every|all)\s+(?:notice\s+)?requests?",
        re.IGNORECASE,
    )
    for term in collection.reference.glossary:
        for field in ("tooltip", "definition"):
            text = str(getattr(term, field))
            if says_all_reviewed.search(text):
                assert "Blue Notice" in text and "S72" in term.sources, f"glossary {term.id}: {field}"
        if "Blue Notice" in str(term.definition) and "S72" in term.sources:
            assert term.contested, f"glossary {term.id}: mark the Blue Notice point contested"
