"""`casebook check` as contributors and CI run it: exact problem lines for the broken
fixtures (one per rule family), the real collection clean, no traceback ever."""

import json
import subprocess
import sys
from pathlib import Path

from casebook.records.collection import Project, check_collection
from casebook.records.vocabularies import SCHEMA_DEFS, load_vocabularies
from tests.conftest import ROOT

BROKEN = ROOT / "tests" / "fixtures" / "broken"


def run_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", "check", "--precedents", str(folder.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_broken_fixtures_give_exactly_the_expected_lines():
    result = run_check(BROKEN)
    expected = (BROKEN / "expected-problems.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.returncode == 1
    assert result.stderr == ""


def test_every_broken_fixture_is_reported():
    """A fixture that stopped producing a problem would hide a regression."""
    reported = {line.split(":", 1)[0] for line in (BROKEN / "expected-problems.txt").read_text().splitlines()[:-1]}
    files = {p.relative_to(ROOT).as_posix() for p in BROKEN.iterdir() if p.suffix in (".yml", ".yaml")}
    assert reported == files


def test_the_real_collection_passes_the_check_ci_runs():
    collection, problems = check_collection(Project(ROOT))
    assert problems == []
    assert len(collection.precedents) >= 1
    result = run_check(ROOT / "precedents")
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


def test_an_empty_folder_is_not_an_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "check", "--precedents", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("0 precedents checked")


def test_vocabulary_files_equal_the_schema_enums():
    schema = json.loads((ROOT / "precedents" / "schema.json").read_text())
    vocabularies, problems = load_vocabularies(ROOT / "precedents" / "vocabularies", schema)
    assert problems == []
    for name, def_name in SCHEMA_DEFS.items():
        assert list(vocabularies[name].codes) == schema["$defs"][def_name]["enum"], name


def test_a_vocabulary_drifting_from_the_schema_is_a_problem(tmp_path):
    import shutil

    schema = json.loads((ROOT / "precedents" / "schema.json").read_text())
    folder = tmp_path / "vocabularies"
    shutil.copytree(ROOT / "precedents" / "vocabularies", folder)
    path = folder / "forums.yml"
    path.write_text(path.read_text() + "- code: tribunal\n  label: Tribunal\n  explanation: Added only here.\n")
    _, problems = load_vocabularies(folder, schema)
    assert len(problems) == 1
    assert "differ from precedents/schema.json $defs.forum.enum" in problems[0].message


def test_every_schema_property_has_a_title_and_description():
    schema = json.loads((ROOT / "precedents" / "schema.json").read_text())
    missing = []

    def visit(node, path):
        for name, prop in node.get("properties", {}).items():
            target = prop
            if "$ref" in prop and not ("title" in prop and "description" in prop):
                target = schema["$defs"][prop["$ref"].split("/")[-1]]
            if not (prop.get("title") or target.get("title")) or not (prop.get("description") or target.get("description")):
                missing.append(f"{path}.{name}")
            visit(prop, f"{path}.{name}")
            if "items" in prop:
                visit(prop["items"], f"{path}.{name}[]")

    visit(schema, "")
    for name, definition in schema["$defs"].items():
        visit(definition, f"$defs.{name}")
    assert missing == []
