"""The real collection in precedents/: the check CI runs, sanity rules, and counts on the built site.

Counts are computed here straight from the YAML files with ``yaml.safe_load``, never
through casebook's model or derive code, and compared with what a reader sees in the
built site: the rows of a browse page, the count on the browse index, and the
``data-pagefind-filter`` spans that feed the search filters.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from casebook.records.collection import Project, check_collection
from casebook.site.build import build
from tests.conftest import ROOT
from tests.site_safety import scan_site

PRECEDENTS = ROOT / "precedents"
# The research file the public records were written from. It lives outside the
# repository; where it is missing, the checks that need it say so instead of passing.
RESEARCH_FILE = Path(os.environ.get("CASEBOOK_RESEARCH_FILE", "/work/shared/reference/public-precedents.yaml"))

# record id -> research id in the research file
RESEARCH_IDS = {
    "ru-2013-browder": "RU-2013-browder",
    "ru-2012-silaev": "RU-2012-silaev",
    "cn-2018-dolkun-isa": "CN-2018-dolkun-isa",
    "tr-2017-akhanli": "TR-2017-akhanli",
    "tr-2017-yalcin": "TR-2017-yalcin",
    "kz-2013-ablyazov": "KZ-2013-ablyazov",
    "kz-2013-ketebayev": "KZ-2013-ketebayev",
    "ru-2020-shiksaitov": "ECHR-2020-shiksaitov",
    "ru-2002-zakayev": "RU-2002-zakayev",
    "id-2011-wenda": "ID-2011-wenda",
    "eg-2015-mansour": "EG-2015-mansour",
    "tj-2017-kuzov": "TJ-2017-kuzov",
    "tj-2018-kabiri": "TJ-2018-kabiri",
    "ru-2014-koblyakov": "RU-2014-koblyakov",
    "uz-2001-salih": "UZ-2001-salih",
    "uz-2017-abdullaev": "UZ-2017-abdullaev",
    "az-2017-huseynli": "AZ-2017-huseynli",
    "ru-2016-khodorkovsky": "RU-2016-khodorkovsky",
    "az-2007-samadov": "AZ-2007-samadov",
    "ru-2021-khasoyev": "RU-2021-khasoyev",
    "ru-2022-art207-group": "RU-2022-art207-group",
    "by-2021-malakhouski": "BY-2021-malakhouski",
    "in-2017-zakir-naik": "IN-2017-zakir-naik",
    "ve-2006-poleo": "VE-poleo",
    "tr-2017-mr-c": "TR-2017-mr-c",
    "xx-2018-ccf-10-blue-notice": "CCF-2018-10-blue-notice",
    "xx-2018-ccf-14-art2-political": "CCF-2018-14-art2-political",
    "xx-2024-ccf-2-art3": "CCF-2024-2-art3",
    "xx-2017-ccf-3-compliant-with-update": "CCF-2017-3-compliant-with-update",
    "by-2020-ccf-co-accused": "CCF-2020-belarus-rnlj",
}


def _records() -> dict[str, dict]:
    """Every record as plain YAML data, read without casebook.

    Note: yaml.safe_load reads an unquoted NO (Norway) as False; the counts below only
    use codes that YAML leaves alone.
    """
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(PRECEDENTS.glob("*.yml"))}


RECORDS = _records()


def _fold(text: str) -> str:
    """Lower case without accents, so 'Yalçin' matches 'Yalcin'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# --- the check CI runs ------------------------------------------------------------------


def test_real_collection_passes_the_check():
    collection, problems = check_collection(Project(ROOT))
    assert [str(p) for p in problems] == []
    assert len(collection.precedents) == 31


