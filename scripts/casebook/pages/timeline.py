"""Timeline pictures: what a precedent's record lets us place on a time axis, and where.

Consumes: a ``Precedent`` (its timeline events, instruments and proceedings) and the
words to label them with (``Words``: vocabulary labels, translated template strings,
prose as plain text).
Produces:
- ``timeline_of(precedent, words)`` -> ``Timeline``: the marks that can be placed
  (events as points, instruments as spans from issue to fate, proceedings as spans
  from filing to decision, periods of detention as spans from start to end, and the
  CCF's statutory time limits counted from a CCF request's filing date), each with the earliest and latest day the record allows;
  what cannot be placed (undated events, undated instruments and proceedings), in
  record order; and whether there are enough dates to draw at all.
- ``layout(timeline)`` -> ``Picture``: rows of shapes for one SVG that fits any
  screen: x in per cent of its width, rows and text in pixels, so labels keep a
  readable size on a phone and on a desktop.
- ``timeline_figure(precedent, words)`` -> the context of
  ``templates/_partials/timeline_svg.md.j2``: the picture, what could not be placed,
  the picture's text alternative, or the sentence that replaces a picture when the
  record has too few dates.

Honesty rules drawn from the record, not guessed:
- A date given to the year or month is drawn as a pale, dashed box over that whole
  year or month, never as its first day; a date given as a range ("19-20 July 2021")
  as a box over the range.
- ``date_qualifier``: ``before`` is drawn as "by this date" (an arrow pointing back),
  ``after`` as "at this date or later" (an arrow pointing on), ``about`` hollow and
  dashed. Undated events are not placed; they are listed after the picture, in order.
- The CCF's limits (CCF Statute Art 40: 4 months for an access request, 9 months for
  a correction or deletion request) run from the date a request became admissible,
  which the records do not give; they are drawn from the filing date, so the real
  deadline falls on or after the one drawn. The records do not say whether a CCF
  request asked for access or for deletion, so both limits are drawn and labelled.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..records.model import PartialDate, Precedent, Text
from .dates import source_plural
from .i18n.markers import N_

# Forum and kind that make a proceeding a request to the CCF.
CCF_FORUM = "ccf"
CCF_KIND = "ccf-request"
# (months, what kind of request the limit applies to): CCF Statute Art 40, see the
# fact sheet section 4.3 (sources S60, S58).
CCF_LIMITS = ((4, N_("access")), (9, N_("correction or deletion")))

# Where the limits are stated (fact sheet section 4.3: sources S60 and S58).
CCF_LIMIT_SOURCES = (
    ("legal-status.eu", "https://legal-status.eu/en/services/interpol/processing-conditions/"),
    (
        "Red Notice Law Journal",
        "https://www.rednoticelawjournal.com/2026/02/lyon-france-interpols-ccf-annual-activity-report-for-2024-growing-requestspost-1-of-3",
    ),
)

# Fates and outcomes after which an instrument or proceeding was still running when last reported.
STILL_RUNNING = {"published", "blocked", "pending"}


@dataclass(frozen=True)
class Words:
    """How marks are labelled: functions the renderer already has."""

    label: Callable[[str, str], str]  # (vocabulary, code) -> label
    country: Callable[[str], str]  # ISO code -> name
    gettext: Callable[[str], str]
    plain: Callable[[Text | None], str]
    date: Callable[[PartialDate], str] = str  # a date in words, as precise as the record gives it
    ngettext: Callable[[str, str, int], str] = source_plural  # (singular, plural, n) -> the form for n


@dataclass(frozen=True)
class When:
    """A point in time as precisely as the record gives it: some day in [earliest, latest]."""

    earliest: dt.date
    latest: dt.date
    precision: str  # day, month, year or range
    qualifier: str = "on"  # on, about, before, after
    text: str = ""  # as shown to readers

    @classmethod
    def of(cls, date: PartialDate, words: Words, qualifier: str = "on") -> When:
        return cls(date.earliest, date.latest, date.precision, qualifier, words.date(date))

    @property
    def partial(self) -> bool:
        return self.precision != "day"


@dataclass(frozen=True)
class Mark:
    """One row of the picture."""

    kind: str  # event, instrument, proceeding, limit or detention
    anchor: str  # where the mark is described on the page, e.g. "instrument-1"
    lead: str  # shown first, in bold: an event's date, or what an instrument or proceeding is
    text: str  # the rest: what happened, or the dates of a span
    start: When | None  # for an event: its date; for a span: issue or filing
    end: When | None = None  # for a span: fate or decision; None for a point
    is_span: bool = False
    runs_on: bool = False  # a span still running when last reported


@dataclass(frozen=True)
class Unplaced:
    """Something the record gives no date for, in words."""

    kind: str
    anchor: str
    when: str
    text: str


@dataclass(frozen=True)
class Timeline:
    # instruments, then proceedings (each CCF request followed by its limits), then periods of detention, then events
    marks: tuple[Mark, ...]
    unplaced: tuple[Unplaced, ...]  # undated events in record order, then undated instruments and proceedings
    first: dt.date | None
    last: dt.date | None
    has_ccf_limits: bool
    dated_events: int
    events: int

    @property
    def drawable(self) -> bool:
        """At least two distinct placed dates, or one span: otherwise a picture says nothing."""
        points = {(w.earliest, w.latest) for m in self.marks for w in (m.start, m.end) if w}
        return len(points) >= 2 or any(m.is_span and m.start and m.end for m in self.marks)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date_text(when: When, words: Words) -> str:
    _ = words.gettext
    return {
        "on": when.text,
        "about": _("about {date}").format(date=when.text),
        "before": _("by {date}").format(date=when.text),
        "after": _("{date} or later").format(date=when.text),
    }[when.qualifier]


def _span_text(start: When | None, end: When | None, start_word: str, end_word: str, runs_on: bool, words: Words) -> str:
    """E.g. "filed 2019-03 → decided 2020", "issued 2018 → end not dated"."""
    _ = words.gettext
    first = f"{start_word} {start.text}" if start else _("{what}: date not given").format(what=start_word)
    if end:
        second = f"{end_word} {end.text}".strip()
    elif runs_on:
        second = _("still running when last reported")
    else:
        second = _("end not dated")
    return f"{first} → {second}"


def _place_span(kind: str, anchor: str, what: str, span: tuple, words: Words, marks: list, unplaced: list) -> None:
    """An instrument (issued -> fate) or a proceeding (filed -> decided): a span on the axis,
    or, with neither date, a line in the list of what cannot be placed."""
    begun, ended, still_running, start_word, end_word = span
    if begun is None and ended is None:
        unplaced.append(Unplaced(kind, anchor, words.gettext("no dates given"), what))
        return
    start = When.of(begun, words) if begun else None
    end = When.of(ended, words) if ended else None
    runs_on = end is None and still_running
    text = _span_text(start, end, start_word, end_word, runs_on, words)
    marks.append(Mark(kind, anchor, what, text, start, end, is_span=True, runs_on=runs_on))


def timeline_of(p: Precedent, words: Words) -> Timeline:
    _ = words.gettext
    marks: list[Mark] = []
    unplaced_events: list[Unplaced] = []
    unplaced_other: list[Unplaced] = []

    for number, i in enumerate(p.instruments, start=1):
        what = f"{words.label('instrument_types', i.type)}: {words.label('instrument_fates', i.fate)}"
        anchor = f"instrument-{number}"
        span = (i.issued, i.fate_date, i.fate in STILL_RUNNING, _("issued"), "")
        _place_span("instrument", anchor, what, span, words, marks, unplaced_other)

    for number, x in enumerate(p.proceedings, start=1):
        forum = words.label("forums", x.forum) + (f" ({words.country(x.state)})" if x.state else "")
        what = f"{forum}, {words.label('proceeding_kinds', x.kind)}: {words.label('outcomes', x.outcome)}"
        anchor = f"proceeding-{number}"
        span = (x.filed, x.decided, x.outcome in STILL_RUNNING, _("filed"), _("decided"))
        _place_span("proceeding", anchor, what, span, words, marks, unplaced_other)
        if x.filed and (x.forum == CCF_FORUM or x.kind == CCF_KIND):
            for months, request in CCF_LIMITS:
                due = When(
                    add_months(x.filed.earliest, months),
                    add_months(x.filed.latest, months),
                    x.filed.precision,
                )
                marks.append(
                    Mark(
                        "limit",
                        anchor,
                        _("CCF time limit, request for {request}:").format(request=_(request)),
                        words.ngettext(
                            "{months} month after filing on {date}", "{months} months after filing on {date}", months
                        ).format(months=months, date=words.date(x.filed)),
                        When.of(x.filed, words),
                        due,
                        is_span=True,
                    )
                )

    for number, period in enumerate(p.detention.periods if p.detention else (), start=1):
        what = words.label("detention_bases", period.basis) + (f" ({words.country(period.state)})" if period.state else "")
        # A period with a length but no end is drawn to its start only: the length is in words.
        span = (period.start, period.end, False, _("from"), _("until"))
        _place_span("detention", f"detention-{number}", what, span, words, marks, unplaced_other)

    dated = 0
    for number, e in enumerate(p.timeline, start=1):
        anchor = f"event-{number}"
        text = words.plain(e.event)
        if e.date is None:
            unplaced_events.append(Unplaced("event", anchor, words.plain(e.when) if e.when else _("date not given"), text))
            continue
        dated += 1
        when = When.of(e.date, words, e.date_qualifier)
        marks.append(Mark("event", anchor, _date_text(when, words), text, when))

    days = [d for m in marks for w in (m.start, m.end) if w for d in (w.earliest, w.latest)]
    return Timeline(
        marks=tuple(marks),
        unplaced=tuple(unplaced_events + unplaced_other),
        first=min(days) if days else None,
        last=max(days) if days else None,
        has_ccf_limits=any(m.kind == "limit" for m in marks),
        dated_events=dated,
        events=len(p.timeline),
    )


# -- layout -------------------------------------------------------------------------------
#
# One picture for every screen: x positions are per cent of the picture's width, while
# rows, text and marks are in pixels. The text keeps its size from a 360 px phone to a
# desktop (a scaled viewBox would shrink it to a third on a phone), and labels are
# wrapped to fit the narrowest screen.

FONT = 13  # label size, px
LINE = 17
LABEL_WIDTH = 320  # px: labels wrap to fit a 360 px phone's content box
CHAR = 0.6 * FONT  # a generous average glyph width, so wrapped lines fit in any sans font
MAX_LINES = 3
BAND = 18  # height of the strip a mark is drawn in
ROW_GAP = 10
HEADING = 24
AXIS = 26  # room for the year labels at the top
LEFT, RIGHT = 1.5, 98.5  # the time axis, per cent of the width
STUB = 4.0  # per cent: a "date not given" or "still running" stub
ARROW = 5.0  # per cent: a before/after arrow
MIN_BOX = 0.4  # per cent: a month in a long span stays visible (its dashed outline adds a pixel)
YEAR_LABEL_PX = 40  # room a year label needs
NARROW_PX, WIDE_PX = 320, 680  # content widths of a phone and a desktop


@dataclass(frozen=True)
class Shape:
    """One SVG element: ``kind`` rect, circle or line; x values in per cent, y in pixels."""

    kind: str
    css: str
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    x2: float = 0
    y2: float = 0
    r: float = 0
    marker: str = ""  # "start" or "end": where a line carries an arrowhead


@dataclass(frozen=True)
class Line:
    y: int
    lead: str  # the bold part of the line (the mark's lead may wrap over lines)
    text: str


@dataclass(frozen=True)
class Row:
    kind: str
    anchor: str
    lines: tuple[Line, ...]
    shapes: tuple[Shape, ...]
    x: float  # the first possible day of the mark (its start, or its end when the start is not given)


@dataclass(frozen=True)
class YearBand:
    x: float
    w: float
    year: int
    label: str  # "always", "wide" (only where there is room) or "" (none)
    shaded: bool


@dataclass(frozen=True)
class Heading:
    y: int
    text: str


@dataclass(frozen=True)
class Picture:
    height: int
    left: float
    right: float
    label_y: int
    grid_top: int
    grid_bottom: int
    years: tuple[YearBand, ...]
    months: tuple[float, ...]  # x of month lines, when one or two years are shown
    headings: tuple[Heading, ...]
    rows: tuple[Row, ...]

    @property
    def classes(self) -> frozenset[str]:
        """Every CSS class the marks use: the legend explains only what is drawn."""
        shapes = {c for row in self.rows for shape in row.shapes for c in shape.css.split()}
        return frozenset(shapes | {f"cb-tl-{row.kind}" for row in self.rows})

    @property
    def arrowheads(self) -> tuple[str, ...]:
        """Kinds of row whose lines end in an arrowhead: one <marker> each."""
        return tuple(sorted({row.kind for row in self.rows for shape in row.shapes if shape.marker}))


def _r(value: float) -> float | int:
    """Two decimals of a per cent (a third of a pixel on a desktop), and none when they are zero."""
    value = round(value, 2)
    return int(value) if value == int(value) else value


def wrap(lead: str, text: str, width_chars: int, max_lines: int) -> list[tuple[str, str]]:
    """Greedy word wrap of ``lead`` (bold) followed by ``text``: lines of (lead part, text part).

    At most ``max_lines``; a cut line ends in an ellipsis (the full text is on the page).
    """
    words = [(w, True) for w in lead.split()] + [(w, False) for w in text.split()]
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0
    for word, bold in words:
        if lines[-1] and used + 1 + len(word) > width_chars:
            lines.append([])
            used = 0
        used += len(word) + (1 if lines[-1] else 0)
        lines[-1].append((word, bold))
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    if cut:
        last = lines[-1]
        while last and sum(len(w) + 1 for w, _ in last) + 1 > width_chars:
            last.pop()
        last.append(("…", False))
    return [(" ".join(w for w, bold in line if bold), " ".join(w for w, bold in line if not bold)) for line in lines if line]


class _Scale:
    """Days to per cent of the width, over whole years."""

    def __init__(self, first: dt.date, last: dt.date):
        self.start = dt.date(first.year, 1, 1)
        self.end = dt.date(last.year + 1, 1, 1)
        self.days = (self.end - self.start).days

    def x(self, day: dt.date) -> float:
        return LEFT + (day - self.start).days / self.days * (RIGHT - LEFT)

    def box(self, when: When) -> tuple[float, float]:
        """From the start of its first possible day to the end of its last."""
        return self.x(when.earliest), self.x(when.latest + dt.timedelta(days=1))


def _moment_shapes(when: When, scale: _Scale, cy: int) -> tuple[list[Shape], float, float]:
    """A day as a dot, a month or year as a dashed box; returns shapes and the left/right edges."""
    a, b = scale.box(when)
    extra = " cb-tl-about" if when.qualifier == "about" else ""
    if when.partial:
        w = max(b - a, MIN_BOX)
        return [Shape("rect", f"cb-tl-range{extra}", x=_r(a), y=cy - 7, w=_r(w), h=14)], a, a + w
    mid = (a + b) / 2
    return [Shape("circle", f"cb-tl-point{extra}", x=_r(mid), y=cy, r=5)], mid, mid


def _line(css: str, x1: float, x2: float, cy: int, marker: str = "") -> Shape:
    return Shape("line", css, x=_r(x1), y=cy, x2=_r(x2), y2=cy, marker=marker)


def _mark_shapes(mark: Mark, scale: _Scale, cy: int) -> list[Shape]:
    """Lines first, so dots and boxes are drawn over their ends."""
    if not mark.is_span:
        shapes, a, b = _moment_shapes(mark.start, scale, cy)
        if mark.start.qualifier == "before":
            shapes.insert(0, _line("cb-tl-arrow cb-tl-before", a, max(0, a - ARROW), cy, "end"))
        elif mark.start.qualifier == "after":
            shapes.insert(0, _line("cb-tl-arrow cb-tl-after", b, min(100, b + ARROW), cy, "end"))
        return shapes
    if mark.kind == "limit":
        # a dotted run from filing to the limit, then the limit itself (a tick, or a box when the filing date is partial)
        a, b = scale.box(mark.end)
        shapes = [_line("cb-tl-run", scale.x(mark.start.earliest), a, cy)]
        if mark.end.partial:
            shapes.append(Shape("rect", "cb-tl-range", x=_r(a), y=cy - 7, w=_r(max(b - a, MIN_BOX)), h=14))
        else:
            shapes.append(Shape("line", "cb-tl-tick", x=_r(a), y=cy - 8, x2=_r(a), y2=cy + 8))
        return shapes
    lines: list[Shape] = []
    marks: list[Shape] = []
    start_edges = end_edges = None
    if mark.start:
        found, a, b = _moment_shapes(mark.start, scale, cy)
        marks += found
        start_edges = (a, b)
    if mark.end:
        found, a, b = _moment_shapes(mark.end, scale, cy)
        marks += found
        end_edges = (a, b)
    if start_edges and end_edges and end_edges[0] > start_edges[1]:
        x, w = start_edges[1], end_edges[0] - start_edges[1]
        lines.append(Shape("rect", "cb-tl-bar", x=_r(x), y=cy - 4, w=_r(w), h=8))
    if start_edges is None:  # start not given: a dashed lead-in, no arrowhead (we do not know how long)
        lines.append(_line("cb-tl-stub", max(0, end_edges[0] - STUB), end_edges[0], cy))
    if end_edges is None:  # end not given: a dashed tail, with an arrowhead if it was still running
        x = start_edges[1]
        lines.append(_line("cb-tl-stub", x, min(100, x + STUB), cy, "end" if mark.runs_on else ""))
    return lines + marks


SECTION_TITLES = {
    "instrument": N_("Notices and other instruments"),
    "proceeding": N_("Proceedings"),
    "detention": N_("Detention"),
    "event": N_("Events"),
}


YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)


def _year_step(per_year_px: float, dividing: int | None = None) -> int:
    """Label every n-th year so labels are 40 px apart; on a desktop, a divisor of the phone's n."""
    return next(s for s in YEAR_STEPS if per_year_px * s >= YEAR_LABEL_PX and (dividing is None or dividing % s == 0))


