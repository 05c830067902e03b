"""Timeline pictures: the marks and spans drawn match the record they come from.

Table-driven over small records written here (valid against the schema, checked with the
same steps as `casebook check`): events in date order, partial dates drawn as partial,
spans from issue to fate and from filing to decision, the CCF's limits counted from a
CCF request's filing date, undated events listed rather than placed, and a sentence
instead of a picture where the record has too few dates.
"""

import datetime as dt
import functools
import re

import pytest
import yaml

from casebook.pages.derive import derive
from casebook.pages.render import Renderer
from casebook.pages.timeline import Words, add_months, layout, timeline_of, wrap
from casebook.records.checks import Context, run_record_checks
from casebook.records.collection import Collection
from casebook.records.countries import country_name
from casebook.records.load import load_file
from casebook.records.model import precedent_from_data
from casebook.records.validate import load_schema, make_validator, validate
from casebook.records.vocabularies import load_vocabularies
from tests.conftest import FIXTURES, project_for, timeline_record

D = dt.date


def record(**changes) -> dict:
    return timeline_record(**changes)


@functools.cache
def _checker():
    """The steps of collection.check_collection, with the schema compiled once for the module."""
    project = project_for(FIXTURES / "precedents")
    schema = load_schema(project.schema_path)
    vocabularies, problems = load_vocabularies(project.vocabulary_dir, schema)
    assert problems == []
    return schema, vocabularies, make_validator(schema)


def load(tmp_path, data):
    """Write the record, then load, validate and check it as `casebook check` does, and model it."""
    path = tmp_path / f"{data['id']}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    schema, vocabularies, validator = _checker()
    document, problems = load_file(path, path.name)
    problems += validate(document, validator) or run_record_checks(document, Context(today=dt.date.today()))
    assert problems == [], problems
    collection = Collection((precedent_from_data(document.data, path.name),), vocabularies, schema)
    renderer = Renderer(collection, derive(collection))
    words = Words(renderer.label, country_name, renderer._, renderer.plain)
    return collection, renderer, words


def timeline_for(tmp_path, **changes):
    collection, _, words = load(tmp_path, record(**changes))
    return timeline_of(collection.precedents[0], words)


def shapes_of(picture, kind):
    return [(row, s) for row in picture.rows if row.kind == kind for s in row.shapes]


def x_of(picture):
    """The picture's scale, recomputed from its year bands: day -> x."""
    start, end = D(picture.years[0].year, 1, 1), D(picture.years[-1].year + 1, 1, 1)
    per_day = (picture.right - picture.left) / (end - start).days
    return lambda day: picture.left + (day - start).days * per_day


# -- events: order, precision, qualifiers ----------------------------------------------------


def test_dated_events_are_placed_in_date_order(tmp_path):
    dates = ["2014", "2015-03", "2015-03-20", "2016-11-02", "2019"]
    timeline = timeline_for(tmp_path, timeline=[{"date": d, "event": f"Synthetic: event on {d}."} for d in dates])
    events = [m for m in timeline.marks if m.kind == "event"]
    assert [m.start.text for m in events] == dates
    rows = [r for r in layout(timeline).rows if r.kind == "event"]
    assert [r.anchor for r in rows] == [f"event-{n}" for n in range(1, 6)]
    xs = [r.x for r in rows]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), xs


@pytest.mark.parametrize(
    "date,earliest,latest,shape",
    [
        ("2017", D(2017, 1, 1), D(2017, 12, 31), "rect"),
        ("2017-02", D(2017, 2, 1), D(2017, 2, 28), "rect"),
        ("2016-02", D(2016, 2, 1), D(2016, 2, 29), "rect"),
        ("2017-02-14", D(2017, 2, 14), D(2017, 2, 14), "circle"),
    ],
)
def test_partial_dates_are_drawn_over_the_whole_year_or_month(tmp_path, date, earliest, latest, shape):
    timeline = timeline_for(
        tmp_path,
        timeline=[
            {"date": "2015-06-01", "event": "Synthetic: an anchor event."},
            {"date": date, "event": "Synthetic: the event under test."},
        ],
    )
    mark = timeline.marks[-1]
    assert (mark.start.earliest, mark.start.latest) == (earliest, latest)
    assert mark.start.partial == (shape == "rect")
    picture = layout(timeline)
    (drawn,) = [s for row, s in shapes_of(picture, "event") if row.anchor == "event-2"]
    assert drawn.kind == shape
    x = x_of(picture)
    if shape == "rect":
        assert "cb-tl-range" in drawn.css
        # the box starts on the first possible day, not on 1 January alone, and ends after the last
        assert drawn.x == pytest.approx(x(earliest), abs=0.01)
        assert drawn.x + drawn.w == pytest.approx(max(x(latest + dt.timedelta(days=1)), drawn.x + 0.4), abs=0.02)
    else:
        assert drawn.x == pytest.approx((x(earliest) + x(earliest + dt.timedelta(days=1))) / 2, abs=0.1)


