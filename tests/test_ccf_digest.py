"""The CCF decisions digest (precedents/reference/ccf-decisions.yml): the entries pass the
check and say no more than the stored copies show; broken copies give exactly the
expected lines; the pages, the statistics, the exports and the feed follow from the
entries (counted again here from the YAML, not from casebook's own code); and a real
build publishes them all, linked both ways with the precedents written from excerpts."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter

import jsonschema
import pytest
import yaml

from casebook.pages.ccf_pages import missing_numbers, not_compliant_by_data_type
from casebook.pages.i18n import Language
from casebook.pages.publication import Publication, Site
from casebook.pages.render import render_site
from casebook.publish.ccf_exports import CSV_COLUMNS, ccf_feed_files, ccf_files
from casebook.records.ccf_decisions import load_ccf_decisions, tag_code
from casebook.records.collection import Project, check_collection
from casebook.records.problems import WARNING
from casebook.records.validate import load_schema
from casebook.records.vocabularies import REFERENCE_SCHEMA_DEFS, load_vocabularies
from tests.conftest import FIXTURES, ROOT, project_for

DIGEST = ROOT / "precedents" / "reference" / "ccf-decisions.yml"
SCHEMA = ROOT / "precedents" / "reference" / "ccf-decisions.schema.json"
BROKEN = ROOT / "tests" / "fixtures" / "broken-ccf"
ATOM = "{http://www.w3.org/2005/Atom}"
# The precedents written from an excerpt: each names it, and the digest names it back.
WRITTEN_FROM = {
    "xx-2017-ccf-3-compliant-with-update": "2017-3",
    "xx-2018-ccf-10-blue-notice": "2018-10",
    "xx-2018-ccf-14-art2-political": "2018-14",
    "xx-2023-ccf-1-diffusion": "2023-1",
    "xx-2024-ccf-2-art3": "2024-2",
}


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return yaml.safe_load(DIGEST.read_text(encoding="utf-8"))["excerpts"]


@pytest.fixture(scope="module")
def collection():
    found, problems = check_collection(Project(ROOT))
    assert problems == []
    return found


@pytest.fixture(scope="module")
def pages(collection) -> dict:
    return render_site(collection)


@pytest.fixture(scope="module")
def russian() -> Language:
    return Language.load("ru", ROOT / "docs" / "locales")


@pytest.fixture(scope="module")
def ru_pages(collection, russian) -> dict:
    """The Russian edition's pages (paths within it; the open data is one level up)."""
    return render_site(collection, russian, site_root="../")


@pytest.fixture(scope="module")
def published(collection) -> dict:
    return ccf_files(collection, Publication(Site(name="Casebook", url="https://casebook.example.org/")))


def key(entry: dict) -> str:
    return f"{entry['year']}-{entry['number']}"


# --- the data --------------------------------------------------------------------------


def test_the_digest_passes_the_check_and_every_entry_is_header_only(collection, entries):
    digest = collection.ccf_digest
    assert [e.key for e in digest.excerpts] == [key(e) for e in entries]
    assert len(digest.excerpts) >= 35
    assert all(e.read == "header" and not e.reasoning_read for e in digest.excerpts)
    assert {e.year for e in digest.excerpts} >= {2017, 2018, 2019, 2023, 2024, 2025}


def test_every_entry_points_at_its_mirror_page_and_its_own_stored_copy(entries):
    for e in entries:
        assert e["url"] == f"https://europeancourt.org/en/documents/interpol/commission-control-files/decision-excerpts/{key(e)}/"
        assert re.fullmatch(r"https://europeancourt\.org/en/wp-json/wp/v2/pages/\d+", e["stored_copy"])
    assert len({e["stored_copy"] for e in entries}) == len(entries)


