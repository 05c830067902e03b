"""The statistics page: every number it shows equals a count made here, independently,
from the records' YAML (read with yaml.safe_load; nothing from casebook's derive.py);
every chart has a text alternative and a table of its numbers; the links go to the
search with the right filters.

The collection: 60 synthetic records (in a temporary folder), the seed case, and one
record whose requesting state is withheld and which has no dates at all.
"""

import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import yaml

from casebook.pages.render import FILTER_KEYS, render_site
from casebook.records.collection import check_collection
from casebook.tools.synthetic import write_synthetic_collection
from tests.conftest import FIXTURES, ROOT, project_for

UNDISCLOSED = {
    "id": "xx-2019-synthetic-undisclosed",
    "kind": "public-record",
    "title": "Synthetic: a record with no requesting state and no dates",
    "summary": "Synthetic record for tests only.",
    "headnote": "Synthetic record for tests only.",
    "requesting_states": [],
    "host_states": ["FR"],
    "person": {"status_at_home": "accused", "profiles": ["activist"]},
    "instruments": [{"type": "red-notice", "fate": "deleted"}],
    "proceedings": [
        {"forum": "ccf", "kind": "ccf-request", "outcome": "data-deleted"},
        {"forum": "ccf", "kind": "ccf-request", "outcome": "unknown"},
    ],
    "timeline": [{"when": "some time", "event": "Synthetic: an undated event."}],
    "outcomes": ["data-deleted"],
    "sources": [{"kind": "news-report", "title": "Synthetic source", "url": "https://example.org/synthetic"}],
    "sourcing": {"strength": "weak"},
    "review": {"status": "draft"},
}


def write_collection(folder: Path) -> Path:
    write_synthetic_collection(folder, 60, seed=7)
    for record in (FIXTURES / "precedents").glob("*.yml"):
        shutil.copy(record, folder / record.name)
    (folder / f"{UNDISCLOSED['id']}.yml").write_text(yaml.safe_dump(UNDISCLOSED, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_collection(tmp_path_factory.mktemp("stats") / "precedents")


@pytest.fixture(scope="module")
def page(folder):
    collection, problems = check_collection(project_for(folder))
    assert problems == []
    return render_site(collection)["stats.md"]


# -- counts made here from the YAML ----------------------------------------------------------


@pytest.fixture(scope="module")
def records(folder):
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))]


def _years(record) -> list[int]:
    dates = [e.get("date") for e in record["timeline"]]
    dates += [i.get(k) for i in record["instruments"] for k in ("issued", "fate_date")]
    dates += [x.get(k) for x in record["proceedings"] for k in ("filed", "decided")]
    return [int(str(d)[:4]) for d in dates if d is not None]


def expected_counts(records) -> dict:
    years = Counter()
    for r in records:
        found = _years(r)
        if found:
            years.update(str(y) for y in range(min(found), max(found) + 1))
    return {
        "requesting-state": Counter(c for r in records for c in r["requesting_states"]),
        "instrument": Counter(t for r in records for t in {i["type"] for i in r["instruments"]}),
        "forum": Counter(f for r in records for f in {x["forum"] for x in r["proceedings"]}),
        "outcome": Counter(o for r in records for o in r["outcomes"]),
        "year": years,
    }


def outcome_labels() -> dict:
    terms = yaml.safe_load((ROOT / "precedents" / "vocabularies" / "outcomes.yml").read_text(encoding="utf-8"))
    # a label is English text or a language map with its translations
    return {t["code"]: t["label"]["en"] if isinstance(t["label"], dict) else t["label"] for t in terms}


# -- reading the page ----------------------------------------------------------------------


def section(page: str, anchor: str) -> str:
    match = re.search(rf"^## .*\{{: #{anchor} \}}\n(.*?)(?=^## |\Z)", page, re.S | re.M)
    assert match, anchor
    return match.group(1)


TABLE_ROW = re.compile(r"^\| (?:\[(?P<label>[^\]]+)\]\((?P<link>[^)]+)\)|(?P<plain>[^|]+?)) \| (?P<count>\d+) \|$", re.M)


def table(text: str) -> list[tuple[str, str | None, int]]:
    """(label, link, count) for each row of the chart's numbers table."""
    return [(m["label"] or m["plain"], m["link"], int(m["count"])) for m in TABLE_ROW.finditer(text)]


def query(link: str) -> dict:
    path, _, q = link.partition("?")
    assert path == "search.md", link
    pairs = parse_qsl(q)
    assert {k for k, _ in pairs} <= set(FILTER_KEYS.values()), link
    return dict(pairs)


