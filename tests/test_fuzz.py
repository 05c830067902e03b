"""Property-based fuzzing of everything a contributor's file goes through.

Generated YAML documents (recursive dicts, lists and scalars, dumped with
yaml.safe_dump), raw random text and bytes, and mutated valid records (fields dropped,
duplicated, retyped, filled with random text, lines duplicated or cut) are thrown at the
loader, the validator (whose compiled fast path must agree with the reference
validator on every document), the record and collection checks and the model. The only
outcomes allowed: "valid", and then the model builds and the site renders without
error; or clean ``Problem`` lines naming the file and a line. Never an exception, never
a hang (a per-test alarm).

Example counts are kept moderate so the suite stays fast; set CASEBOOK_FUZZ_EXAMPLES
(e.g. 5000) for a bigger run. Run with ``-s`` to see how many examples each test ran.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import signal
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casebook.pages.render import render_site
from casebook.records.checks import Context, run_collection_checks, run_record_checks
from casebook.records.collection import Collection, check_collection
from casebook.records.load import load_bytes
from casebook.records.model import precedent_from_data
from casebook.records.problems import Problem
from casebook.records.validate import load_schema, make_validator, validate
from casebook.records.vocabularies import load_vocabularies
from tests.conftest import FIXTURES, project_for

EXAMPLES = int(os.environ.get("CASEBOOK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=10),  # generous: a loaded CI machine is slow, a hang is caught by the alarm
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("CASEBOOK_FUZZ_RANDOM") is None,  # same examples on every run unless asked
)
HANG_GUARD_SECONDS = 600

PROJECT = project_for(FIXTURES / "precedents")
SCHEMA = load_schema(PROJECT.schema_path)
VALIDATOR = make_validator(SCHEMA)
VOCABULARIES, _ = load_vocabularies(PROJECT.vocabulary_dir, SCHEMA)
CONTEXT = Context(today=dt.date(2026, 1, 1))
SEED_FILE = FIXTURES / "precedents" / "tr-2017-mr-c.yml"
SEED = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>[1-9][0-9]*): .")

outcomes: Counter = Counter()


@pytest.fixture(autouse=True)
def hang_guard():
    def stop(signum, frame):
        raise TimeoutError(f"a fuzz test ran for more than {HANG_GUARD_SECONDS} s: a hang")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_GUARD_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def assert_clean(problems: list, path: str) -> None:
    assert problems, "a failure must say why"
    for problem in problems:
        assert isinstance(problem, Problem)
        match = PROBLEM_LINE.match(str(problem))
        assert match and str(problem).isprintable(), f"not one clean problem line: {problem!r}"
        assert match.group("path") == path
        assert "Traceback" not in problem.message


def judge(raw: bytes, name: str = "f.yml") -> str:
    """Load, validate, check and, if valid, build the model and render: 'valid' or 'problems'."""
    document, problems = load_bytes(raw, name)
    if document is None:
        assert_clean(problems, name)
        outcomes["refused by the loader"] += 1
        return "problems"
    # validate() trusts the compiled validator's "valid"; the reference one must agree
    assert VALIDATOR.fast.is_valid(document.data) == (not list(VALIDATOR.full.iter_errors(document.data))), name
    problems = validate(document, VALIDATOR)
    if not problems:
        problems = run_record_checks(document, CONTEXT)
    if not problems and isinstance(document.data.get("id"), str):
        problems = run_collection_checks([document])
    if problems:
        assert_clean(problems, name)
        outcomes["refused by the validator or checks"] += 1
        return "problems"
    precedent = precedent_from_data(document.data, name)
    pages = render_site(Collection((precedent,), VOCABULARIES, SCHEMA))
    assert f"precedents/{precedent.id}.md" in pages
    outcomes["valid, modelled and rendered"] += 1
    return "valid"


# --- generated YAML documents -----------------------------------------------------------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
KEYS = st.sampled_from(sorted(SCHEMA["properties"]) + ["type", "fate", "text", "id", "kind", "date"]) | TEXT
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT
    | st.sampled_from(["NO", "yes", "2020-02-30", "2020", "0000", "2020-00", "~", "null", "RU", "red-notice", "javascript:x"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=40,
)


@FUZZ
@given(document=st.dictionaries(KEYS, VALUES, max_size=12) | VALUES, unicode=st.booleans(), flow=st.booleans())
@example(document={"\r": None}, unicode=False, flow=False)  # found by this test: a key broke the problem line
def test_generated_yaml_documents(document, unicode, flow):
    raw = yaml.safe_dump(document, allow_unicode=unicode, default_flow_style=flow).encode("utf-8")
    judge(raw)


@FUZZ
@given(text=st.text(max_size=400))
def test_random_text(text):
    judge(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes(raw):
    judge(raw)


@FUZZ
@given(text=st.text(alphabet="abc:-[]{}&*!|>'\"#\n\t ?,%@`", max_size=200))
def test_yaml_punctuation_soup(text):
    judge(text.encode("utf-8"))


# --- mutated valid records ----------------------------------------------------------------


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, path + (index,))


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def mutate(data: dict, draw) -> dict:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(data, path), path[-1]
        operation = draw(st.sampled_from(["drop", "duplicate", "retype", "random text", "random value"]))
        if operation == "drop":
            del parent[key]
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif operation == "duplicate":
            parent[key] = [copy.deepcopy(parent[key]), copy.deepcopy(parent[key])]
        elif operation == "retype":
            value = parent[key]
            parent[key] = {str: lambda v: [v], list: lambda v: {"x": v}, dict: lambda v: list(v.values())}.get(
                type(value), lambda v: str(v)
            )(value)
        elif operation == "random text":
            parent[key] = draw(TEXT)
        else:
            parent[key] = draw(VALUES)
    return data


@FUZZ
@given(data=st.data())
def test_mutated_records(data):
    record = mutate(SEED, data.draw)
    raw = yaml.safe_dump(record, allow_unicode=True, sort_keys=False).encode("utf-8")
    judge(raw, "tr-2017-mr-c.yml")


@FUZZ
@given(data=st.data())
def test_mutated_record_text(data):
    """Line-level damage a careless edit makes: a line duplicated (duplicate keys), cut,
    re-indented, or a character inserted."""
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        operation = data.draw(st.sampled_from(["duplicate", "cut", "indent", "dedent", "insert"]))
        if operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "cut":
            lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
        elif operation == "indent":
            lines[index] = " " * data.draw(st.integers(1, 3)) + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index].lstrip()
        else:
            at = data.draw(st.integers(0, len(lines[index])))
            lines[index] = (
                lines[index][:at] + data.draw(st.sampled_from(list(":-[]{}&*!|>'\"#\t%@`\u2028\x85"))) + lines[index][at:]
            )
    judge("\n".join(lines).encode("utf-8"), "tr-2017-mr-c.yml")


def test_the_seed_record_is_valid_so_mutations_start_from_valid():
    assert judge(SEED_FILE.read_bytes(), "tr-2017-mr-c.yml") == "valid"


# --- the whole collection call, as `casebook check` makes it ------------------------------


@settings(FUZZ, max_examples=max(10, EXAMPLES // 5))
@given(data=st.data())
def test_check_collection_on_a_folder_of_mutated_records(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    names = ["tr-2017-mr-c"] + data.draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True))
    for name in names:
        record = mutate(SEED, data.draw) if data.draw(st.booleans()) else copy.deepcopy(SEED)
        record["id"] = name if data.draw(st.integers(0, 9)) else record.get("id")
        (folder / f"{name}.yml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    collection, problems = check_collection(project_for(folder), today=CONTEXT.today)
    for problem in problems:
        assert PROBLEM_LINE.match(str(problem)) and str(problem).isprintable(), problem
        assert Path(problem.path).parent.name == folder.name
    if not problems:
        render_site(collection)
    outcomes["collections checked"] += 1


def test_report_how_many_examples_ran():
    """Runs last in this file: prints the tally of outcomes (see pytest -s)."""
    print(f"\nfuzz outcomes ({EXAMPLES} examples per test): {dict(outcomes)}")
    assert sum(outcomes.values()) > 0


# Characters where regular-expression dialects disagree: Python's \s takes \x1c-\x1f and
# \x85, ECMA's (jsonschema-rs) takes \ufeff. A schema pattern must read the same in both,
# or validate() would let through a record the reference validator rejects.
DIALECT_CHARACTERS = [chr(c) for c in (*range(0x00, 0x21), *range(0x7F, 0xA1))] + [
    "\u1680",
    "\u2000",
    "\u200a",
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
    "\ufeff",
    "\u00e9",
    "\u4e2d",
]


@pytest.mark.parametrize("character", DIALECT_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_the_fast_validator_reads_patterns_as_the_reference_one_does(character):
    record = copy.deepcopy(SEED)
    record["sources"][0]["url"] = f"https://example.org/a{character}b"
    full = not list(VALIDATOR.full.iter_errors(record))
    assert VALIDATOR.fast.is_valid(record) == full
    if ord(character) < 0x21 or 0x7F <= ord(character) <= 0xA0:
        assert not full, "a control character or a space in an address is refused"