@pytest.mark.parametrize(
    "qualifier,css,direction,lead",
    [
        ("before", "cb-tl-before", -1, "by 2016-05-01"),
        ("after", "cb-tl-after", 1, "2016-05-01 or later"),
        ("about", "cb-tl-about", 0, "about 2016-05-01"),
        ("on", None, 0, "2016-05-01"),
    ],
)
def test_date_qualifiers_are_drawn_as_such(tmp_path, qualifier, css, direction, lead):
    event = {"date": "2016-05-01", "event": "Synthetic: qualified event."}
    if qualifier != "on":
        event["date_qualifier"] = qualifier
    timeline = timeline_for(tmp_path, timeline=[{"date": "2014", "event": "Synthetic: anchor."}, event])
    mark = timeline.marks[-1]
    assert mark.lead == lead
    drawn = [s for row, s in shapes_of(layout(timeline), "event") if row.anchor == "event-2"]
    classes = {c for s in drawn for c in s.css.split()}
    for other in {"cb-tl-before", "cb-tl-after", "cb-tl-about"} - {css}:
        assert other not in classes
    if css:
        assert css in classes
    if direction:
        (arrow,) = [s for s in drawn if s.kind == "line"]
        assert (arrow.x2 - arrow.x) * direction > 0, "the arrow points the wrong way"


def test_undated_events_are_listed_in_order_not_placed(tmp_path):
    timeline = timeline_for(
        tmp_path,
        timeline=[
            {"when": "early 2010s", "event": "Synthetic: first, undated."},
            {"date": "2014", "event": "Synthetic: dated."},
            {"event": "Synthetic: no date and no words."},
            {"when": "later", "event": "Synthetic: last, undated."},
            {"date": "2016-03", "event": "Synthetic: dated again."},
        ],
    )
    assert [m.anchor for m in timeline.marks if m.kind == "event"] == ["event-2", "event-5"]
    assert [(u.anchor, u.when) for u in timeline.unplaced] == [
        ("event-1", "early 2010s"),
        ("event-3", "date not given"),
        ("event-4", "later"),
        ("instrument-1", "no dates given"),
    ]
    assert (timeline.dated_events, timeline.events) == (2, 5)


# -- spans: instruments and proceedings ------------------------------------------------------


@pytest.mark.parametrize(
    "instrument,start,end,bar,stub",
    [
        ({"issued": "2015-03-02", "fate": "deleted", "fate_date": "2018-11-20"}, D(2015, 3, 2), D(2018, 11, 20), True, False),
        ({"issued": "2015", "fate": "deleted", "fate_date": "2017-06"}, D(2015, 1, 1), D(2017, 6, 1), True, False),
        ({"fate": "cancelled", "fate_date": "2017"}, None, D(2017, 1, 1), False, True),
        ({"issued": "2016", "fate": "published"}, D(2016, 1, 1), None, False, True),
    ],
)
def test_instruments_are_spans_from_issue_to_fate(tmp_path, instrument, start, end, bar, stub):
    timeline = timeline_for(
        tmp_path,
        instruments=[{"type": "red-notice", **instrument}],
        timeline=[{"date": "2015", "event": "Synthetic: anchor."}, {"date": "2018", "event": "Synthetic: anchor."}],
    )
    (mark,) = [m for m in timeline.marks if m.kind == "instrument"]
    assert mark.is_span and mark.anchor == "instrument-1"
    assert (mark.start.earliest if mark.start else None) == start
    assert (mark.end.earliest if mark.end else None) == end
    assert mark.runs_on == (instrument["fate"] == "published")
    picture = layout(timeline)
    drawn = [s for _, s in shapes_of(picture, "instrument")]
    bars = [s for s in drawn if "cb-tl-bar" in s.css]
    assert bool(bars) == bar
    assert any("cb-tl-stub" in s.css for s in drawn) == stub
    if bars:
        # the solid bar runs from the end of the issue date to the start of the fate date
        x = x_of(picture)

        def edges(when, x=x):  # a partial date's box, or the middle of a day (its dot is drawn over the bar)
            a, b = x(when.earliest), x(when.latest + dt.timedelta(days=1))
            return (a, b) if when.partial else ((a + b) / 2, (a + b) / 2)

        assert bars[0].x == pytest.approx(edges(mark.start)[1], abs=0.01)
        assert bars[0].x + bars[0].w == pytest.approx(edges(mark.end)[0], abs=0.02)