def layout(timeline: Timeline, gettext: Callable[[str], str] = str, max_lines: int = MAX_LINES) -> Picture:
    """Positions for the picture. Call only when ``timeline.drawable``."""
    scale = _Scale(timeline.first, timeline.last)
    chars = int(LABEL_WIDTH / CHAR)

    years = []
    year_count = scale.end.year - scale.start.year
    share = (RIGHT - LEFT) / 100 / year_count  # of the width, per year
    narrow = _year_step(share * NARROW_PX)
    wide = _year_step(share * WIDE_PX, dividing=narrow)
    for year in range(scale.start.year, scale.end.year):
        x = scale.x(dt.date(year, 1, 1))
        w = scale.x(dt.date(year + 1, 1, 1)) - x
        label = "always" if year % narrow == 0 or year_count == 1 else "wide" if year % wide == 0 else ""
        years.append(YearBand(_r(x), _r(w), year, label, year % 2 == 1))
    months = ()
    if year_count <= 2:
        months = tuple(
            _r(scale.x(dt.date(year, month, 1))) for year in range(scale.start.year, scale.end.year) for month in range(2, 13)
        )

    y = AXIS
    rows: list[Row] = []
    headings: list[Heading] = []
    section = None
    for mark in timeline.marks:
        kind = "proceeding" if mark.kind == "limit" else mark.kind
        if kind != section:
            section = kind
            headings.append(Heading(y + FONT, gettext(SECTION_TITLES[kind])))
            y += HEADING
        wrapped = wrap(mark.lead, mark.text, chars, max_lines)
        lines = tuple(Line(y + FONT + n * LINE, lead, text) for n, (lead, text) in enumerate(wrapped))
        y += len(lines) * LINE + 2
        cy = y + BAND // 2
        first_day = (mark.start or mark.end).earliest
        rows.append(Row(mark.kind, mark.anchor, lines, tuple(_mark_shapes(mark, scale, cy)), _r(scale.x(first_day))))
        y += BAND + ROW_GAP
    return Picture(
        height=y + 4,
        left=LEFT,
        right=RIGHT,
        label_y=FONT + 4,
        grid_top=AXIS - 4,
        grid_bottom=y,
        years=tuple(years),
        months=months,
        headings=tuple(headings),
        rows=tuple(rows),
    )