def test_the_precedents_written_from_excerpts_and_the_digest_name_each_other(collection, entries):
    named = {e["precedent"]: key(e) for e in entries if "precedent" in e}
    assert named == WRITTEN_FROM
    for precedent_id, excerpt in WRITTEN_FROM.items():
        record = yaml.safe_load((ROOT / "precedents" / f"{precedent_id}.yml").read_text(encoding="utf-8"))
        urls = [s.get("url", "") for s in record["sources"]]
        stored = next(e["stored_copy"] for e in entries if key(e) == excerpt)
        assert stored in urls, f"{precedent_id} does not cite the stored copy of {excerpt}"


def test_only_certain_tags_are_filed_under_a_legal_ground(collection):
    """Tags naming Article 2 or 3, 'Political character', 'Accuracy and quality of data';
    the others stay tags only (their ground is None)."""
    mapped = {t.text: t.ground for e in collection.ccf_digest.excerpts for t in e.tags if t.ground}
    for text, ground in mapped.items():
        if text.startswith("Article 2 of INTERPOL"):
            assert ground == "interpol-art-2-human-rights"
        elif text.startswith("Article 3 of INTERPOL") or text == "Political character":
            assert ground == "interpol-art-3-political"
        else:
            assert (text, ground) == ("Accuracy and quality of data", "interpol-data-quality")
    unmapped = {t.text for e in collection.ccf_digest.excerpts for t in e.tags if not t.ground}
    assert {"Due process", "Human rights", "Purpose of the notice or data"} <= unmapped


def test_reference_vocabularies_equal_their_schema_enums():
    vocabularies, problems = load_vocabularies(
        ROOT / "precedents" / "vocabularies", load_schema(ROOT / "precedents" / "schema.json")
    )
    assert problems == []
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for name, (schema_file, def_name) in REFERENCE_SCHEMA_DEFS.items():
        assert schema_file == SCHEMA.name
        assert list(vocabularies[name].codes) == schema["$defs"][def_name]["enum"], name
        for term in vocabularies[name].terms:  # every label and explanation has its Russian
            assert term.label.has("ru") and term.explanation.has("ru"), (name, term.code)
    decision = schema["properties"]["excerpts"]["items"]["properties"]
    assert decision["decision"]["enum"] + decision["revision"]["enum"] == schema["$defs"]["ccf_decision"]["enum"]


def test_a_reference_vocabulary_drifting_from_its_schema_is_a_problem(tmp_path):
    for part in ("vocabularies", "reference"):
        shutil.copytree(ROOT / "precedents" / part, tmp_path / part)
    path = tmp_path / "vocabularies" / "ccf_data_types.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "- code: purple-notice\n  label: Purple Notice\n  explanation: Only here.\n"
    )
    _, problems = load_vocabularies(tmp_path / "vocabularies", load_schema(ROOT / "precedents" / "schema.json"))
    assert len(problems) == 1
    assert "differ from precedents/reference/ccf-decisions.schema.json $defs.ccf_data_type.enum" in problems[0].message


@pytest.mark.parametrize(
    "text, code",
    [
        ("Political character", "political-character"),
        ("Lawfulness / validity of proceedings", "lawfulness-validity-of-proceedings"),
        ("Article 2 of INTERPOL\u2019s Constitution (right to life)", "article-2-of-interpols-constitution-right-to-life"),
        ("Article 35 of the Statute of the CCF \u2013 Access to files", "article-35-of-the-statute-of-the-ccf-access-to-files"),
    ],
)
def test_a_tag_has_a_code_for_addresses(text, code):
    assert tag_code(text) == code


def test_every_schema_property_is_titled_and_described():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    undocumented = []

    def walk(node, path):
        for name, prop in (node.get("properties") or {}).items():
            if not (prop.get("title") and prop.get("description")):
                undocumented.append(f"{path}/{name}")
            walk(prop, f"{path}/{name}")
            walk(prop.get("items") or {}, f"{path}/{name}/items")

    walk(schema, "")
    assert undocumented == []


# --- broken copies and the precedent links --------------------------------------------


