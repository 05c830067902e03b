"""Charts for the statistics page: counts turned into positioned bars and shaded cells.

Consumes: ``Count`` rows from ``derive.statistics`` and, for each row, the link to the
search that lists its precedents (or None).
Produces: ``BarChart`` (bars, or columns for years) for
``templates/_partials/bar_chart_svg.md.j2``, heat levels for the
requesting-state-by-outcome table, and ``stats_context``: everything
``templates/stats.md.j2`` shows, with the search links. A bar chart's SVG has no viewBox: bars are
sized in per cent of its width and text and rows in pixels, so one picture keeps its
text readable from a 360 px phone to a desktop instead of scaling it down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .derive import Count, Statistics
from .i18n.markers import N_

ROW = 36  # pixels per bar: a label line, then the bar
FONT = 13
BAR = 10
LABEL_CHARS = 38  # longer labels are shortened in the picture; the table has them in full
HEAT_LEVELS = 4

# chart id -> title (translatable); the ids are derive.STATISTICS_FACETS and "ccf"
CHART_TITLES = {
    "requesting-state": N_("Precedents by requesting state"),
    "instrument": N_("Precedents by instrument"),
    "forum": N_("Precedents by forum"),
    "outcome": N_("Precedents by outcome"),
    "year": N_("Precedents by year"),
    "ccf": N_("Proceedings before the CCF, by outcome"),
}


@dataclass(frozen=True)
class Bar:
    code: str
    label: str  # in full, for the table
    short_label: str  # for the picture
    count: int
    width: float  # per cent of the chart's width
    label_y: int
    bar_y: int
    link: str | None


@dataclass(frozen=True)
class Column:
    """One column of a column chart (years); x and width in per cent, y and height in pixels."""

    label: str
    count: int
    x: float
    width: float
    centre: float
    label_x: float  # where its year label is anchored: labels at the edges stay inside the picture
    anchor: str  # start, middle or end
    y: float
    height: float
    labelled: bool  # years are thinned out so labels never overlap on a phone
    counted: bool  # counts above columns only when every column has room for one
    link: str | None


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    column: str  # the table's first column heading
    description: str  # the numbers in words, for the SVG's <desc>
    bars: tuple[Bar, ...]
    height: int
    bar_height: int = BAR
    kind: str = "bars"  # or "columns"
    columns: tuple[Column, ...] = ()
    baseline: float = 0
    label_y: float = 0
    top: float = 0  # y of the tallest column's top
    peak: int = 0  # the tallest column's count, written at its height when columns carry no counts


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, column: str, counts, link_for: Callable[[Count], str | None]) -> BarChart:
    highest = max((c.count for c in counts), default=0) or 1
    bars = tuple(
        Bar(
            code=c.code,
            label=c.label,
            short_label=shorten(c.label),
            count=c.count,
            width=round(100 * c.count / highest, 1),
            label_y=n * ROW + FONT + 2,
            bar_y=n * ROW + FONT + 8,
            link=link_for(c),
        )
        for n, c in enumerate(counts)
    )
    description = "; ".join(f"{c.label}: {c.count}" for c in counts)
    return BarChart(chart_id, title, column, f"{title}. {description}.", bars, len(bars) * ROW + 4)


COLUMN_TOP = 18  # room for a count above the tallest column
COLUMN_PLOT = 140
COLUMN_LABELS = 8  # at most this many year labels, so they fit 320 px


def column_chart(chart_id: str, title: str, column: str, counts, link_for: Callable[[Count], str | None]) -> BarChart:
    """Counts in order (years) as columns; the same rows as a bar chart for the table."""
    chart = bar_chart(chart_id, title, column, counts, link_for)
    highest = max((c.count for c in counts), default=0) or 1
    n = max(len(counts), 1)
    slot = 100 / n
    every = -(-n // COLUMN_LABELS)
    columns = []
    for i, c in enumerate(counts):
        first, last = i == 0 and n > 1, i == n - 1 and n > 1
        h = COLUMN_PLOT * c.count / highest
        columns.append(
            Column(
                label=c.label,
                count=c.count,
                x=round(i * slot + slot * 0.15, 2),
                width=round(slot * 0.7, 2),
                centre=round((i + 0.5) * slot, 2),
                label_x=round(i * slot + slot * (0.15 if first else 0.85 if last else 0.5), 2),
                anchor="start" if first else "end" if last else "middle",
                y=round(COLUMN_TOP + COLUMN_PLOT - h, 1),
                height=round(h, 1),
                labelled=i % every == 0,
                counted=every == 1,
                link=link_for(c),
            )
        )
    baseline = COLUMN_TOP + COLUMN_PLOT
    return BarChart(
        chart.id,
        chart.title,
        chart.column,
        chart.description,
        chart.bars,
        height=baseline + 24,
        kind="columns",
        columns=tuple(columns),
        baseline=baseline,
        label_y=baseline + 17,
        top=COLUMN_TOP,
        peak=highest if every > 1 else 0,
    )


def heat_level(count: int, highest: int) -> int:
    """0 for nothing, else 1..HEAT_LEVELS in proportion to the largest cell (rounded up)."""
    if count <= 0 or highest <= 0:
        return 0
    return -(-HEAT_LEVELS * count // highest)


# -- what the template gets ---------------------------------------------------------------


def stats_context(
    stats: Statistics,
    gettext: Callable[[str], str],
    facet_titles: dict,
    search_link: Callable[..., str],
) -> dict:
    """Charts, the CCF share and the state-by-outcome table for templates/stats.md.j2.

    ``search_link((facet, code), ...)`` gives the search page's address with those filters.
    """
    _ = gettext
    charts = {
        facet: (column_chart if facet == "year" else bar_chart)(
            facet, _(CHART_TITLES[facet]), _(facet_titles[facet]), counts, lambda c, facet=facet: search_link((facet, c.code))
        )
        for facet, counts in stats.by_facet.items()
    }
    # the search filters precedents, not the outcome of one proceeding: no links here
    ccf_title = CHART_TITLES["ccf"]
    charts["ccf"] = bar_chart("ccf", _(ccf_title), _("Outcome"), stats.ccf.by_outcome, lambda c: None)
    highest = max(stats.matrix.values(), default=0)
    rows = []
    for state in stats.matrix_states:
        cells = []
        for outcome in stats.matrix_outcomes:
            count = stats.matrix.get((state.code, outcome.code), 0)
            link = search_link(("requesting-state", state.code), ("outcome", outcome.code)) if count else None
            cells.append({"count": count, "level": heat_level(count, highest), "link": link})
        rows.append({"label": state.label, "link": search_link(("requesting-state", state.code)), "cells": cells})
    matrix = {
        "columns": [{"label": c.label, "link": search_link(("outcome", c.code))} for c in stats.matrix_outcomes],
        "rows": rows,
    }
    return {"stats": stats, "charts": charts, "matrix": matrix, "ccf_link": search_link(("forum", "ccf"))}
