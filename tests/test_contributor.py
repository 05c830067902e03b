"""A newcomer adds a precedent, end to end, as they would: `casebook new` with flags into
a folder, fill the record in by editing its text, `casebook check`, build, find the page.
Then the mistakes newcomers make, each with its exact message through the CLI; the
scaffold refusing to overwrite; the usage error without a terminal; the generated field
reference in CONTRIBUTING.md being current."""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.records.schema_fields import schema_fields, walk
from casebook.site.build import build
from casebook.tools.field_reference import END, START, field_reference, replace_between_markers
from casebook.tools.scaffold import Facts, ScaffoldError, gather_facts, render_record
from casebook.tools.scratch import link_project
from tests.conftest import ROOT, project_for

RECORD_ID = "kz-2019-red-notice-deleted-after-ccf-request"
FLAGS = [
    "--kind",
    "firm-case-study",
    "--requesting-state",
    "KZ",
    "--year",
    "2019",
    "--slug",
    "Red notice deleted after CCF request",
]
SCHEMA = json.loads((ROOT / "precedents" / "schema.json").read_text(encoding="utf-8"))
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

# What a contributor types into the scaffold: each empty line of the scaffold -> its filled version.
FILLED_IN = {
    "title:": 'title: "Kazakhstan: a red notice on fraud charges deleted after the client\'s CCF request"',
    "summary:": (
        "summary: >-\n"
        "  A businessman from Kazakhstan living in Germany learned that a red notice\n"
        "  had been published against him on fraud charges. The firm asked the CCF to\n"
        "  delete it as politically motivated, and it was deleted."
    ),
    "headnote:": "headnote: A red notice resting on charges brought after a business dispute with officials can be deleted.",
    "host_states:": "host_states: [DE]",
    "  status_at_home:": "  status_at_home: accused",
    "  profiles:": "  profiles: [entrepreneur]",
    "  - type:": "  - type: red-notice",
    "    fate:": "    fate: deleted",
    "  - forum:": "  - forum: ccf",
    "    kind:": "    kind: ccf-request",
    "    outcome:": "    outcome: data-deleted",
    ("  - event:", '    # date: "2020-05"'): '    date: "2020-05"',  # uncomment the timeline's date
    "  - event:": "  - event: The CCF deletes the red notice.",
    "outcomes:": "outcomes: [data-deleted]",
    "  - kind:": "  - kind: firm-article",
    "    title:": "    title: A red notice deleted by the CCF",
    "    # url: https://": "    url: https://example.org/cases/red-notice-deleted",
    "    # partisan: false": "    partisan: true",  # the firm's own article is its own side's account
    "  strength:": "  strength: first-hand",
}


def fill(text: str, edits: dict) -> str:
    """Replace whole lines as a person would: each line exactly once in the file, or,
    for a key (after, line), the first such line after the line ``after``."""
    for old, new in edits.items():
        after, old = old if isinstance(old, tuple) else ("", old)
        start = text.index(f"\n{after}\n") if after else 0
        anchored = f"\n{old}\n"
        assert after or text.count(anchored) == 1, f"expected {old!r} once in the scaffold"
        at = text.index(anchored, start)
        text = text[:at] + f"\n{new}\n" + text[at + len(anchored) :]
    return text


def casebook(*args, cwd, env=None):
    """The real command, run in ``cwd``: a temporary folder is first made a project that
    shares this repository's schema and configuration (the command works where it is run)."""
    if Path(cwd).resolve() != ROOT:
        link_project(cwd, ROOT)
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,  # not a terminal: no prompts
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def scaffolded(tmp_path):
    """A fresh record made by `casebook new` in tmp_path/records, and its path."""
    result = casebook("new", "--precedents", "records", *FLAGS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"created records/{RECORD_ID}.yml\nnext: fill it in, then run `casebook check --precedents records` until it reports no problems\n"
    )
    return tmp_path / "records" / f"{RECORD_ID}.yml"


@pytest.fixture
def filled(scaffolded):
    scaffolded.write_text(fill(scaffolded.read_text(encoding="utf-8"), FILLED_IN), encoding="utf-8")
    return scaffolded


# --- the scaffold --------------------------------------------------------------------


def test_scaffold_points_editors_at_the_schema_and_explains_every_field(scaffolded):
    text = scaffolded.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=schema.json"
    for field in walk(schema_fields(SCHEMA)):
        if field.path == "person.name":
            continue  # a firm case study never names the person: the scaffold leaves the field out
        assert f"# {field.title} ({field.needs}):" in text, field.path
        for code in field.enum:
            assert code in text, (field.path, code)
    assert "\n# language: en\n" in text  # optional: commented out, with an example
    assert f"\nid: {RECORD_ID}\n" in text and "\nkind: firm-case-study\n" in text and "\nrequesting_states: [KZ]\n" in text
    assert "\n  name:" not in text and "# name:" not in text


