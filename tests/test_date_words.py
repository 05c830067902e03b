"""Spans of partial dates as the pages write them (pages/dates.py)."""

import pytest

from casebook.pages.dates import DateWords
from casebook.pages.derive import DetentionLength
from casebook.records.model import PartialDate


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2017-04", "2017-06", "April – June 2017"),  # a period of detention known to the month
        ("2016-11", "2017-02", "November 2016 – February 2017"),
        ("2013-06", "2013-06", "June 2013"),  # begun and ended within one month: said once
        ("2002", "2002", "2002"),
        ("2010-09-17", "2010-09-17", "17 September 2010"),
        ("2019", "2020", "2019–2020"),
        ("2021-07-19", "2021-07-20", "19–20 July 2021"),
        ("2018-11-27", "2018-12-11", "27 November – 11 December 2018"),
    ],
)
def test_a_span_shares_what_its_ends_share(start, end, expected):
    assert DateWords("en").span(PartialDate.parse(start), PartialDate.parse(end)) == expected


def test_a_month_span_in_russian_uses_the_month_name_on_its_own():
    text = DateWords("ru").span(PartialDate.parse("2017-04"), PartialDate.parse("2017-06"))
    assert text.startswith("апрель – ")


def test_a_detention_that_ended_the_day_it_began_is_less_than_a_day():
    assert DateWords("en").detention(DetentionLength(0, 0)) == "less than a day"
    assert DateWords("en").detention(DetentionLength(1, 1)) == "1 day"


@pytest.mark.parametrize(
    ("start", "end", "long", "short"),
    [
        ("2021-07-19", "2021-07-20", "19–20 July 2021", "19–20 Jul 2021"),
        ("2018-11-27", "2019-02-11", "27 November 2018 – 11 February 2019", "27 Nov 2018 – 11 Feb 2019"),
        ("2018-11-27", "2018-12-11", "27 November – 11 December 2018", "27 Nov – 11 Dec 2018"),
        ("2024-08", "2024-09", "August – September 2024", "Aug – Sept 2024"),
        ("2016-12", "2017-02", "December 2016 – February 2017", "Dec 2016 – Feb 2017"),
        ("2019", "2020", "2019–2020", "2019–2020"),
        ("2016-12", "2017-02-07", "December 2016 – 7 February 2017", "Dec 2016 – 7 Feb 2017"),
    ],
)
def test_spans_long_and_short(start, end, long, short):
    words = DateWords("en")
    assert words.span(PartialDate.parse(start), PartialDate.parse(end)) == long
    assert words.span(PartialDate.parse(start), PartialDate.parse(end), short=True) == short


def test_a_range_within_one_field_is_written_as_a_span():
    assert DateWords("en").date(PartialDate.parse("2024-08/2024-09")) == "August – September 2024"