def test_every_research_entry_has_a_record():
    assert len(RESEARCH_IDS) == 30
    assert set(RESEARCH_IDS) <= set(RECORDS)
    assert all(RECORDS[i]["kind"] == "public-record" for i in RESEARCH_IDS)
    if not RESEARCH_FILE.exists():
        pytest.skip(f"research file not found at {RESEARCH_FILE}; set CASEBOOK_RESEARCH_FILE")
    research_ids = [entry["id"] for entry in yaml.safe_load(RESEARCH_FILE.read_text(encoding="utf-8"))]
    assert sorted(research_ids) == sorted(RESEARCH_IDS.values())


# --- sanity rules on the records ----------------------------------------------------------


@pytest.mark.parametrize("record_id", sorted(RECORDS))
def test_every_precedent_has_a_source(record_id):
    sources = RECORDS[record_id].get("sources") or []
    assert len(sources) >= 1
    assert all(s.get("url") or s.get("citation") for s in sources)


def test_firm_case_studies_name_nobody():
    firm = [r for r in RECORDS.values() if r["kind"] == "firm-case-study"]
    assert firm, "expected at least the firm's own case study"
    assert [r["id"] for r in firm if "name" in r["person"]] == []


def _name_parts(name: str) -> list[str]:
    """The surnames in a name field: 'Petr (Pyotr) Silaev' -> ['silaev']; lists split on commas."""
    without_asides = re.sub(r"\([^)]*\)", " ", name)
    parts = [p for p in re.split(r",|\band\b", without_asides) if p.strip()]
    return [_fold(p.split()[-1]) for p in parts]


def test_public_record_names_come_from_the_sources():
    subjects = {}
    if RESEARCH_FILE.exists():
        subjects = {e["id"]: e["subject"] for e in yaml.safe_load(RESEARCH_FILE.read_text(encoding="utf-8"))}
    wrong, unverifiable = [], []
    for record_id, record in RECORDS.items():
        name = record["person"].get("name")
        if record["kind"] != "public-record" or not name:
            continue
        titles = _fold(" ".join(s["title"] for s in record["sources"]))
        subject = subjects.get(RESEARCH_IDS.get(record_id, ""), "")
        for surname in _name_parts(name):
            if surname in titles or surname in _fold(subject):
                continue
            (wrong if subjects else unverifiable).append(f"{record_id}: {surname!r}")
    assert wrong == []
    if unverifiable:
        warnings.warn(f"names not in any source title and research file missing: {unverifiable}", stacklevel=1)


def test_anonymised_ccf_decisions_have_no_name():
    ccf = [i for i in RECORDS if i.startswith("xx-")]
    assert len(ccf) == 4
    assert [i for i in ccf if "name" in RECORDS[i]["person"]] == []
    assert all(RECORDS[i]["requesting_states"] == [] for i in ccf)


