"""The files that meet a contributor on GitHub and in the editor: they must point at
commands, targets and paths that exist, so renaming one breaks a test, not a pull request."""

import json
import re

import yaml

from casebook.cli import main
from tests.conftest import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def make_targets() -> set:
    return set(re.findall(r"^([a-z][\w-]*):", MAKEFILE, flags=re.M))


def test_the_pull_request_workflow_runs_check_tests_and_build_with_make_and_uploads_the_site():
    assert "pull_request" in WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    [job] = WORKFLOW["jobs"].values()
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert [r for r in runs if r.startswith("make ")] == ["make check", "make test", "make build"]
    assert {"check", "test", "build"} <= make_targets()
    upload = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/" and upload["with"]["name"] == "site-preview"
    # Debian's chromium, which the browser tests launch by that name (tests/conftest.py).
    assert job["container"].startswith("debian:") and "chromium" in runs[0]


def test_pre_commit_hooks_run_commands_that_exist_on_the_files_they_should():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    record = hooks["casebook-check"]
    assert record["entry"] == ".venv/bin/casebook check" and record["pass_filenames"] is True
    assert re.search(record["files"], "precedents/by-2020-blue-notice-then-diffusion.yml")
    assert not re.search(record["files"], "precedents/vocabularies/forums.yml")
    assert not re.search(record["files"], "tests/fixtures/precedents/by-2020-blue-notice-then-diffusion.yml")
    assert main(["check", str(ROOT / "precedents" / "by-2020-blue-notice-then-diffusion.yml")]) == 0
    assert hooks["casebook-fields"]["entry"] == ".venv/bin/casebook fields --check"


def test_editor_settings_map_records_to_the_schema_and_recommend_the_yaml_extension():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./precedents/schema.json": ["precedents/*.yml"]}
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]
    for record in (ROOT / "precedents").glob("*.yml"):
        assert record.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=schema.json\n"), record.name


def test_codeowners_covers_precedents_with_a_declared_placeholder_team():
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert ["/precedents/", "@casebook-org/precedent-reviewers"] in rules
    assert "PLACEHOLDER" in text


def test_the_issue_form_asks_for_sources_and_warns_against_private_data():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-a-precedent.yml").read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"sources", "summary", "confirmations"} <= ids
    sources = next(item for item in form["body"] if item.get("id") == "sources")
    assert sources["validations"]["required"] is True
    assert "Issues are public" in form["body"][0]["attributes"]["value"]


def test_the_pull_request_template_checks_sources_anonymity_and_preview():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, flags=re.M)
    assert any("source" in box for box in boxes)
    assert any("names no private person" in box for box in boxes)
    assert any("preview" in box for box in boxes)
    assert any("make check" in box for box in boxes)


def test_every_script_of_ours_runs_on_every_page_view():
    """The theme's instant navigation swaps pages without loading them (also for a link
    into the same page): a script that runs only when it is loaded goes dead after the
    first click (issue 22). Each subscribes to Material's document$."""
    scripts = sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js"))
    assert scripts
    for script in scripts:
        assert "document$.subscribe(" in script.read_text(encoding="utf-8"), script.name