def test_proceedings_are_spans_from_filing_to_decision(tmp_path):
    timeline = timeline_for(
        tmp_path,
        proceedings=[
            {
                "forum": "national-court",
                "state": "DE",
                "kind": "extradition",
                "filed": "2019-06",
                "decided": "2020-01-15",
                "outcome": "extradition-refused",
            },
            {"forum": "ecthr", "kind": "human-rights-complaint", "outcome": "pending"},
        ],
    )
    (mark,) = [m for m in timeline.marks if m.kind == "proceeding"]
    assert (mark.start.earliest, mark.end.earliest) == (D(2019, 6, 1), D(2020, 1, 15))
    assert mark.lead.startswith("National court (Germany), Extradition proceedings: Extradition refused")
    assert mark.text == "filed 2019-06 → decided 2020-01-15"
    assert not [m for m in timeline.marks if m.kind == "limit"], "only a CCF request has CCF limits"
    assert [u.anchor for u in timeline.unplaced if u.kind == "proceeding"] == ["proceeding-2"]


# -- the CCF's statutory limits --------------------------------------------------------------


@pytest.mark.parametrize(
    "filed,access,deletion",
    [
        ("2016-02-10", (D(2016, 6, 10), D(2016, 6, 10)), (D(2016, 11, 10), D(2016, 11, 10))),
        ("2019-10-31", (D(2020, 2, 29), D(2020, 2, 29)), (D(2020, 7, 31), D(2020, 7, 31))),
        ("2020-03", (D(2020, 7, 1), D(2020, 7, 31)), (D(2020, 12, 1), D(2020, 12, 31))),
        ("2020", (D(2020, 5, 1), D(2021, 4, 30)), (D(2020, 10, 1), D(2021, 9, 30))),
    ],
)
def test_ccf_limits_are_drawn_from_the_filing_date(tmp_path, filed, access, deletion):
    timeline = timeline_for(tmp_path, proceedings=[{"forum": "ccf", "kind": "ccf-request", "filed": filed, "outcome": "pending"}])
    limits = [m for m in timeline.marks if m.kind == "limit"]
    assert [(m.end.earliest, m.end.latest) for m in limits] == [access, deletion]
    assert all(m.start.text == filed and m.anchor == "proceeding-1" for m in limits)
    assert [m.lead for m in limits] == [
        "CCF time limit, request for access:",
        "CCF time limit, request for correction or deletion:",
    ]
    assert timeline.has_ccf_limits
    picture = layout(timeline)
    (proceeding,) = [r for r in picture.rows if r.kind == "proceeding"]
    limit_rows = [r for r in picture.rows if r.kind == "limit"]
    for row in limit_rows:
        run = next(s for s in row.shapes if "cb-tl-run" in s.css)
        assert run.x == proceeding.x, "the limit runs from the filing date"
    ends = [next(s for s in row.shapes if "cb-tl-run" not in s.css) for row in limit_rows]
    assert ends[0].x < ends[1].x, "4 months comes before 9 months"