# --- counts on the built site ---------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("casebook")
    report = build(Project(ROOT), site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or [str(p) for p in report.problems]
    return tmp / "site"


class _TableRows(HTMLParser):
    """Counts the rows of every table body on a page."""

    def __init__(self):
        super().__init__()
        self.in_body = False
        self.rows = 0

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False


def _table_rows(page: Path) -> int:
    parser = _TableRows()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.rows


# Instruments and misuse patterns list their precedents on their own pages
# (instruments/<code>/, patterns/<code>/), which the browse index links to instead of
# browse pages, so that each group has one list.
GROUP_PAGES = {"instrument": "instruments", "misuse-pattern": "patterns"}


def _group_href(facet: str, code: str) -> str:
    """A group's link on the browse index."""
    return f"../{GROUP_PAGES[facet]}/{code}/" if facet in GROUP_PAGES else f"{facet}/{code}/"


def _group_page(site: Path, facet: str, code: str) -> Path:
    folder = site / GROUP_PAGES[facet] if facet in GROUP_PAGES else site / "browse" / facet
    return folder / code / "index.html"


def _index_count(site: Path, facet: str, code: str) -> int:
    """The number shown after a group's link on the browse index."""
    text = (site / "browse" / "index.html").read_text(encoding="utf-8")
    found = re.findall(rf'<a href="{re.escape(_group_href(facet, code))}">[^<]*</a>\s*\((\d+)\)', text)
    assert len(found) == 1, f"expected one entry for {facet}/{code} on the browse index; found {found}"
    return int(found[0])


def _filtered_pages(site: Path, key: str, value: str) -> set[str]:
    """Precedent pages carrying a data-pagefind-filter span key:value."""
    span = f'data-pagefind-filter="{key}:{value}"'
    return {page.parent.name for page in (site / "precedents").glob("*/index.html") if span in page.read_text(encoding="utf-8")}


def _requesting(code):
    return lambda r: code in r["requesting_states"]


def _instrument(code):
    return lambda r: any(i["type"] == code for i in r["instruments"])


def _outcome(code):
    return lambda r: code in r["outcomes"]


def _ground(code):
    return lambda r: any(g["code"] == code for p in r["proceedings"] for g in p.get("grounds", []))


FACET_CASES = [
    # (browse facet, code, Pagefind filter key, test on the raw YAML)
    ("requesting-state", "RU", "requesting_state", _requesting("RU")),
    ("requesting-state", "TR", "requesting_state", _requesting("TR")),
    ("instrument", "red-notice", "instrument", _instrument("red-notice")),
    ("instrument", "blue-notice", "instrument", _instrument("blue-notice")),
    ("instrument", "interpol-alert-unspecified", "instrument", _instrument("interpol-alert-unspecified")),
    ("outcome", "extradition-refused", "outcome", _outcome("extradition-refused")),
    ("outcome", "data-deleted", "outcome", _outcome("data-deleted")),
    # every ground is findable, relied on, contested or argued (the page labels which)
    ("legal-ground", "interpol-art-3-political", "legal_ground", _ground("interpol-art-3-political")),
]


@pytest.mark.slow
@pytest.mark.parametrize(("facet", "code", "key", "matches"), FACET_CASES, ids=[f"{c[0]}:{c[1]}" for c in FACET_CASES])
def test_counts_on_the_site_match_the_yaml(site, facet, code, key, matches):
    expected = sorted(i for i, r in RECORDS.items() if matches(r))
    assert expected, f"no record has {facet} {code}; pick a code the collection uses"
    assert _table_rows(_group_page(site, facet, code)) == len(expected)
    assert _index_count(site, facet, code) == len(expected)
    assert sorted(_filtered_pages(site, key, code)) == expected


@pytest.mark.slow
def test_every_precedent_has_a_page(site):
    pages = sorted(p.parent.name for p in (site / "precedents").glob("*/index.html"))
    assert pages == sorted(RECORDS)
    assert _table_rows(site / "precedents" / "index.html") == len(RECORDS)


@pytest.mark.slow
def test_argued_grounds_are_shown_as_argued_and_are_findable(site):
    page = (site / "precedents" / "xx-2017-ccf-3-compliant-with-update" / "index.html").read_text(encoding="utf-8")
    assert "Grounds argued" in page
    assert "argued, not shown to be relied on" in page
    assert "legal_ground:interpol-art-3-political" in page  # findable with the filter
    group = (site / "browse" / "legal-ground" / "interpol-art-3-political" / "index.html").read_text(encoding="utf-8")
    row = next(r for r in group.split("<tr>") if "xx-2017-ccf-3-compliant-with-update" in r)
    assert '<span class="cb-row-note">(argued)</span>' in row


@pytest.mark.slow
def test_weak_records_show_the_warning(site):
    weak = sorted(i for i, r in RECORDS.items() if r["sourcing"]["strength"] == "weak")
    assert weak, "expected at least one weakly sourced record"
    pages = (site / "precedents").glob("*/index.html")
    shown = sorted(p.parent.name for p in pages if "cb-weak" in p.read_text(encoding="utf-8"))
    assert shown == weak


@pytest.mark.slow
def test_every_built_file_is_safe_by_type(site):
    """The by-type safety scan of tests/site_safety.py over the real collection's site, so a
    contributed record is scanned in CI the way the hostile payloads are."""
    assert scan_site(site) == []