def test_broken_digests_give_exactly_the_expected_lines(monkeypatch):
    monkeypatch.chdir(ROOT)
    vocabularies, _ = load_vocabularies(ROOT / "precedents" / "vocabularies", load_schema(ROOT / "precedents" / "schema.json"))
    known = frozenset({"xx-2023-ccf-1-diffusion", "xx-2024-ccf-2-art3"})
    lines = []
    for path in sorted(BROKEN.glob("*.yml")):
        digest, problems = load_ccf_decisions(
            ROOT / "precedents" / "reference", vocabularies, known, dt.date(2026, 12, 6), path=path
        )
        errors = [p for p in problems if not p.is_warning]
        assert (digest is None) == bool(errors), path.name  # a warning alone keeps the digest
        lines += [str(p) for p in problems]
    assert "\n".join(lines) + "\n" == (BROKEN / "expected-problems.txt").read_text(encoding="utf-8")


def test_every_broken_digest_is_reported():
    reported = {line.split(":", 1)[0] for line in (BROKEN / "expected-problems.txt").read_text().splitlines()}
    assert reported == {p.relative_to(ROOT).as_posix() for p in BROKEN.glob("*.yml")}


def test_a_link_to_a_missing_precedent_is_a_warning_in_a_copy_of_the_project(tmp_path):
    """A copy with fewer records (a test, a fork's preview) still builds: the link is a
    warning and the pages leave it out; another folder given with --precedents, or a
    project with no records, is not checked at all."""
    for part in ("precedents/schema.json", "precedents/vocabularies", "precedents/reference", "docs", "mkdocs.yml"):
        source = ROOT / part
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    empty = Project(tmp_path)
    assert check_collection(empty)[1] == []
    for record in (FIXTURES / "precedents").glob("*.yml"):  # as tests/test_where_it_runs.py copies it
        shutil.copy(record, tmp_path / "precedents")
    collection, problems = check_collection(Project(tmp_path))
    assert problems and all(p.severity == WARNING and p.field.endswith(".precedent") for p in problems)
    assert len(problems) == len(WRITTEN_FROM) - 1  # the fixtures hold xx-2018-ccf-10-blue-notice only
    index = render_site(collection)["ccf-decisions/index.md"]
    assert index.count('href="../precedents/') == 1
    other, problems = check_collection(project_for(FIXTURES / "precedents"))
    assert problems == [] and other.ccf_digest is not None


# --- the pages -------------------------------------------------------------------------


def test_the_table_has_a_row_per_excerpt_with_its_codes(pages, entries):
    index = pages["ccf-decisions/index.md"]
    rows = re.findall(r'<tr id="([0-9]+-[0-9]+)" data-type="([^"]*)" data-decision="([^"]*)" data-tag="([^"]*)">', index)
    assert sorted(r[0] for r in rows) == sorted(key(e) for e in entries)
    by_key = {key(e): e for e in entries}
    for row_key, types, decision, tags in rows:
        assert types.split() == by_key[row_key]["data_types"]
        assert decision == by_key[row_key]["decision"]
        assert tags.split() == [tag_code(t) for t in by_key[row_key]["tags"]]


def test_the_filters_count_what_the_entries_hold(pages, entries):
    index = pages["ccf-decisions/index.md"]
    counts = dict(re.findall(r'data-count-for="([^"]+)">(\d+)<', index))
    types = Counter(t for e in entries for t in e["data_types"])
    decisions = Counter(e["decision"] for e in entries)
    tags = Counter(tag_code(t) for e in entries for t in e["tags"])
    expected = {f"type:{k}": v for k, v in types.items()} | {f"decision:{k}": v for k, v in decisions.items()}
    expected |= {f"tag:{k}": v for k, v in tags.items()}
    assert {k: int(v) for k, v in counts.items()} == expected


def test_an_excerpt_page_says_plainly_that_only_its_header_was_read(pages, entries):
    for e in entries:
        text = pages[f"ccf-decisions/{key(e)}.md"]
        assert "Only the header was read" in text
        assert "Its facts and the CCF's reasoning were not read" in text
        assert e["url"] in text and e["stored_copy"] in text
        if e["decision_as_shown"] not in ("Compliant", "Not compliant", "Compliant with update"):
            assert f"the header reads: \u201c{e['decision_as_shown']}\u201d" in text
        for tag in e["tags"]:
            assert tag in text
        assert ("session" in e) == (e.get("session", "\x00") in text)
        assert f"also written {key(e)}" in text and f"No. {e['number']} ({e['year']})" in text  # the forms readers search by