def test_ccf_request_without_a_filing_date_draws_no_limit(tmp_path):
    timeline = timeline_for(
        tmp_path,
        proceedings=[{"forum": "ccf", "kind": "ccf-request", "decided": "2018", "outcome": "data-deleted"}],
        timeline=[{"date": "2016", "event": "Synthetic: anchor."}],
    )
    assert not timeline.has_ccf_limits
    assert [m.kind for m in timeline.marks] == ["proceeding", "event"]


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (D(2020, 1, 31), 1, D(2020, 2, 29)),
        (D(2021, 1, 31), 1, D(2021, 2, 28)),
        (D(2019, 10, 31), 4, D(2020, 2, 29)),
        (D(2019, 12, 31), 9, D(2020, 9, 30)),
        (D(2016, 2, 10), 9, D(2016, 11, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


# -- too few dates, layout limits, page markup ------------------------------------------------


@pytest.mark.parametrize(
    "events,instruments,drawable",
    [
        ([{"event": "Synthetic: undated."}], [{"type": "red-notice", "fate": "unknown"}], False),
        ([{"date": "2016", "event": "Synthetic: one date."}], [{"type": "red-notice", "fate": "unknown"}], False),
        (
            [{"date": "2016", "event": "Synthetic: a."}, {"date": "2016", "event": "Synthetic: b."}],
            [{"type": "red-notice", "fate": "unknown"}],
            False,
        ),
        (
            [{"date": "2016", "event": "Synthetic: a."}, {"date": "2017", "event": "Synthetic: b."}],
            [{"type": "red-notice", "fate": "unknown"}],
            True,
        ),
        (
            [{"event": "Synthetic: undated."}],
            [{"type": "red-notice", "issued": "2016", "fate": "deleted", "fate_date": "2016"}],
            True,
        ),
    ],
)
def test_a_picture_needs_two_dates_or_a_span(tmp_path, events, instruments, drawable):
    collection, renderer, words = load(tmp_path, record(timeline=events, instruments=instruments))
    p = collection.precedents[0]
    assert timeline_of(p, words).drawable == drawable
    page = renderer.precedent_page(p)
    assert ('<svg class="cb-tl-svg' in page) == drawable
    assert ("too few dates to draw a timeline" in page) == (not drawable)


def test_every_mark_and_label_fits_its_picture(tmp_path):
    long = "Synthetic: " + " ".join(["a-long-word-that-wraps"] * 30)
    timeline = timeline_for(
        tmp_path,
        instruments=[{"type": "un-special-notice", "issued": "2001", "fate": "published"}],
        proceedings=[{"forum": "ccf", "kind": "ccf-request", "filed": "2024-12-31", "outcome": "pending"}],
        timeline=[
            {"date": "2001", "date_qualifier": "before", "event": long},
            {"date": "2024", "date_qualifier": "after", "event": long},
        ],
    )
    picture = layout(timeline)
    chars = int(320 / (0.6 * 13))  # a line of 13 px text fits the 320 px content box of a 360 px phone
    for row in picture.rows:
        assert 1 <= len(row.lines) <= 3
        for line in row.lines:
            assert len(f"{line.lead} {line.text}".strip()) <= chars, line
        for s in row.shapes:
            assert all(0 <= x <= 100 for x in (s.x, s.x + s.w, s.x2)), (row.anchor, s)
    assert [len(r.lines) for r in picture.rows if r.kind == "event"] == [3, 3], "long labels are cut at three lines"
    # year labels never crowd: 40 px apart on a phone (320 px) and, with the wide-only ones, on a desktop (680 px)
    for shown, px in (({"always"}, 320), ({"always", "wide"}, 680)):
        xs = [b.x for b in picture.years if b.label in shown]
        assert len(xs) >= 2
        assert all((x2 - x1) * px / 100 >= 40 for x1, x2 in zip(xs, xs[1:], strict=False)), (shown, xs)


def test_wrap_cuts_with_an_ellipsis():
    assert wrap("2016", "one two three", 40, 2) == [("2016", "one two three")]
    lines = wrap("Lead words", "alpha beta gamma delta epsilon zeta eta theta", 12, 2)
    assert len(lines) == 2 and lines[-1][1].endswith("…")
    assert all(len(" ".join(x for x in line if x)) <= 12 for line in lines)


def test_picture_markup_has_a_text_alternative(tmp_path):
    collection, renderer, _ = load(
        tmp_path,
        record(timeline=[{"date": "2014-05", "event": "Synthetic: a."}, {"date": "2016-02-03", "event": "Synthetic: b."}]),
    )
    page = renderer.precedent_page(collection.precedents[0])
    (svg,) = re.findall(r"<svg class=\"cb-tl-svg[^>]*>", page)
    assert 'role="img"' in svg and 'aria-describedby="timeline-list"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    assert re.search(rf'<title id="{title_id}">[^<]+</title>', page)
    desc = re.search(rf'<desc id="{desc_id}">([^<]+)</desc>', page).group(1)
    assert desc == (
        "2 dated events placed on a time axis from 2014 to 2016. 1 item without a date is listed after it. "
        "Every event is also listed in words below."
    )
    assert '<ol class="cb-timeline" id="timeline-list">' in page
    assert "fill=" not in page and "style=" not in page, "colours belong in the stylesheet"
