"""Publishing without a site build: the exports validate and round-trip, CSV cells cannot
run as formulas, dates come from git in one pass, feeds are valid Atom, redirects carry
no script, JSON-LD cannot close its script element, PDFs hold the title and sources."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import referencing
import yaml
from pypdf import PdfReader

from casebook.pages.derive import derive
from casebook.pages.history import parse_log, record_dates
from casebook.pages.metadata import precedent_jsonld, script_safe_json
from casebook.pages.publication import LICENCE, NOT_RECORDED, Publication, Site, site_from_config
from casebook.pages.render import render_site
from casebook.pages.text import anchored, prose_html
from casebook.publish import pdf as pdf_module
from casebook.publish.exports import ExportError, export_files, precedent_document, record_data, safe_cell
from casebook.publish.feeds import FEED_LIMIT, feed_files
from casebook.publish.redirects import redirect_files
from casebook.publish.worker import PublishingError, PublishingWorker, halves
from casebook.records.collection import check_collection
from casebook.records.load import load_file
from casebook.tools.synthetic import write_synthetic_collection
from tests.conftest import FORMER, RENAMED, ROOT, project_for, write_publishing_collection

SEED = "by-2020-blue-notice-then-diffusion"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = Site(name="Casebook", url="https://casebook.example.org/cases/", description="Test site.")


@pytest.fixture(scope="module")
def publishing(tmp_path_factory):
    """The seed, a renamed synthetic record, and 30 synthetic ones: collection, derived data."""
    folder = write_publishing_collection(tmp_path_factory.mktemp("publishing") / "precedents")
    write_synthetic_collection(folder, 30, seed=3)
    collection, problems = check_collection(project_for(folder))
    assert problems == []
    return folder, collection, derive(collection)


@pytest.fixture(scope="module")
def exported(publishing):
    _, collection, derived = publishing
    return export_files(collection, derived, Publication(SITE))


# -- exports ----------------------------------------------------------------------------


def test_every_exported_precedent_validates_against_the_published_schemas(publishing, exported):
    _, collection, _ = publishing
    record_schema = json.loads(exported["api/v1/schema.json"])
    assert record_schema == json.loads((ROOT / "precedents" / "schema.json").read_text())
    export_schema = json.loads(exported["api/v1/precedent.schema.json"])
    registry = referencing.Registry().with_resource(record_schema["$id"], referencing.Resource.from_contents(record_schema))
    record_validator = jsonschema.Draft202012Validator(record_schema)
    export_validator = jsonschema.Draft202012Validator(export_schema, registry=registry)
    paths = sorted(p for p in exported if p.startswith("api/v1/precedents/"))
    assert len(paths) == len(collection.precedents) == 32
    for path in paths:
        document = json.loads(exported[path])
        assert list(record_validator.iter_errors(document["record"])) == [], path
        assert list(export_validator.iter_errors(document)) == [], path
    broken = json.loads(exported[paths[0]])
    broken["derived"]["surprise"] = 1
    assert list(export_validator.iter_errors(broken)), "the export schema must reject undeclared derived fields"
    broken = json.loads(exported[paths[0]])
    del broken["record"]["title"]
    assert list(export_validator.iter_errors(broken)), "the export schema must check the record against the record schema"


DEFAULTS = {  # what the model fills in where a record leaves a field out
    "instruments": {"type_certain": True},
    "timeline": {"date_qualifier": "on"},
    "sources": {"partisan": False},
}


def normalised(data: dict) -> dict:
    """The YAML as the export should give it: text trimmed, defaults filled in."""

    def trim(value):
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, list):
            return [trim(v) for v in value]
        if isinstance(value, dict):
            return {k: trim(v) for k, v in value.items()}
        return value

    out = trim(copy.deepcopy(data))
    out.setdefault("language", "en")
    for section, defaults in DEFAULTS.items():
        for item in out.get(section, []):
            for key, value in defaults.items():
                item.setdefault(key, value)
    return out


def test_exported_record_is_the_yaml_after_the_model(publishing):
    folder, collection, _ = publishing
    for p in collection.precedents:
        document, problems = load_file(folder / f"{p.id}.yml", f"{p.id}.yml")
        assert problems == []
        exported = record_data(p, collection.schema)
        assert exported == normalised(document.data), p.id
        assert list(exported) == [k for k in collection.schema["properties"] if k in exported], "schema field order"


def test_a_schema_field_the_model_lacks_is_an_error(publishing):
    _, collection, _ = publishing
    schema = copy.deepcopy(collection.schema)
    schema["properties"]["jurisdiction_note"] = {"type": "string"}
    with pytest.raises(ExportError, match="precedent.jurisdiction_note"):
        record_data(collection.by_id(SEED), schema)


def test_derived_fields_are_the_ones_the_pages_use(publishing):
    _, collection, derived = publishing
    document = precedent_document(collection.by_id(SEED), collection, derived, Publication(SITE))
    d = document["derived"]
    assert (d["first_year"], d["last_year"], d["years"], d["sort_date"]) == (2020, 2025, "2020–2025", "2025-05-01")
    assert d["instrument_types"] == ["blue-notice", "diffusion"]
    assert d["labels"]["countries"] == {"BY": "Belarus", "ES": "Spain"}
    assert d["labels"]["outcomes"]["extradition-refused"] == "Extradition refused"
    assert d["url"] == f"https://casebook.example.org/cases/precedents/{SEED}/"
    assert d["links"]["pdf"] == f"precedents/{SEED}.pdf"
    renamed = precedent_document(collection.by_id(RENAMED), collection, derived, Publication(SITE))["derived"]
    assert renamed["aliases_paths"] == [f"precedents/{FORMER}/"]
    assert [i["value"] for i in renamed["official_identifiers"]] == ["SYNTHETIC/0000", "ECLI:XX:TEST:0000:0"]
    assert renamed["last_updated"] == "2024-03-05", "outside git the review date stands in"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Belarus; Spain", "Belarus; Spain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (2020, "2020"),
    ],
)
def test_csv_cells_never_start_like_a_formula(value, expected):
    assert safe_cell(value) == expected


def test_csv_has_a_row_per_precedent_with_formula_cells_neutralised(publishing, exported):
    _, collection, _ = publishing
    text = exported["api/v1/precedents.csv"]
    assert text.startswith("\ufeffid,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == len(collection.precedents)
    assert [r["id"] for r in rows] == [p.id for p in collection.precedents]
    renamed = next(r for r in rows if r["id"] == RENAMED)
    assert renamed["title"].startswith("'=HYPERLINK(")
    assert renamed["summary"].startswith("'@Synthetic summary")
    assert renamed["aliases"] == FORMER
    seed = next(r for r in rows if r["id"] == SEED)
    assert seed["instrument_types"] == "blue-notice; diffusion"
    assert seed["requesting_state_names"] == "Belarus"
    assert seed["outcome_labels"] == "Data deleted; Extradition refused"
    # A translated title or summary: English in its column, the Russian beside it.
    record = collection.by_id(SEED)
    assert seed["title"] == record.title.get("en") and not seed["title"].startswith("{")
    assert seed["title_ru"] == (record.title.get("ru") if record.title.has("ru") else "")
    assert (seed["summary_ru"] != "") == record.summary.has("ru")
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (row["id"], column)


def test_precedents_json_and_vocabularies(publishing, exported):
    _, collection, _ = publishing
    everything = json.loads(exported["api/v1/precedents.json"])
    assert everything["count"] == len(everything["precedents"]) == len(collection.precedents)
    assert everything["licence"] == LICENCE
    assert everything["precedents"][0] == json.loads(exported[f"api/v1/precedents/{collection.precedents[0].id}.json"])
    vocabularies = json.loads(exported["api/v1/vocabularies.json"])
    assert set(vocabularies) == set(collection.vocabularies)
    assert [t["code"] for t in vocabularies["outcomes"]] == list(collection.schema["$defs"]["outcome"]["enum"])


def test_exports_are_deterministic(publishing, exported):
    _, collection, _ = publishing
    again = export_files(collection, derive(collection), Publication(SITE))
    assert again == exported


# -- dates from git -----------------------------------------------------------------------


def git(folder: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@example.org"
    if when:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = when
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def test_record_dates_come_from_one_git_log(tmp_path):
    repo = tmp_path / "repo"
    records = repo / "precedents"
    (records / "vocabularies").mkdir(parents=True)
    git(repo, "init", "-q")
    (records / "a.yml").write_text("id: a\n")
    (records / "vocabularies" / "x.yml").write_text("[]\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a", when="2024-01-02T10:00:00+02:00")
    (records / "b.yml").write_text("id: b\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "b", when="2024-02-03T00:00:00+00:00")
    (records / "a.yml").write_text("id: a\ntitle: changed\n")
    git(repo, "commit", "-qam", "a again", when="2024-03-04T23:30:00-05:00")
    dates = record_dates(records)
    assert set(dates) == {"a", "b"}, "only records, not vocabularies"
    assert (dates["a"].created, dates["a"].updated) == ("2024-01-02T08:00:00Z", "2024-03-05T04:30:00Z")
    assert (dates["b"].created, dates["b"].updated) == ("2024-02-03T00:00:00Z", "2024-02-03T00:00:00Z")
    assert dates["a"].updated_day == "2024-03-05"

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True, capture_output=True)
    cut = record_dates(shallow / "precedents")
    assert cut["a"].updated is None and cut["b"].updated is None, "a shallow clone's cut-off commit dates nothing"
    assert record_dates(tmp_path / "not-a-repo") == {}


def test_parse_log_reads_newest_first():
    log = "\x1eh3 2024-03-01T00:00:00Z\n\na.yml\n\x1eh2 2024-02-01T00:00:00Z\n\nb.yml\nsub/c.yml\n\x1eh1 2024-01-01T00:00:00Z\n\na.yml\n"
    last, first = parse_log(log)
    assert last == {"a": ("h3", "2024-03-01T00:00:00Z"), "b": ("h2", "2024-02-01T00:00:00Z")}
    assert first["a"] == ("h1", "2024-01-01T00:00:00Z")


def test_citation_says_not_recorded_without_git_or_review_date(publishing):
    _, collection, _ = publishing
    seed = collection.by_id(SEED)  # a draft with no review date
    citation = Publication().citation(seed, collection.vocabularies)
    assert citation.updated is None
    assert citation.text.endswith(f"precedents/{SEED}/ (last updated {NOT_RECORDED}).")
    from casebook.pages.history import RecordDates

    dated = Publication(SITE, {SEED: RecordDates("2025-01-01T00:00:00Z", "2025-06-07T08:09:10Z")})
    assert dated.citation(seed, collection.vocabularies).text == (
        f"Casebook, \u201c{seed.title}\u201d, precedent {SEED}, https://casebook.example.org/cases/precedents/{SEED}/ "
        "(last updated 2025-06-07)."
    )
    assert dated.build_epoch == int(dt.datetime(2025, 6, 7, 8, 9, 10, tzinfo=dt.UTC).timestamp())


def test_site_address_is_configurable(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\nsite_url: https://a.example/x\n")
    assert site_from_config(config).url == "https://a.example/x/"
    assert site_from_config(config, "https://b.example/").url == "https://b.example/"
    assert site_from_config(ROOT / "mkdocs.yml").name == "Casebook"


# -- feeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("site", [SITE, Site()], ids=["with-site-url", "without-site-url"])
def test_feeds_are_valid_atom(publishing, site):
    _, collection, derived = publishing
    files = feed_files(collection, derived, Publication(site))
    assert (
        "feeds/precedents.xml" in files and "feeds/requesting-state-BY.xml" in files and "feeds/instrument-diffusion.xml" in files
    )
    for path, text in files.items():
        root = ET.fromstring(text.encode("utf-8"))
        if path == "feeds/sitemap.xml":
            assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
            continue
        assert root.tag == f"{ATOM}feed", path
        for required in ("id", "title", "updated", "author/" + ATOM + "name"):
            assert root.find(ATOM + required) is not None and root.find(ATOM + required).text, (path, required)
        assert root.find(f"{ATOM}link[@rel='self']") is not None
        entries = root.findall(f"{ATOM}entry")
        assert 0 < len(entries) <= FEED_LIMIT
        updated = [e.find(f"{ATOM}updated").text for e in entries]
        assert updated == sorted(updated, reverse=True)
        assert root.find(f"{ATOM}updated").text == updated[0]
        for entry in entries:
            assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry.find(f"{ATOM}id").text)
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(f"{ATOM}updated").text)
            assert entry.find(f"{ATOM}title").text
            href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
            assert href.endswith("/") and "precedents/" in href
    everything = ET.fromstring(files["feeds/precedents.xml"].encode())
    assert len(everything.findall(f"{ATOM}entry")) == min(FEED_LIMIT, len(collection.precedents))
    assert feed_files(collection, derived, Publication(site)) == files, "deterministic"


# -- redirects, JSON-LD, anchors ------------------------------------------------------------


def test_a_former_id_gets_a_redirect_page_without_script(publishing):
    _, collection, _ = publishing
    files = redirect_files(collection, Publication(SITE))
    assert list(files) == [f"precedents/{FORMER}/index.html"]
    page = files[f"precedents/{FORMER}/index.html"]
    assert f'<meta http-equiv="refresh" content="0; url=../{RENAMED}/">' in page
    assert f'<link rel="canonical" href="https://casebook.example.org/cases/precedents/{RENAMED}/">' in page
    assert f'<a href="../{RENAMED}/">' in page
    assert "<script" not in page.lower() and "onload" not in page.lower()
    assert "&lt;/script&gt;" in page, "the title is escaped"


def test_jsonld_cannot_close_its_script_element(publishing):
    _, collection, derived = publishing
    data = precedent_jsonld(collection.by_id(RENAMED), Publication(SITE))
    text = script_safe_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    assert data["headline"].startswith('=HYPERLINK("https://example.org") Synthetic </script>')
    assert {"@context", "@type", "headline", "identifier", "description", "url", "publisher", "citation"} <= set(data)
    assert data["dateModified"] == "2024-03-05"


@pytest.mark.parametrize(
    "source,expected",
    [
        ("One.", '<p id="x-1">One.</p>'),
        ("One.\n\nTwo.", '<p id="x-1">One.</p> <p id="x-2">Two.</p>'),
        ("Intro.\n\n- a\n- b", '<p id="x-1">Intro.</p> <ul id="x-2"> <li id="x-2-1">a</li> <li id="x-2-2">b</li> </ul>'),
        (
            "*Em* [l](https://e.org/)",
            '<p id="x-1"><em>Em</em> <a href="https://e.org/" rel="noopener noreferrer nofollow">l</a></p>',
        ),
    ],
)
def test_passages_get_stable_ids(source, expected):
    assert anchored(prose_html(source), "x") == expected


# -- PDF ------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_pdf_holds_title_sources_and_citation(publishing):
    _, collection, derived = publishing
    small = type(collection)(tuple(collection.by_id(i) for i in (SEED, RENAMED)), collection.vocabularies, collection.schema)
    files = pdf_module.pdf_files(small, derive(small), Publication(SITE))
    assert set(files) == {f"precedents/{SEED}.pdf", f"precedents/{RENAMED}.pdf"}
    seed = pdf_text(files[f"precedents/{SEED}.pdf"])
    assert " ".join(str(collection.by_id(SEED).title).split()[:12]) in seed
    assert "Corruption Cases from Belarus and the Abuse of the INTERPOL System" in seed
    assert "Dmytro Konovalenko" in seed
    assert f"https://casebook.example.org/cases/precedents/{SEED}/" in seed
    assert "Draft, pending legal review" in seed
    renamed = pdf_text(files[f"precedents/{RENAMED}.pdf"])
    assert "https://example.org/synthetic/source-1" in renamed
    assert "ECLI:XX:TEST:0000:0" in renamed
    reader = PdfReader(io.BytesIO(files[f"precedents/{RENAMED}.pdf"]))
    assert reader.metadata.title.startswith('=HYPERLINK("https://example.org") Synthetic </script>')
    assert pdf_module.pdf_files(small, derive(small), Publication(SITE)) == files, "deterministic"


def test_pdf_falls_back_to_a_builtin_font_without_dejavu(publishing, monkeypatch, tmp_path):
    _, collection, derived = publishing
    small = type(collection)((collection.by_id(SEED),), collection.vocabularies, collection.schema)
    monkeypatch.setattr(pdf_module, "FONT_DIR", tmp_path / "no-fonts")
    assert not pdf_module.font_available()
    text = pdf_text(pdf_module.pdf_files(small, derive(small), Publication(SITE))[f"precedents/{SEED}.pdf"])
    assert "Corruption Cases from Belarus and the Abuse of the INTERPOL System" in text
    assert "2020-2025" in text, "an en dash becomes a hyphen in Latin-1"


# -- licence -------------------------------------------------------------------------------


def test_the_licence_is_stated_the_same_everywhere():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["license"] == LICENCE["spdx"]
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset" and citation["authors"]
    api = (ROOT / "docs" / "api.md").read_text()
    assert LICENCE["url"] in api and "CC BY 4.0" in api


def test_pdf_cache_reuses_unchanged_documents_and_keeps_only_current_ones(publishing, monkeypatch, tmp_path):
    _, collection, _ = publishing
    pair = type(collection)(tuple(collection.by_id(i) for i in (SEED, RENAMED)), collection.vocabularies, collection.schema)
    first = pdf_module.pdf_files(pair, derive(pair), Publication(SITE), cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.pdf"))) == 2

    def must_not_render(*args):
        raise AssertionError("an unchanged PDF was rendered again")

    monkeypatch.setattr(pdf_module, "render_pdf", must_not_render)
    assert pdf_module.pdf_files(pair, derive(pair), Publication(SITE), cache_dir=tmp_path) == first
    monkeypatch.undo()
    alone = type(collection)((collection.by_id(SEED),), collection.vocabularies, collection.schema)
    pdf_module.pdf_files(alone, derive(alone), Publication(SITE), cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.pdf"))) == 1, "stale cache entries are removed"


def test_the_second_process_makes_exports_and_pdfs_and_a_failed_build_keeps_the_pdfs_done(tmp_path, monkeypatch):
    """The build makes exports, half the precedent pages and the PDFs in a second process
    beside the site engine (worker.py), the same as it would in one; when the build fails before it collects the PDFs, the second process is
    stopped at once, and the PDFs already rendered are in the cache for the next build."""
    records = tmp_path / "precedents"
    write_synthetic_collection(records, 40)
    collection, problems = check_collection(project_for(records))
    assert problems == []
    cache = tmp_path / "cache"
    here = PublishingWorker(collection, Publication(SITE), None, separate=False)  # no cache: renders its own
    expected = here.exports()
    # A temporary folder of this test's own: other builds on the machine make font folders too.
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(own_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    worker = PublishingWorker(collection, Publication(SITE), cache, separate=True)
    try:
        received = worker.exports()
        pages = render_site(collection, publication=Publication(SITE))
        assert received == expected | {f"precedents/{p.id}.md": pages[f"precedents/{p.id}.md"] for p in halves(collection)[1]}
        deadline = time.monotonic() + 60
        while not list(cache.glob("*.pdf")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.close()  # as when the engine fails: the PDFs are never collected
    assert list(own_tmp.glob("casebook-fonts-*")) == [], "its fonts were removed"
    kept = len(list(cache.glob("*.pdf")))
    assert 1 <= kept < len(collection.precedents)
    again = pdf_module.PdfRun(collection, derive(collection), Publication(SITE), cache_dir=cache)
    assert len(again.todo) == len(collection.precedents) - kept
    again.close()
    worker = PublishingWorker(collection, Publication(SITE), cache, separate=True)
    try:
        worker.exports()
        files = worker.pdfs()
    finally:
        worker.close()
    assert len(files) == len(collection.precedents) and all(data.startswith(b"%PDF") for data in files.values())
    assert files == here.pdfs(), "the same PDFs in either process"


def test_each_process_draws_a_share_of_the_cards_and_together_they_are_all_of_them(tmp_path):
    from casebook.publish.cards import card_files

    records = tmp_path / "precedents"
    write_synthetic_collection(records, 12)
    collection, _ = check_collection(project_for(records))
    cache = tmp_path / "work" / "pdf-cache"
    (tmp_path / "work" / "card-cache").mkdir(parents=True)
    (tmp_path / "work" / "card-cache" / "stale.png").write_bytes(b"a card of an earlier build")
    worker = PublishingWorker(collection, Publication(SITE), cache, separate=True)
    try:
        worker.exports()
        worker.start_cards()  # as the build does when the engine starts
        cards = worker.cards()
    finally:
        worker.close()
    assert cards == card_files(collection, Publication(SITE)), "the same cards as drawn in one process"
    assert worker.cards_drawn == len(cards) == len(worker.card_paths)
    assert len(list((tmp_path / "work" / "card-cache").iterdir())) == len(cards), "the cache holds this build's cards"
    assert not (tmp_path / "work" / "card-cache" / "stale.png").exists()


def test_a_failure_in_the_second_process_is_reported_in_one_line(tmp_path):
    records = tmp_path / "precedents"
    write_synthetic_collection(records, 2)
    collection, _ = check_collection(project_for(records))
    worker = PublishingWorker(collection, Publication(SITE), None, separate=True)
    worker._process.kill()  # as if it had crashed
    with pytest.raises(PublishingError, match=r"the publishing process stopped \(exit code -9\)"):
        worker.exports()
    worker.close()


def test_a_hand_written_file_may_not_take_the_path_of_a_generated_pdf(tmp_path):
    from types import SimpleNamespace

    from casebook.site.build import BuildReport, _build_site

    docs = tmp_path / "docs"
    (docs / "precedents").mkdir(parents=True)
    (docs / "precedents" / "x.pdf").write_bytes(b"%PDF hand-written")
    project = SimpleNamespace(docs_dir=docs, precedents=tmp_path / "none")
    publishing = SimpleNamespace(pdf_paths=["precedents/x.pdf"], card_paths=["cards/precedents/x.png"])
    report = _build_site(
        project, tmp_path / "site", tmp_path / "work", None, None, {}, {}, publishing, BuildReport(), lambda stage: None
    )
    assert [p.message for p in report.problems] == ["this hand-written file has the path of a generated PDF; move or rename it"]
    assert not (tmp_path / "site").exists()


def test_the_api_page_excerpt_is_the_real_export_of_the_seed():
    """docs/api.md shows an excerpt of a real file; it must not drift from what the build writes."""
    collection, problems = check_collection(project_for(ROOT / "precedents"))
    assert problems == []
    real = precedent_document(collection.by_id(SEED), collection, derive(collection), Publication())
    api = (ROOT / "docs" / "api.md").read_text()
    excerpt = json.loads(re.search(r"```json\n(.*?)```", api, re.S).group(1))

    def contained(part, whole, where="") -> None:
        if isinstance(part, dict):
            for key, value in part.items():
                assert key in whole, f"{where}.{key} is not in the export"
                contained(value, whole[key], f"{where}.{key}")
        else:
            assert part == whole, f"{where}: the page shows {part!r}, the export has {whole!r}"

    contained(excerpt, real)


def test_link_check_knows_the_path_of_the_site_address(tmp_path):
    """With site_url https://example.org/cases/, the 404 page links /cases/...: that is inside the site."""
    from casebook.site.links import check_site

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.css").write_text("")
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "404.html").write_text('<link rel="stylesheet" href="/cases/assets/x.css"><a href="/cases/">home</a>')
    assert check_site(tmp_path, base_path="/cases/") == []
    assert [p.message for p in check_site(tmp_path)] == [
        "broken link '/cases/assets/x.css': cases/assets/x.css does not exist",
        "broken link '/cases/': cases/index.html does not exist",
    ]
    assert [p.message for p in check_site(tmp_path, base_path="/other/")] == [
        "link '/cases/assets/x.css' leaves the site",
        "link '/cases/' leaves the site",
    ]