def test_no_digest_page_says_the_facts_were_redacted(pages):
    """The excerpts are anonymised by the CCF; what Casebook did not read is 'not read'."""
    for path, text in pages.items():
        if path.startswith("ccf-decisions/"):
            assert "redact" not in text.lower(), path


def test_the_numbers_the_digest_lacks_are_those_below_each_years_highest(pages, collection, entries):
    numbers: dict = {}
    for e in entries:
        numbers.setdefault(e["year"], set()).add(e["number"])
    expected = [(y, [n for n in range(1, max(ns)) if n not in ns]) for y, ns in sorted(numbers.items())]
    expected = [(y, missing) for y, missing in expected if missing]
    assert [(y, list(m)) for y, m in missing_numbers(collection.ccf_digest)] == expected
    for year, missing in expected:
        assert f"- {year}: {', '.join(map(str, missing))}" in pages["ccf-decisions/index.md"]


def test_the_statistics_give_not_compliant_per_data_type_with_the_caveat(pages, entries):
    stats = pages["stats.md"]
    section = stats[stats.index("{: #ccf-not-compliant }") :]
    section = section[: section.index("\n## ")]
    assert "a selection by the CCF" in section and "not a sample" in section
    for code, total in Counter(t for e in entries for t in e["data_types"]).items():
        found = sum(1 for e in entries if code in e["data_types"] and e["decision"] == "not-compliant")
        assert (
            f"| {total} | [{found}](ccf-decisions/index.md?type={code}&decision=not-compliant) | {round(100 * found / total)} % |"
            in section
        )


def test_the_precedents_written_from_excerpts_link_to_their_entries(pages, collection):
    for precedent_id, excerpt in WRITTEN_FROM.items():
        assert f'href="../../ccf-decisions/{excerpt}/"' in pages[f"precedents/{precedent_id}.md"]
        assert f"../../precedents/{precedent_id}/" in pages[f"ccf-decisions/{excerpt}.md"]
    others = [p.id for p in collection.precedents if p.id not in WRITTEN_FROM]
    assert all("ccf-decisions/" not in pages[f"precedents/{i}.md"] for i in others)


def test_share_of_not_compliant_counts_an_excerpt_under_each_of_its_types(collection):
    shares = {
        s.code: s for s in not_compliant_by_data_type(collection.ccf_digest, collection.vocabularies["ccf_data_types"].codes)
    }
    several = [e for e in collection.ccf_digest.excerpts if len(e.data_types) > 1]
    assert several  # the digest has excerpts with two data types (a Red and a Yellow Notice)
    assert sum(s.excerpts for s in shares.values()) == len(collection.ccf_digest.excerpts) + len(several)


# --- the Russian edition ---------------------------------------------------------------


def test_the_russian_table_speaks_russian_and_keeps_the_ccfs_tags_in_english(ru_pages, collection, entries):
    index = ru_pages["ccf-decisions/index.md"]
    assert 'title: "Решения CCF"' in index and "\n# Решения CCF\n" in index
    assert ">Номер решения</th>" in index and ">Тип данных</summary>" in index
    vocab = collection.vocabularies
    for code in {t for e in entries for t in e["data_types"]}:
        assert f"<span>{vocab['ccf_data_types'].label(code, 'ru')}</span>" in index
    for code in {e["decision"] for e in entries}:
        assert f"<span>{vocab['ccf_decisions'].label(code, 'ru')}</span>" in index
    # Every tag, in the filters and in the rows, is the CCF's English, marked as such.
    for tag in {t for e in entries for t in e["tags"]}:
        marked = f'<span lang="en">{html.escape(tag, quote=False)}</span>'
        assert index.count(marked) == 1 + sum(tag in e["tags"] for e in entries), tag
    # The open data is one for every language, at the site's root.
    assert "(../../api/v1/ccf-decisions.json)" in index and "(../../api/v1/ccf-decisions.csv)" in index
    assert "(../feeds/ccf-decisions.xml)" in index  # the edition's own feed