def desc_pairs(text: str) -> list[tuple[str, int]]:
    desc = re.search(r"<desc id=\"[^\"]+\">[^.]+\. (.*)\.</desc>", text).group(1)
    return [(label, int(n)) for label, n in (item.rsplit(": ", 1) for item in desc.split("; "))]


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("facet", ["requesting-state", "instrument", "forum", "outcome", "year"])
def test_chart_numbers_equal_counts_from_the_records(page, records, facet):
    expected = expected_counts(records)[facet]
    text = section(page, facet)
    rows = table(text)
    key = FILTER_KEYS[facet]
    shown = {query(link)[key]: count for _, link, count in rows}
    assert shown == dict(expected)
    assert all(len(query(link)) == 1 for _, link, _ in rows)
    # the picture says the same: its text alternative, and its bars or columns
    assert desc_pairs(text) == [(label, count) for label, _, count in rows]
    counts = [count for _, _, count in rows]
    if facet == "year":
        assert [query(link)["year"] for _, link, _ in rows] == sorted(expected), "years in order"
        heights = [
            float(h) for h in re.findall(r'<rect class="cb-chart-bar" x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', text)
        ]
        # heights are written with one decimal, so allow that rounding
        assert [h / max(heights) for h in heights] == pytest.approx([c / max(counts) for c in counts], abs=0.01)
    else:
        assert [int(n) for n in re.findall(r'<text class="cb-chart-count"[^>]*>(\d+)</text>', text)] == counts
        widths = [float(w) for w in re.findall(r'<rect class="cb-chart-bar" x="0" y="\d+" width="([\d.]+)%"', text)]
        assert widths == [round(100 * c / max(counts), 1) for c in counts]
        assert counts == sorted(counts, reverse=True)


def test_states_withheld_and_undated_records_are_counted_in_words(page, records):
    withheld = sum(1 for r in records if not r["requesting_states"])
    undated = sum(1 for r in records if not _years(r))
    assert withheld >= 1 and undated >= 1  # the undisclosed record, plus any fixture that withholds the state
    withheld_text = (
        "1 precedent whose sources withhold the requesting state is not shown."
        if withheld == 1
        else f"{withheld} precedents whose sources withhold the requesting state are not shown."
    )
    assert withheld_text in section(page, "requesting-state")
    undated_text = (
        "1 precedent has no date at all and is not shown."
        if undated == 1
        else f"{undated} precedents have no date at all and are not shown."
    )
    assert undated_text in section(page, "year")
    assert f"Counts over the {len(records)} precedents" in page


def test_ccf_share_equals_deleted_over_known_outcomes(page, records):
    ccf = [x for r in records for x in r["proceedings"] if x["forum"] == "ccf"]
    known = [x for x in ccf if x["outcome"] not in ("pending", "unknown")]
    deleted = [x for x in known if x["outcome"] == "data-deleted"]
    text = section(page, "ccf-deletions")
    figure = re.search(r'<strong class="cb-share-figure">(\d+) %</strong> <span>(\d+) of (\d+) ', text)
    assert (int(figure[2]), int(figure[3])) == (len(deleted), len(known))
    assert int(figure[1]) == int(100 * len(deleted) / len(known) + 0.5)
    with_ccf = sum(1 for r in records if any(x["forum"] == "ccf" for x in r["proceedings"]))
    assert f"In all, {len(ccf)} proceedings before the CCF appear in [{with_ccf} precedents](search.md?forum=ccf)" in text
    labels = outcome_labels()
    by_outcome = Counter(labels[x["outcome"]] for x in ccf)
    rows = table(text)
    assert {label: count for label, _, count in rows} == dict(by_outcome)
    assert all(link is None for _, link, _ in rows), "the search cannot filter one proceeding's outcome"
    assert "divided by proceedings before the CCF with a known outcome" in text


def test_state_by_outcome_matrix_equals_counts_from_the_records(page, records):
    expected = Counter((s, o) for r in records for s in r["requesting_states"] for o in r["outcomes"])
    text = section(page, "state-by-outcome")
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    header, rows = lines[0], lines[1:]
    columns = [query(link)["outcome"] for link in re.findall(r"\]\(([^)]+)\)", header)]
    assert set(columns) == {o for _, o in expected}
    assert columns == [c for c in outcome_labels() if c in columns], "columns in vocabulary order"
    seen = Counter()
    states = []
    for row in rows:
        state = query(re.match(r"\| \[[^\]]+\]\(([^)]+)\)", row).group(1))["requesting_state"]
        states.append(state)
        cells = row.split(" | ")[1:]
        assert len(cells) == len(columns)
        for outcome, cell in zip(columns, cells, strict=True):
            count = int(re.search(r">(\d+)</span>", cell).group(1))
            if count:
                assert query(re.search(r"\]\(([^)]+)\)", cell).group(1)) == {"requesting_state": state, "outcome": outcome}
                seen[(state, outcome)] = count
            else:
                assert "](" not in cell, "an empty cell links nowhere"
    assert seen == expected
    assert set(states) == {s for r in records for s in r["requesting_states"]}


def test_every_chart_has_a_text_alternative_and_a_table(page):
    svgs = re.findall(r"<svg [^>]*>", page)
    assert len(svgs) == 6
    for svg in svgs:
        assert 'role="img"' in svg
        title_id, desc_id = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', page)
        assert re.search(rf'<desc id="{desc_id}">[^<]+\d[^<]*</desc>', page)
    assert page.count('<details class="cb-chart-numbers" markdown="1">') == 6
    assert "fill=" not in page and "style=" not in page, "colours belong in the stylesheet"


def test_statistics_page_is_in_the_navigation():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    precedents = next(item["Precedents"] for item in config["nav"] if isinstance(item, dict) and "Precedents" in item)
    assert {"Statistics": "stats.md"} in precedents