# -- what the template gets ---------------------------------------------------------------


def timeline_figure(p: Precedent, words: Words) -> dict:
    """What templates/_partials/timeline_svg.md.j2 draws: the layouts, the unplaced items, the words."""
    _ = words.gettext
    timeline = timeline_of(p, words)
    figure = {
        "drawable": timeline.drawable,
        "has_ccf_limits": timeline.has_ccf_limits,
        "limit_sources": [{"title": title, "url": url} for title, url in CCF_LIMIT_SOURCES],
        "unplaced_events": [u for u in timeline.unplaced if u.kind == "event"],
        "unplaced_other": [u for u in timeline.unplaced if u.kind != "event"],
        "too_few": _(
            "The sources give too few dates to draw a timeline: {dated} of {events} events carry a date. "
            "The events are listed in words below."
        ).format(dated=timeline.dated_events, events=timeline.events),
    }
    if not timeline.drawable:
        return figure | {"picture": None, "description": ""}
    placed = []
    n_ = words.ngettext
    for kind, counted in (
        ("event", lambda n: n_("{n} dated event", "{n} dated events", n)),
        ("instrument", lambda n: n_("{n} notice or other instrument", "{n} notices or other instruments", n)),
        ("proceeding", lambda n: n_("{n} proceeding", "{n} proceedings", n)),
        ("detention", lambda n: n_("{n} period of detention", "{n} periods of detention", n)),
    ):
        n = sum(1 for m in timeline.marks if m.kind == kind)
        if n:
            placed.append(counted(n).format(n=n))
    sentences = [
        _("{marks} placed on a time axis from {first} to {last}.").format(
            marks=", ".join(placed), first=timeline.first.year, last=timeline.last.year
        )
    ]
    unplaced = len(timeline.unplaced)
    if unplaced:
        sentences.append(
            n_("{n} item without a date is listed after it.", "{n} items without a date are listed after it.", unplaced).format(
                n=unplaced
            )
        )
    sentences.append(_("Every event is also listed in words below."))
    figure["description"] = " ".join(sentences)
    figure["picture"] = layout(timeline, _)
    return figure
