"""Semantic checks, table-driven: each row mutates a valid record and names the one
problem expected (field and message fragment), or none."""

import copy
import datetime as dt

import pytest
import yaml

from casebook.records.checks import COLLECTION_CHECKS, RECORD_CHECKS, Context, run_collection_checks, run_record_checks
from casebook.records.load import load_bytes

VALID = {
    "id": "ru-2020-fixture",
    "kind": "public-record",
    "title": "Fixture",
    "summary": "A summary.",
    "headnote": "A headnote.",
    "requesting_states": ["RU"],
    "host_states": ["ES"],
    "person": {"status_at_home": "accused", "profiles": ["journalist"]},
    "instruments": [{"type": "red-notice", "issued": "2019", "fate": "deleted", "fate_date": "2020-03"}],
    "proceedings": [
        {
            "forum": "national-court",
            "state": "ES",
            "kind": "extradition",
            "filed": "2020-01",
            "decided": "2020-06-02",
            "outcome": "extradition-refused",
        }
    ],
    "timeline": [{"date": "2019"}, {"event": "undated"}, {"date": "2020-06-02"}],
    "outcomes": ["extradition-refused"],
    "sources": [{"kind": "news-report", "title": "T", "url": "https://example.org"}],
    "sourcing": {"strength": "weak"},
    "review": {"status": "draft"},
}
CTX = Context(today=dt.date(2026, 11, 25))


def document(data, name="ru-2020-fixture"):
    doc, problems = load_bytes(yaml.safe_dump(data, sort_keys=False).encode(), f"{name}.yml")
    assert problems == []
    return doc


