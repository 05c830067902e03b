"""Dates and spans in words: each shape of partial date and range the schema allows is
written without error and no more precisely than the record gives it."""

import pytest

from casebook.pages.dates import DateWords
from casebook.records.model import PartialDate


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
def test_spans_in_english(start, end, long, short):
    words = DateWords("en")
    assert words.span(PartialDate.parse(start), PartialDate.parse(end)) == long
    assert words.span(PartialDate.parse(start), PartialDate.parse(end), short=True) == short


def test_a_range_within_one_field_is_written_as_a_span():
    assert DateWords("en").date(PartialDate.parse("2024-08/2024-09")) == "August – September 2024"