def test_a_russian_excerpt_page_says_in_russian_that_only_its_header_was_read(ru_pages, collection, entries):
    vocab = collection.vocabularies
    for e in entries:
        text = ru_pages[f"ccf-decisions/{key(e)}.md"]
        assert "Прочитан только заголовок" in text and "Её факты и мотивировка CCF не прочитаны" in text
        assert f"Решение CCF № {e['number']} ({e['year']})" in text and f"также пишется {key(e)}" in text
        assert vocab["ccf_decisions"].label(e["decision"], "ru") in text
        # The header's own decision line, quoted in English.
        assert f'(в заголовке: «<span lang="en">{html.escape(e["decision_as_shown"], quote=False)}</span>»)' in text
        if "session" in e:
            assert f'<span lang="en">{e["session"]}</span>' in text
        for tag in e["tags"]:
            assert f'<span lang="en">{html.escape(tag, quote=False)}</span>' in text
        assert "Only the header was read" not in text and "Decision number" not in text


def test_the_russian_statistics_give_not_compliant_per_data_type(ru_pages, collection, entries):
    stats = ru_pages["stats.md"]
    section = stats[stats.index("{: #ccf-not-compliant }") :]
    section = section[: section.index("\n## ")]
    assert "не выборка" in section
    for code, total in Counter(t for e in entries for t in e["data_types"]).items():
        found = sum(1 for e in entries if code in e["data_types"] and e["decision"] == "not-compliant")
        label = collection.vocabularies["ccf_data_types"].label(code, "ru")
        assert f"| {label} | {total} | [{found}](ccf-decisions/index.md?type={code}&decision=not-compliant) |" in section


def test_the_russian_precedent_pages_link_to_their_entries_and_back(ru_pages):
    for precedent_id, excerpt in WRITTEN_FROM.items():
        number, year = excerpt.split("-")[1], excerpt.split("-")[0]
        assert (
            f'<a href="../../ccf-decisions/{excerpt}/">Решение CCF № {number} ({year})</a>'
            in ru_pages[f"precedents/{precedent_id}.md"]
        )
        assert f"../../precedents/{precedent_id}/" in ru_pages[f"ccf-decisions/{excerpt}.md"]


def test_the_russian_feed_is_in_russian_and_links_the_russian_pages(collection, russian, entries, published):
    site = Publication(Site(name="Casebook", url="https://casebook.example.org/"))
    files = ccf_feed_files(collection, site.in_language("ru"), russian)
    assert list(files) == ["feeds/ccf-decisions.xml"]  # within the edition: published as ru/feeds/
    feed = ET.fromstring(files["feeds/ccf-decisions.xml"].split("\n", 2)[2])
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert feed.find(f"{ATOM}title").text == "Casebook: новые выдержки из решений CCF"
    english = ET.fromstring(published["feeds/ccf-decisions.xml"].split("\n", 2)[2])
    english_ids = {item.find(f"{ATOM}id").text for item in english.findall(f"{ATOM}entry")}
    tags = {key(e): e["tags"] for e in entries}
    for item in feed.findall(f"{ATOM}entry"):
        assert item.find(f"{ATOM}id").text not in english_ids  # each language's entry is its own
        assert re.fullmatch(r"Решение CCF № \d+ \(\d{4}\)", item.find(f"{ATOM}title").text)
        links = {link.get("rel"): link.get("href") for link in item.findall(f"{ATOM}link")}
        entry_key = re.fullmatch(r"https://casebook\.example\.org/ru/ccf-decisions/(\d{4}-\d+)/", links["alternate"]).group(1)
        summary = item.find(f"{ATOM}summary").text
        assert "Прочитан только заголовок" in summary and "; ".join(tags[entry_key]) in summary
        assert "Decision:" not in summary and "Only its header" not in summary