def mutate(path, value):
    def apply(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return data

    return apply


DELETE = object()

CASES = [
    ("valid record", [], None, None),
    ("id differs from file name", [mutate(("id",), "ru-2020-other")], "id", "expected the file name without .yml"),
    ("impossible day", [mutate(("timeline", 0, "date"), "2021-02-29")], "timeline[0].date", "expected a real calendar date"),
    ("month 13", [mutate(("instruments", 0, "issued"), "2019-13")], "instruments[0].issued", "expected a real calendar date"),
    ("month 00", [mutate(("timeline", 0, "date"), "2019-00")], "timeline[0].date", "expected a real calendar date"),
    ("day 00", [mutate(("timeline", 0, "date"), "2019-05-00")], "timeline[0].date", "expected a real calendar date"),
    ("leap day is real", [mutate(("timeline", 0, "date"), "2020-02-29")], None, None),
    ("future date", [mutate(("proceedings", 0, "decided"), "2027")], "proceedings[0].decided", "not in the future"),
    ("today is not future", [mutate(("proceedings", 0, "decided"), "2026-11-25")], None, None),
    (
        "decided before filed",
        [mutate(("proceedings", 0, "decided"), "2019-12-31")],
        "proceedings[0].decided",
        "not before filed (2020-01)",
    ),
    ("same month is in order", [mutate(("proceedings", 0, "decided"), "2020-01")], None, None),
    (
        "fate before issue",
        [mutate(("instruments", 0, "fate_date"), "2018")],
        "instruments[0].fate_date",
        "not before issued (2019)",
    ),
    ("timeline out of order", [mutate(("timeline", 2, "date"), "2018")], "timeline[2].date", "expected events in date order"),
    ("year then month of that year is in order", [mutate(("timeline", 2, "date"), "2019-04")], None, None),
    (
        "qualifier without date",
        [mutate(("timeline", 1, "date_qualifier"), "before")],
        "timeline[1].date_qualifier",
        "needs a date",
    ),
    ("unknown country", [mutate(("host_states",), ["ES", "XX"])], "host_states[1]", "ISO 3166-1 alpha-2"),
    ("UK suggests GB", [mutate(("requesting_states",), ["UK"])], "requesting_states[0]", "did you mean 'GB'"),
    ("Norway is a country", [mutate(("host_states",), ["NO"])], None, None),
    ("proceeding state checked", [mutate(("proceedings", 0, "state"), "QQ")], "proceedings[0].state", "ISO 3166-1"),
    (
        "firm case study with a name",
        [mutate(("kind",), "firm-case-study"), mutate(("person", "name"), "A Person")],
        "person.name",
        "must not name the person",
    ),
    ("public record may name", [mutate(("person", "name"), "A Person")], None, None),
    ("e-mail in any record", [mutate(("summary",), "Write to someone@example.org.")], "summary", "looks like an e-mail address"),
    (
        "name in a firm case study",
        [mutate(("kind",), "firm-case-study"), mutate(("summary",), "Ivan Petrov was arrested.")],
        "summary",
        "looks like a personal name ('I…v')",
    ),
    ("name in a public record", [mutate(("summary",), "Ivan Petrov was arrested.")], None, None),
    ("reviewed without date", [mutate(("review",), {"status": "reviewed"})], "review.date", "needs the review date"),
    ("reviewed with partial date", [mutate(("review",), {"status": "reviewed", "date": "2026-11"})], "review.date", "YYYY-MM-DD"),
    (
        "uncertain type unexplained",
        [mutate(("instruments", 0, "type_certain"), False)],
        "instruments[0].type_certain",
        "needs a type_note",
    ),
    ("national court without state", [mutate(("proceedings", 0, "state"), DELETE)], "proceedings[0].forum", "needs the state"),
    (
        "translation missing record language",
        [mutate(("summary",), {"ru": "Текст"})],
        "summary",
        "must include the record's language ('en')",
    ),
    (
        "translation with record language",
        [mutate(("summary",), {"en": "Text", "ru": "Текст", "ru_from": "71988c4d"})],
        None,
        None,
    ),
    ("javascript link in prose", [mutate(("headnote",), "See [this](javascript:alert(1)).")], "headnote", "http:// or https://"),
    ("data link in prose", [mutate(("headnote",), "See [this](data:text/html,x)")], "headnote", "http:// or https://"),
    (
        "data link holding markup",
        [mutate(("headnote",), "[x](data:text/html,<script>alert(1)</script>)")],
        "headnote",
        "http:// or https://",
    ),
    (
        "reference link definition",
        [mutate(("headnote",), "See [this][r].\n\n[r]: javascript:alert(1)")],
        "headnote",
        "http:// or https://",
    ),
    ("protocol-relative link", [mutate(("headnote",), "See [this](//evil.example/x).")], "headnote", "http:// or https://"),
    (
        "ground both relied on and argued",
        [
            mutate(
                ("proceedings", 0, "grounds"),
                [{"code": "fair-trial-risk", "status": "relied-on"}, {"code": "fair-trial-risk", "status": "argued"}],
            ),
        ],
        "proceedings[0].grounds[1].code",
        "is already listed at grounds[0]",
    ),
    (
        "grounds with different codes",
        [
            mutate(
                ("proceedings", 0, "grounds"),
                [{"code": "fair-trial-risk", "status": "relied-on"}, {"code": "oppression", "status": "argued"}],
            ),
        ],
        None,
        None,
    ),
    (
        "contested ground without a note",
        [mutate(("proceedings", 0, "grounds"), [{"code": "fair-trial-risk", "status": "contested"}])],
        "proceedings[0].grounds[0].status",
        "needs a note",
    ),
    (
        "contested ground with a note",
        [
            mutate(
                ("proceedings", 0, "grounds"), [{"code": "fair-trial-risk", "status": "contested", "note": "X says; Y denies."}]
            )
        ],
        None,
        None,
    ),
    (
        "periods of detention in order",
        [
            mutate(
                ("detention",),
                {
                    "detained": "yes",
                    "periods": [
                        {"start": "2019-07-19/2019-07-20", "end": "2020-02", "basis": "remand"},
                        {"start": "2020-02", "duration": "P7M", "approximate": True, "basis": "house-arrest"},
                    ],
                },
            )
        ],
        None,
        None,
    ),
    (
        "period ending before it starts",
        [mutate(("detention",), {"detained": "yes", "periods": [{"start": "2020-03", "end": "2020-01", "basis": "remand"}]})],
        "detention.periods[0].end",
        "not before start (2020-03)",
    ),
    (
        "period starting before the previous one ended",
        [
            mutate(
                ("detention",),
                {
                    "detained": "yes",
                    "periods": [
                        {"start": "2020-01", "end": "2020-06", "basis": "remand"},
                        {"start": "2020-03", "basis": "house-arrest"},
                    ],
                },
            )
        ],
        "detention.periods[1].start",
        "each starting after the previous one ended",
    ),
    (
        "period with an end and a length",
        [
            mutate(
                ("detention",),
                {"detained": "yes", "periods": [{"start": "2020-01", "end": "2020-03", "duration": "P2M", "basis": "remand"}]},
            )
        ],
        "detention.periods[0].duration",
        "not both",
    ),
    (
        "periods for a person not detained",
        [mutate(("detention",), {"detained": "unknown", "periods": [{"start": "2020-01", "basis": "remand"}]})],
        "detention.periods",
        "need detained: yes",
    ),
    (
        "a stale translation",
        [mutate(("summary",), {"en": "A summary.", "ru": "Краткое изложение.", "ru_from": "00000000"})],
        "summary.ru",
        "the ru translation is stale: the en text changed since it was made (ru_from: 00000000; the en text is now 489cc652)",
    ),
    (
        "a translation without its source",
        [mutate(("summary",), {"en": "A summary.", "ru": "Краткое изложение."})],
        "summary.ru",
        "does not say which text it was made from; add ru_from: 489cc652",
    ),
    (
        "a current translation",
        [mutate(("summary",), {"en": "A summary.", "ru": "Краткое изложение.", "ru_from": "489cc652"})],
        None,
        None,
    ),
    (
        "a range ending before it starts",
        [mutate(("timeline", 0, "date"), "2019-07-20/2019-07-19")],
        "timeline[0].date",
        "expected a range that ends after it starts",
    ),
    (
        "unspecified alert marked certain",
        [mutate(("instruments", 0, "type"), "interpol-alert-unspecified")],
        "instruments[0].type",
        "set type_certain: false",
    ),
    (
        "firm article not partisan",
        [mutate(("sources",), [{"kind": "firm-article", "title": "T", "citation": "C"}])],
        "sources[0].partisan",
        "set partisan: true",
    ),
    (
        "independent sources overcounted",
        [mutate(("sourcing",), {"strength": "weak", "independent_sources": 2})],
        "sourcing.independent_sources",
        "expected at most 1",
    ),
    ("related entry is not a translation", [mutate(("related",), [{"id": "ru-2020-other"}])], None, None),
    ("https link in prose", [mutate(("headnote",), "See [this](https://example.org/a_(b)).")], None, None),
]


@pytest.mark.parametrize("name,mutations,field,fragment", CASES, ids=[c[0] for c in CASES])
def test_record_checks(name, mutations, field, fragment):
    data = copy.deepcopy(VALID)
    for apply in mutations:
        data = apply(data)
    problems = run_record_checks(document(data), CTX)
    if field is None:
        assert problems == []
    else:
        assert len(problems) == 1, problems
        assert problems[0].field == field
        assert fragment in problems[0].message


def test_every_check_is_exercised_by_a_case():
    """A check with no failing row above would be untested."""
    failing = set()
    for _name, mutations, field, _ in CASES:
        if field is None:
            continue
        data = copy.deepcopy(VALID)
        for apply in mutations:
            data = apply(data)
        doc = document(data)
        failing |= {check.__name__ for check in RECORD_CHECKS if check(doc, CTX)}
    assert failing == {check.__name__ for check in RECORD_CHECKS}


def test_collection_checks_ids_and_related():
    a = copy.deepcopy(VALID)
    a["related"] = [{"id": "ru-2020-fixtur", "note": "typo"}, {"id": "ru-2020-fixture"}]
    b = copy.deepcopy(VALID)
    b["id"] = "RU-2020-FIXTURE"
    problems = run_collection_checks([document(a), document(b, "RU-2020-FIXTURE")])
    messages = [f"{p.path}:{p.field}: {p.message}" for p in problems]
    assert messages == [
        "RU-2020-FIXTURE.yml:id: expected a unique id; 'RU-2020-FIXTURE' is also used by ru-2020-fixture.yml",
        "ru-2020-fixture.yml:related[0].id: expected the id of another precedent; got 'ru-2020-fixtur' (did you mean 'ru-2020-fixture'?)",
        "ru-2020-fixture.yml:related[1].id: a precedent cannot be related to itself",
    ]
    assert len(COLLECTION_CHECKS) == 3


ALIAS_CASES = [
    ("distinct former ids", ["ru-2019-old"], ["ru-2018-older"], []),
    (
        "alias shared by two records",
        ["ru-2019-old"],
        ["ru-2019-old"],
        ["ru-2020-other.yml:aliases[0]: expected a unique former id; 'ru-2019-old' is also an alias of ru-2020-fixture.yml"],
    ),
    (
        "alias equal to another live id",
        ["ru-2020-other"],
        [],
        ["ru-2020-fixture.yml:aliases[0]: expected a former id no longer in use; 'ru-2020-other' is the id of ru-2020-other.yml"],
    ),
    (
        "alias equal to its own id",
        ["ru-2020-fixture"],
        [],
        ["ru-2020-fixture.yml:aliases[0]: expected a former id no longer in use; 'ru-2020-fixture' is its own id"],
    ),
    (
        "case does not hide a clash",
        ["RU-2020-OTHER"],
        [],
        ["ru-2020-fixture.yml:aliases[0]: expected a former id no longer in use; 'RU-2020-OTHER' is the id of ru-2020-other.yml"],
    ),
]


@pytest.mark.parametrize("name,aliases_a,aliases_b,expected", ALIAS_CASES, ids=[c[0] for c in ALIAS_CASES])
def test_aliases_are_unique_and_never_live_ids(name, aliases_a, aliases_b, expected):
    a = copy.deepcopy(VALID)
    a["aliases"] = aliases_a
    b = copy.deepcopy(VALID)
    b["id"] = "ru-2020-other"
    b["aliases"] = aliases_b
    problems = run_collection_checks([document(a), document(b, "ru-2020-other")])
    assert [f"{p.path}:{p.field}: {p.message}" for p in problems] == expected


def test_prose_fields_equal_the_schema_text_fields():
    import json

    from casebook.records.checks import PROSE_FIELDS
    from tests.conftest import ROOT

    schema = json.loads((ROOT / "precedents" / "schema.json").read_text())
    found = set()

    def visit(node):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                target = prop.get("items", prop)
                if target.get("$ref") in ("#/$defs/text", "#/$defs/label_text"):
                    found.add(name)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    assert found == set(PROSE_FIELDS)
