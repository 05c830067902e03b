"""Dates, lengths of time and numbers written the way each language writes them.

Consumes: ``PartialDate``s and ``Duration``s from the model, a language code and its
translated strings (``gettext``).
Produces: text, through Babel's CLDR data: "12 February 2016" and "12 февраля 2016 г.",
"February 2016" and "февраль 2016 г.", a range "19–20 July 2021", a span "27 November
2018 – 11 February 2019", lengths "76 days" and "76 дней" with the language's plural
forms. A date is never written more precisely than the record gives it: a month is a
month, a year a year. Where CLDR gives no form a language uses (a year alone: "2016 г."
in Russian), the form is a translated string, so a translator supplies it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from babel.units import format_unit

from ..records.model import Duration, PartialDate
from .derive import DetentionLength

# Casebook's language codes -> the CLDR locale whose conventions its dates follow.
# English dates are written day, month, year ("12 February 2016").
LOCALES = {"en": "en_GB"}


def locale_of(language: str) -> str:
    return LOCALES.get(language, language)


def source_plural(one: str, many: str, n: int) -> str:
    """English plural forms: the ngettext of the source language."""
    return one if n == 1 else many


@dataclass(frozen=True)
class DateWords:
    language: str = "en"
    gettext: Callable[[str], str] = str
    ngettext: Callable[[str, str, int], str] = source_plural

    @property
    def locale(self) -> str:
        return locale_of(self.language)

    # -- one date ------------------------------------------------------------------------

    def date(self, date: PartialDate | None, short: bool = False) -> str:
        """A date as precise as the record gives it; a range as a range."""
        if date is None:
            return ""
        if date.until:
            return self.span(date.start, date.until, short)
        return self._single(date, short)

    def _single(self, date: PartialDate, short: bool) -> str:
        day = date.earliest
        if date.precision == "day":
            return format_date(day, "medium" if short else "long", locale=self.locale)
        if date.precision == "month":
            return format_skeleton("yMMM" if short else "yMMMM", day, locale=self.locale)
        return self.gettext("{year}").format(year=date.year)

    # -- two dates -----------------------------------------------------------------------

    def span(self, start: PartialDate | None, end: PartialDate | None, short: bool = False) -> str:
        """From one date to another, sharing what they share: "19–20 July 2021",
        "27 November – 11 December 2018", "2019–2020"; an open end as "since ..."."""
        if start is None and end is None:
            return ""
        if end is None:
            return self.gettext("from {date}").format(date=self.date(start, short))
        if start is None:
            return self.gettext("until {date}").format(date=self.date(end, short))
        if start.until or end.until or start.precision != end.precision:
            return f"{self.date(start, short)} – {self.date(end, short)}"
        a, b = start.earliest, end.earliest
        if a == b:  # the same year, month or day at both ends: say it once
            return self._single(end, short)
        if start.precision == "year":
            return self.gettext("{start}–{end}").format(start=a.year, end=b.year)
        if start.precision == "month":
            if a.year == b.year:
                # The month standing alone ("August – September 2024"), as a pattern:
                # CLDR has no "LLLL" skeleton, so format_skeleton finds nothing for it.
                month = format_date(a, "LLL" if short else "LLLL", locale=self.locale)
                return f"{month} – {self._single(end, short)}"
            return f"{self._single(start, short)} – {self._single(end, short)}"
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{self._single(end, short)}"
        if a.year == b.year:
            return f"{format_skeleton('MMMd' if short else 'MMMMd', a, locale=self.locale)} – {self._single(end, short)}"
        return f"{self._single(start, short)} – {self._single(end, short)}"

    # -- lengths and numbers -------------------------------------------------------------

    def number(self, n: int) -> str:
        return format_decimal(n, locale=self.locale)

    def days(self, n: int) -> str:
        return format_unit(n, "duration-day", length="long", locale=self.locale)

    def months(self, n: int) -> str:
        return format_unit(n, "duration-month", length="long", locale=self.locale)

    def duration(self, duration: Duration | None) -> str:
        """ "60 days", "7 months", "1 year, 6 months"."""
        if duration is None:
            return ""
        parts = [
            (duration.years, "duration-year"),
            (duration.months, "duration-month"),
            (duration.weeks, "duration-week"),
            (duration.days, "duration-day"),
        ]
        return ", ".join(format_unit(n, unit, length="long", locale=self.locale) for n, unit in parts if n)

    def detention(self, length: DetentionLength | None) -> str:
        """How long the person was held, in all: "76 days", "about 43 months (1,292 to
        1,320 days)", "less than a day" (released the day of the arrest), or why the
        total cannot be given."""
        _ = self.gettext
        if length is None:
            return ""
        if not length.computable:
            return {
                "no-periods": _("length not reported"),
                "no-end": _("total length not known: the end of period {n} is not reported").format(n=length.period),
                "no-start": _("total length not known: the start of period {n} is not reported").format(n=length.period),
            }[length.reason]
        if length.days_max == 0:  # arrested and released on the same day
            return _("less than a day")
        days = self.days(length.days_min)
        if length.days_min == length.days_max:
            return _("about {length}").format(length=days) if length.approximate else days
        low, high = self.number(length.days_min), self.number(length.days_max)
        between = _("{low} to {high} days").format(low=low, high=high)
        if length.days_min >= 60:
            return _("about {months} ({days})").format(months=self.months(length.months), days=between)
        return between
