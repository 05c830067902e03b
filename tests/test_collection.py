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

from casebook.pages.derive import detention_length
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

# The second research file (eight more public cases), and its record id -> research id.
MORE_RESEARCH_FILE = Path(os.environ.get("CASEBOOK_MORE_RESEARCH_FILE", "/work/shared/reference/public-precedents-more.yaml"))
MORE_RESEARCH_IDS = {
    "bh-2018-al-araibi": "BH-2018-al-araibi",
    "cn-2021-idris-hasan": "CN-2021-idris-hasan",
    "by-2023-gnyot": "BY-2023-gnyot",
    "ru-2016-kulachenkov": "RU-2016-kulachenkov",
    "eg-2022-osman": "EG-2022-osman",
    "az-2016-lapshin": "AZ-2016-lapshin",
    "ru-2014-trushin": "UK-2014-trushin",
    "xx-2023-ccf-1-diffusion": "CCF-2023-1-diffusion",
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
    assert len(collection.precedents) == 39


def test_every_research_entry_has_a_record():
    assert len(RESEARCH_IDS) == 30
    assert set(RESEARCH_IDS) <= set(RECORDS)
    assert all(RECORDS[i]["kind"] == "public-record" for i in RESEARCH_IDS)
    if not RESEARCH_FILE.exists():
        pytest.skip(f"research file not found at {RESEARCH_FILE}; set CASEBOOK_RESEARCH_FILE")
    research_ids = [entry["id"] for entry in yaml.safe_load(RESEARCH_FILE.read_text(encoding="utf-8"))]
    assert sorted(research_ids) == sorted(RESEARCH_IDS.values())


def test_every_entry_of_the_second_research_file_has_a_record():
    assert len(MORE_RESEARCH_IDS) == 8
    assert set(MORE_RESEARCH_IDS) <= set(RECORDS)
    assert all(RECORDS[i]["kind"] == "public-record" for i in MORE_RESEARCH_IDS)
    if not MORE_RESEARCH_FILE.exists():
        pytest.skip(f"research file not found at {MORE_RESEARCH_FILE}; set CASEBOOK_MORE_RESEARCH_FILE")
    research_ids = [entry["id"] for entry in yaml.safe_load(MORE_RESEARCH_FILE.read_text(encoding="utf-8"))]
    assert sorted(research_ids) == sorted(MORE_RESEARCH_IDS.values())


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
    subjects, readable = {}, set()  # research id -> subject; the record ids whose research file was read
    for research_file, ids in ((RESEARCH_FILE, RESEARCH_IDS), (MORE_RESEARCH_FILE, MORE_RESEARCH_IDS)):
        if research_file.exists():
            subjects |= {e["id"]: e["subject"] for e in yaml.safe_load(research_file.read_text(encoding="utf-8"))}
            readable |= set(ids)
    research_ids = RESEARCH_IDS | MORE_RESEARCH_IDS
    wrong, unverifiable = [], []
    for record_id, record in RECORDS.items():
        name = record["person"].get("name")
        if record["kind"] != "public-record" or not name:
            continue
        titles = _fold(" ".join(s["title"] for s in record["sources"]))
        subject = subjects.get(research_ids.get(record_id, ""), "")
        for surname in _name_parts(name):
            if surname in titles or surname in _fold(subject):
                continue
            (wrong if record_id in readable else unverifiable).append(f"{record_id}: {surname!r}")
    assert wrong == []
    if unverifiable:
        warnings.warn(f"names not in any source title and research file missing: {unverifiable}", stacklevel=1)


def test_anonymised_ccf_decisions_have_no_name():
    ccf = [i for i in RECORDS if i.startswith("xx-")]
    assert len(ccf) == 5
    assert [i for i in ccf if "name" in RECORDS[i]["person"]] == []
    assert all(RECORDS[i]["requesting_states"] == [] for i in ccf)


# --- key facts of the second research file's records (issue 17's examples) ------------------


@pytest.fixture(scope="module")
def precedents():
    collection, _ = check_collection(Project(ROOT))
    return {p.id: p for p in collection.precedents}


def _iso(date) -> str | None:
    return date.iso if date else None


def test_al_araibi_held_76_days_until_bahrain_withdrew_its_request(precedents):
    p = precedents["bh-2018-al-araibi"]
    total = detention_length(p)
    assert (total.days_min, total.days_max, total.approximate) == (76, 76, False)
    assert [(_iso(x.start), _iso(x.end), x.basis) for x in p.detention.periods] == [
        ("2018-11-27", "2018-12-11", "extradition-arrest"),
        ("2018-12-11", "2019-02-11", "remand"),
    ]
    court = next(x for x in p.proceedings if x.forum == "national-court")
    assert court.outcome == "request-withdrawn" and "extradition-refused" not in p.outcomes
    assert [(m.kind, _iso(m.ordered), m.term.days) for m in court.measures] == [("remand", "2018-12-11", 60)]
    assert {(i.type, i.fate) for i in p.instruments} == {("red-notice", "removed"), ("extradition-request", "withdrawn")}
    assert [(x.status, x.by) for x in p.person.protection] == [("refugee", "AU")]
    assert [(m.kind, m.state) for m in p.onward_moves] == [("returned-to-residence", "AU")]


def test_idris_hasan_held_from_july_2021_to_february_2025_and_resettled(precedents):
    p = precedents["cn-2021-idris-hasan"]
    (period,) = p.detention.periods
    assert (_iso(period.start), _iso(period.end)) == ("2021-07-19/2021-07-20", "2025-02")
    total = detention_length(p)  # the dates allow a total: a range, about 43 months
    assert (total.days_min, total.days_max) == (1292, 1320) and total.months == 43
    assert "extradition-not-carried-out" in p.outcomes
    assert [(m.kind, m.state) for m in p.onward_moves] == [("resettled", "US")]
    assert [(x.status, x.by) for x in p.person.protection] == [("unhcr-applicant", "UNHCR")]
    review = next(x for x in p.proceedings if x.kind == "interpol-review")
    assert {(g.code, g.status) for g in review.grounds} == {
        ("interpol-art-3-political", "contested"),
        ("interpol-refugee-policy", "contested"),
    }


def test_kulachenkov_held_24_january_to_10_february_2016_on_a_diffusion(precedents):
    p = precedents["ru-2016-kulachenkov"]
    assert [(_iso(x.start), _iso(x.end), x.state) for x in p.detention.periods] == [("2016-01-24", "2016-02-10", "CY")]
    assert detention_length(p).days_min == 17
    assert [(i.type, _iso(i.issued), i.fate) for i in p.instruments] == [("diffusion", "2015-08", "unknown")]
    assert [(x.status, x.by, _iso(x.date)) for x in p.person.protection] == [("refugee", "LT", "2015")]
    # Cyprus freed him at its own prosecutors' request: no withdrawal by Russia is reported.
    assert p.outcomes == ("released",) and "request-withdrawn" not in {x.outcome for x in p.proceedings}
    assert "diffusion-without-review" in p.misuse_patterns


def test_gnyot_freed_when_the_one_year_limit_ran_out(precedents):
    p = precedents["by-2023-gnyot"]
    assert [(x.basis, _iso(x.end)) for x in p.detention.periods] == [("extradition-arrest", None), ("house-arrest", "2024-10-31")]
    total = detention_length(p)
    assert total.computable and total.approximate and total.days_min <= 367 <= total.days_max
    approvals = [x for x in p.proceedings if x.outcome == "extradition-granted"]
    assert [_iso(x.decided) for x in approvals] == ["2023-12", "2024-05-31"]
    assert [(m.kind, m.state) for m in p.onward_moves] == [("left-for-third-state", "DE")]


def test_osman_lapshin_trushin_and_ccf_1(precedents):
    osman = precedents["eg-2022-osman"]
    assert detention_length(osman).days_min == 46
    assert [(i.type, i.type_certain) for i in osman.instruments] == [("regional-channel", True), ("red-notice", False)]
    lapshin = precedents["az-2016-lapshin"]
    assert {"extradition-granted", "violation-found"} <= set(lapshin.outcomes)
    assert not lapshin.instruments[0].type_certain  # whether INTERPOL held anything is disputed
    assert [(m.kind, m.state) for m in lapshin.onward_moves] == [("expelled", "IL")]
    trushin = precedents["ru-2014-trushin"]
    assert [(x.status, x.by, _iso(x.date)) for x in trushin.person.protection] == [("refugee", "GB", "2005")]
    ccf = precedents["xx-2023-ccf-1-diffusion"]
    assert [(i.type, i.fate) for i in ccf.instruments] == [("diffusion", "deleted")]
    assert [(i.scheme, i.value) for x in ccf.proceedings for i in x.identifiers] == [("ccf-decision", "No. 1 (2023)")]


@pytest.mark.parametrize("record_id", sorted(MORE_RESEARCH_IDS))
def test_the_new_records_are_linked_both_ways(record_id):
    for related in RECORDS[record_id].get("related", []):
        back = [r["id"] for r in RECORDS[related["id"]].get("related", [])]
        assert record_id in back, f"{related['id']} does not link back to {record_id}"


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
