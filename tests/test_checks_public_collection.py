"""Table-driven tests for the record checks added with the public collection (issue 5).

Each case starts from the firm's real case study, changes one thing, and pins the exact
problems (field and message) that ``run_record_checks`` must report, or none.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from casebook.records.checks import Context, run_record_checks
from casebook.records.load import Document, load_file
from tests.conftest import ROOT

SEED = ROOT / "precedents" / "by-2020-blue-notice-then-diffusion.yml"
CTX = Context(today=dt.date(2026, 1, 1))


@pytest.fixture(scope="module")
def seed() -> Document:
    document, problems = load_file(SEED, "precedents/by-2020-blue-notice-then-diffusion.yml")
    assert not problems
    return document


def _checked(seed: Document, change) -> list[tuple[str, str]]:
    data = copy.deepcopy(seed.data)
    change(data)
    doc = Document(seed.path, data, seed.lines)
    return [(p.field, p.message) for p in run_record_checks(doc, CTX)]


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _proceeding(**fields):
    return lambda data: data["proceedings"].append({"outcome": "released", "kind": "detention", **fields})


def _instrument(**fields):
    return lambda data: data["instruments"].append({"fate": "unknown", **fields})


def _source(**fields):
    return lambda data: data["sources"].append({"title": "A report", "url": "https://example.org/report", **fields})


CASES = [
    # (case id, change to the seed record, expected (field, message) pairs)
    ("seed record is clean", lambda data: None, []),
    # national forums need the state of the forum
    (
        "prosecutor without state",
        _proceeding(forum="prosecutor"),
        [("proceedings[3].forum", "a prosecutor proceeding needs the state (an ISO code) of the forum")],
    ),
    (
        "government without state",
        _proceeding(forum="government"),
        [("proceedings[3].forum", "a government proceeding needs the state (an ISO code) of the forum")],
    ),
    (
        "asylum authority without state",
        _proceeding(forum="asylum-authority"),
        [("proceedings[3].forum", "a asylum-authority proceeding needs the state (an ISO code) of the forum")],
    ),
    ("prosecutor with state", _proceeding(forum="prosecutor", state="PL"), []),
    ("INTERPOL body needs no state", _proceeding(forum="interpol-body-unconfirmed"), []),
    # a ground is listed once, with how it is known
    (
        "ground both relied on and argued",
        _set(
            ("proceedings", 1, "grounds"),
            [
                {"code": "political-persecution", "status": "relied-on"},
                {"code": "political-persecution", "status": "argued"},
                {"code": "refugee-protection", "status": "argued"},
            ],
        ),
        [
            (
                "proceedings[1].grounds[1].code",
                "'political-persecution' is already listed at grounds[0]; list a ground once, "
                "with the status the sources support (relied-on, contested or argued)",
            )
        ],
    ),
    (
        "argued ground not relied on",
        _set(
            ("proceedings", 1, "grounds"),
            [{"code": "political-persecution", "status": "relied-on"}, {"code": "refugee-protection", "status": "argued"}],
        ),
        [],
    ),
    # an alert of unspecified type is uncertain by definition
    (
        "unspecified alert marked certain",
        _instrument(type="interpol-alert-unspecified", type_certain=True, type_note="Called a wanted listing."),
        [
            (
                "instruments[2].type",
                "an interpol-alert-unspecified instrument has an unconfirmed type by definition; "
                "set type_certain: false and say in type_note what the sources call it",
            )
        ],
    ),
    (
        "unspecified alert without type_certain",
        _instrument(type="interpol-alert-unspecified", type_note="Called a wanted listing."),
        [
            (
                "instruments[2].type",
                "an interpol-alert-unspecified instrument has an unconfirmed type by definition; "
                "set type_certain: false and say in type_note what the sources call it",
            )
        ],
    ),
    (
        "unspecified alert uncertain but unexplained",
        _instrument(type="interpol-alert-unspecified", type_certain=False),
        [("instruments[2].type_certain", "an uncertain type needs a type_note saying what the sources say")],
    ),
    (
        "unspecified alert done right",
        _instrument(type="interpol-alert-unspecified", type_certain=False, type_note="Called a wanted listing."),
        [],
    ),
    # the person's own side is partisan
    (
        "lawyers' account not marked partisan",
        _source(kind="lawyers-account"),
        [("sources[1].partisan", "a lawyers-account source is the account of the person's own side; set partisan: true")],
    ),
    (
        "firm article marked not partisan",
        _set(("sources", 0, "partisan"), False),
        [("sources[0].partisan", "a firm-article source is the account of the person's own side; set partisan: true")],
    ),
    ("lawyers' account marked partisan", _source(kind="lawyers-account", partisan=True), []),
    # independent sources cannot outnumber non-partisan publishers
    (
        "independent source claimed from a partisan source only",
        _set(("sourcing", "independent_sources"), 1),
        [
            (
                "sourcing.independent_sources",
                "expected at most 0, the number of distinct publishers among the non-partisan sources; got 1",
            )
        ],
    ),
    (
        "two copies from one publisher count once",
        lambda data: (
            _source(kind="news-report", publisher="Kyiv Post")(data),
            _source(kind="news-report", publisher="Kyiv  post", title="Another report")(data),
            _set(("sourcing", "independent_sources"), 2)(data),
        ),
        [
            (
                "sourcing.independent_sources",
                "expected at most 1, the number of distinct publishers among the non-partisan sources; got 2",
            )
        ],
    ),
    (
        "independent source backed by a news report",
        lambda data: (_source(kind="news-report", publisher="El País")(data), _set(("sourcing", "independent_sources"), 1)(data)),
        [],
    ),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_record_checks(seed, change, expected):
    assert _checked(seed, change) == expected