def test_pdf_fonts_cut_for_one_build_are_not_used_for_another(tmp_path):
    """reportlab registers fonts once per process, and knows them by their PostScript name.
    Two builds in one process (a test run, casebook serve) cut DejaVu to different
    characters, here into the same folder; each document must get the cut that holds its
    own characters."""
    created = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    for text in ("abc first build", "<script> & ECLI:XX:TEST:0000:0 second build"):
        folder = tmp_path / "fonts"  # the same folder both times
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        fonts = pdf_module.subset_fonts(set(text), folder)
        data = pdf_module.render_pdf([pdf_module.Block("para", text)], "t", "footer", created, "en", fonts)
        assert text in pdf_text(data)


def test_a_stopped_build_stops_rendering_pdfs_and_caches_only_whole_ones(tmp_path):
    records = tmp_path / "precedents"
    write_synthetic_collection(records, 3)
    collection, _ = check_collection(project_for(records))
    stop = threading.Event()
    stop.set()
    run = pdf_module.PdfRun(collection, derive(collection), Publication(SITE), cache_dir=tmp_path / "cache")
    with pytest.raises(pdf_module.Stopped):
        run.finish(stop=stop)
    assert list((tmp_path / "cache").iterdir()) == []
    files = pdf_module.PdfRun(collection, derive(collection), Publication(SITE), cache_dir=tmp_path / "cache").finish()
    assert sorted(p.suffix for p in (tmp_path / "cache").iterdir()) == [".pdf"] * 3, "no partial file left"
    assert len(files) == 3


def test_the_home_page_claims_no_more_about_links_to_sources_than_is_true():
    """Issue 22: the home page said every precedent's sources are linked, while the
    firm's own case cites its only source, an article, without an address (none is
    known: the reference file gives none)."""
    import yaml

    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "precedents").glob("*.yml"))]
    unlinked = [r["id"] for r in records for s in r["sources"] if not s.get("url")]
    home = " ".join((ROOT / "docs" / "index.md").read_text(encoding="utf-8").split())
    about = " ".join((ROOT / "docs" / "about.md").read_text(encoding="utf-8").split())
    if unlinked:
        assert "sources with links" not in home and "linked where they are online" in home, unlinked
        assert "and their address where they are online" in about