# --- exports and feed ------------------------------------------------------------------


def test_the_json_export_validates_against_its_schema_and_says_what_was_read(published, entries):
    data = json.loads(published["api/v1/ccf-decisions.json"])
    schema = json.loads(published["api/v1/ccf-decision.schema.json"])
    assert data["count"] == len(entries) == len(data["excerpts"])
    assert data["schema"] == "api/v1/ccf-decision.schema.json"
    for item, e in zip(data["excerpts"], entries, strict=True):
        jsonschema.Draft202012Validator(schema).validate(item)
        assert item["key"] == key(e) and item["tags"][0]["text"] == e["tags"][0]
        assert item["read"] == "header" and item["reasoning_read"] is False
        assert item["page_url"] == f"https://casebook.example.org/ccf-decisions/{key(e)}/"


def test_the_csv_export_has_a_row_per_excerpt(published, entries):
    text = published["api/v1/ccf-decisions.csv"]
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["key"] for r in rows] == [key(e) for e in entries]
    assert all(r["reasoning_read"] == "no" for r in rows)
    assert [r["tags"] for r in rows] == ["; ".join(e["tags"]) for e in entries]


def test_the_feed_announces_every_excerpt_and_links_it_both_ways(published, entries):
    feed = ET.fromstring(published["feeds/ccf-decisions.xml"].split("\n", 2)[2])
    items = feed.findall(f"{ATOM}entry")
    assert len(items) == min(50, len(entries))
    ids = [item.find(f"{ATOM}id").text for item in items]
    assert len(set(ids)) == len(ids)
    mirror = {e["url"] for e in entries}
    for item in items:
        links = {link.get("rel"): link.get("href") for link in item.findall(f"{ATOM}link")}
        assert re.fullmatch(r"https://casebook\.example\.org/ccf-decisions/\d{4}-\d+/", links["alternate"])
        assert links["related"] in mirror
        assert "Only its header was read" in item.find(f"{ATOM}summary").text
    assert (
        ccf_files(check_collection(Project(ROOT))[0], Publication(Site(name="Casebook", url="https://casebook.example.org/")))
        == published
    )


# --- a real build ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_built_fixture_site_publishes_the_digest_linked_both_ways(built_fixtures, entries):
    site = built_fixtures / "site"
    assert (site / "ccf-decisions" / "index.html").is_file()
    for e in entries:
        assert (site / "ccf-decisions" / key(e) / "index.html").is_file()
    precedent = (site / "precedents" / "xx-2018-ccf-10-blue-notice" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../ccf-decisions/2018-10/"' in precedent
    entry = (site / "ccf-decisions" / "2018-10" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../precedents/xx-2018-ccf-10-blue-notice/"' in entry
    assert 'data-pagefind-filter="page:ccf-decision"' in entry
    index = (site / "ccf-decisions" / "index.html").read_text(encoding="utf-8")
    assert 'href="../feeds/ccf-decisions.xml"' in index  # announced to feed readers
    assert (site / "api" / "v1" / "ccf-decisions.json").is_file() and (site / "api" / "v1" / "ccf-decisions.csv").is_file()
    vocab = json.loads((site / "assets" / "casebook-vocabularies.json").read_text(encoding="utf-8"))
    assert vocab["page_kinds"]["ccf-decision"] == "CCF decision excerpt"


def test_no_record_written_from_an_excerpt_says_its_facts_are_redacted():
    """The stored copies show an excerpt's header (and at most the opening of its
    Procedure section); none shows facts being redacted, so no record written from an
    excerpt says they are (the fixtures' copies included: they once did)."""
    import yaml

    found = []
    for folder in (ROOT / "precedents", ROOT / "tests" / "fixtures" / "precedents"):
        for path in sorted(folder.glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if any(source.get("kind") == "ccf-decision" for source in data.get("sources", [])):
                if "redact" in path.read_text(encoding="utf-8").lower():
                    found.append(str(path.relative_to(ROOT)))
    assert not found, found