def test_a_public_record_scaffold_offers_the_name_and_a_withheld_state_gives_xx(tmp_path):
    facts = Facts(kind="public-record", requesting_state="xx", year=2018, slug="withheld-state")
    text = render_record(SCHEMA, facts)
    assert "\nid: xx-2018-withheld-state\n" in text
    assert "\nrequesting_states: []\n" in text
    assert "\n  # name:\n" in text
    assert "names no private person" not in text  # the anonymity reminder is for firm case studies


def test_the_empty_scaffold_lists_what_is_left_to_fill_in(scaffolded, tmp_path):
    result = casebook("check", "--precedents", "records", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    fields = [line.split(": ")[1] for line in lines[:-1]]
    assert fields == [
        "title",
        "summary",
        "headnote",
        "host_states",
        "person.status_at_home",
        "person.profiles",
        "instruments[0].type",
        "instruments[0].fate",
        "proceedings[0].forum",
        "proceedings[0].kind",
        "proceedings[0].outcome",
        "timeline[0].event",
        "outcomes",
        "sources[0]",
        "sources[0].kind",
        "sources[0].title",
        "sourcing.strength",
    ]
    assert lines[-1] == "17 problems in 1 file"
    assert "expected one of witness, suspect, accused, convicted, unknown; got nothing" in result.stdout


@pytest.mark.slow
def test_a_newcomer_scaffolds_fills_checks_and_builds_a_precedent(filled, tmp_path):
    result = casebook("check", "--precedents", "records", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("1 precedents checked, no problems")

    report = build(project_for(filled.parent), site_dir=tmp_path / "site", work_dir=tmp_path / "work")
    assert report.ok, report.error or report.problems
    page = (tmp_path / "site" / "precedents" / RECORD_ID / "index.html").read_text(encoding="utf-8")
    page = re.sub(r"</?abbr[^>]*>", "", page)  # glossary words carry tooltips
    assert "a red notice on fraud charges deleted after the client" in page
    assert "The CCF deletes the red notice." in page
    assert (tmp_path / "site" / "records" / f"{RECORD_ID}.yml").is_file()


def test_new_refuses_to_overwrite_an_existing_record(filled, tmp_path):
    before = filled.read_text(encoding="utf-8")
    result = casebook("new", "--precedents", "records", *FLAGS, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        f"records/{RECORD_ID}.yml: a record with this id already exists; nothing was written (edit it, or choose another slug)\n"
    )
    assert filled.read_text(encoding="utf-8") == before


def test_new_without_a_terminal_and_missing_flags_is_a_usage_error(tmp_path):
    result = casebook("new", "--precedents", "records", "--kind", "firm-case-study", "--slug", "x-y", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "casebook new: missing --requesting-state, --year (no terminal to ask; give them as flags)"
    )
    assert result.stderr.splitlines()[1].startswith("usage: casebook new --kind KIND")
    assert not (tmp_path / "records").exists() or not any((tmp_path / "records").iterdir())


@pytest.mark.parametrize(
    "flag,value,message",
    [
        ("--kind", "firm-case", "kind: expected one of firm-case-study, public-record; got 'firm-case'"),
        (
            "--requesting-state",
            "UK",
            "requesting state: expected an ISO 3166-1 alpha-2 country code such as BY or RU, or xx where the sources withhold it; got 'UK' (did you mean 'GB', United Kingdom?)",
        ),
        ("--year", "19", "year: expected the year the case began, 1900 to"),
        ("--slug", "!!!", "slug: expected a few words such as blue-notice-then-diffusion; got '!!!'"),
    ],
)
def test_new_rejects_a_bad_fact_with_a_usage_error(tmp_path, flag, value, message):
    flags = list(FLAGS)
    flags[flags.index(flag) + 1] = value
    result = casebook("new", "--precedents", "records", *flags, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"casebook new: {message}")


def test_on_a_terminal_new_asks_for_what_is_missing_and_asks_again_after_a_bad_answer():
    answers = iter(["public record", "public-record", "by", "2031", "2020", "Blue notice, then diffusion!"])
    prompts = []

    def ask(prompt):
        prompts.append(prompt)
        return next(answers)

    facts = gather_facts({}, ("firm-case-study", "public-record"), dt.date(2026, 11, 25), ask=ask)
    assert facts == Facts("public-record", "by", 2020, "blue-notice-then-diffusion")
    assert facts.record_id == "by-2020-blue-notice-then-diffusion"
    assert [p.split(" (")[0].split(":")[0] for p in prompts] == [
        "Kind of record",
        "Kind of record",
        "Requesting state",
        "Year the case began",
        "Year the case began",
        "Short slug, a few words",
    ]
    with pytest.raises(ScaffoldError, match="missing --kind"):
        gather_facts({"requesting_state": "BY", "year": "2020", "slug": "x"}, ("firm-case-study",), dt.date(2026, 1, 1))


# --- the mistakes newcomers make, through the CLI, with their exact messages ------------

# (mistake, edits to the filled-in record, expected problem line given at(text of a line) -> its number)
MISTAKES = [
    (
        "wrong indentation",
        {"  status_at_home: accused": "   status_at_home: accused"},
        lambda at: (
            f"{at('  profiles: [entrepreneur]')}: YAML syntax: the indentation does not line up with the lines above "
            f"(line {at('   status_at_home: accused')} is indented 3 spaces, this line 2)"
        ),
    ),
    (
        "a tab",
        {"  profiles: [entrepreneur]": "\tprofiles: [entrepreneur]"},
        lambda at: f"{at(chr(9) + 'profiles: [entrepreneur]')}: YAML syntax: a tab character; indent with spaces only",
    ),
    (
        "a missing required field",
        {FILLED_IN["headnote:"]: "# headnote:"},
        lambda at: f"{at('id: ' + RECORD_ID)}: headnote: required field is missing",  # reported where the record begins
    ),
    (
        "a misspelt vocabulary value",
        {"  - type: red-notice": "  - type: red-notise"},
        lambda at: (
            f"{at('  - type: red-notise')}: instruments[0].type: expected one of 14 codes; the closest: red-notice, "
            "green-notice, purple-notice, orange-notice (every code: CONTRIBUTING.md, field reference); "
            "got 'red-notise' (did you mean 'red-notice'?)"
        ),
    ),
    (
        "a date written 01/05/2020",
        {'    date: "2020-05"': "    date: 01/05/2020"},
        lambda at: (
            f"{at('    date: 01/05/2020')}: timeline[0].date: expected a date written YYYY, YYYY-MM or YYYY-MM-DD, "
            "or a range START/END of two such dates; "
            "got '01/05/2020' (write 2020-05-01 or 2020-01-05: day and month are ambiguous in 01/05/2020)"
        ),
    ),
    (
        "an id that does not match the file name",
        {f"id: {RECORD_ID}": "id: kz-2019-red-notice"},
        lambda at: (
            f"{at('id: kz-2019-red-notice')}: id: expected the file name without .yml, "
            f"'{RECORD_ID}'; got 'kz-2019-red-notice' (rename the file to kz-2019-red-notice.yml or change the id)"
        ),
    ),
]


@pytest.mark.parametrize("name,edits,expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_newcomer_mistake_gets_its_exact_message(filled, tmp_path, name, edits, expected):
    text = fill(filled.read_text(encoding="utf-8"), edits)
    filled.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = casebook("check", "--precedents", "records", cwd=tmp_path)
    assert result.stdout == f"records/{RECORD_ID}.yml:{expected(lambda line: lines.index(line) + 1)}\n1 problem in 1 file\n"
    assert result.returncode == 1
    assert result.stderr == ""


@pytest.mark.parametrize("name,edits,expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_contributing_quotes_each_mistake_message(name, edits, expected):
    """CONTRIBUTING.md shows newcomers these messages; it must quote them as the checker prints them."""
    message = expected(lambda line: 0).split(": ", 1)[1]
    message = message.split(" (line ")[0].split(" (did you mean")[0].split(" (write ")[0].split(", 'kz-")[0]
    assert message in CONTRIBUTING.replace("\n", " "), name


# --- the field reference -----------------------------------------------------------------


def test_the_field_reference_in_contributing_is_current():
    """Regenerate with `casebook fields --write` when the schema changes."""
    assert replace_between_markers(CONTRIBUTING, field_reference(SCHEMA)) == CONTRIBUTING


def test_the_field_reference_lists_every_field_and_fails_when_stale(tmp_path):
    reference = field_reference(SCHEMA)
    for field in walk(schema_fields(SCHEMA)):
        assert f"| `{field.path}` | {field.needs} |" in reference
    stale = CONTRIBUTING.replace("`instruments[].type`", "`instruments[].kind`")
    assert replace_between_markers(stale, reference) != stale
    with pytest.raises(ValueError, match="markers"):
        replace_between_markers("no markers here", reference)
    assert CONTRIBUTING.count(START) == 1 and CONTRIBUTING.count(END) == 1


def test_fields_check_command_agrees(tmp_path):
    result = casebook("fields", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "CONTRIBUTING.md: the field reference matches precedents/schema.json\n"
