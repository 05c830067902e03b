"""The languages the site is built in, and everything a page needs to speak one.

Consumes: the project's gettext catalogues, ``docs/locales/<code>.po`` (one per
language besides English, the language of the source strings), read with Babel; a
language code.
Produces: ``languages(locales_dir)``, the codes the site is built in (English first,
then one per catalogue, so adding a language is adding files); and a ``Language``:
``_`` and ``n_`` (gettext and ngettext, with the language's plural forms), dates and
lengths (``dates``: ``DateWords``), country names (CLDR's, through Babel, for every
language but English, whose names readers and our sources use are kept), record text
in the language or, where a text has no translation, the English with a mark
(``text``/``translated``), and its display name ("русский") for the language switch.
Codes (vocabulary codes, country codes, filter keys) are never translated.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ...records.countries import country_in
from ...records.model import Text
from ..dates import DateWords

SOURCE_LANGUAGE = "en"

CATALOGUE_DOMAIN = "casebook"


def languages(locales_dir: Path | None) -> tuple[str, ...]:
    """English first (at the site's root), then every language with a catalogue, by code."""
    found = sorted(p.stem for p in Path(locales_dir).glob("*.po")) if locales_dir and Path(locales_dir).is_dir() else []
    return (SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE])


@cache
def _translations(po_path: Path | None, mtime: float) -> NullTranslations:
    """A compiled catalogue (compiled in memory: no .mo file is kept in the repository)."""
    if po_path is None:
        return NullTranslations()
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, domain=CATALOGUE_DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # a fuzzy entry is not a translation yet
    buffer.seek(0)
    return Translations(buffer, domain=CATALOGUE_DOMAIN)


@dataclass(frozen=True)
class Language:
    code: str = SOURCE_LANGUAGE
    translations: NullTranslations = field(default_factory=NullTranslations, repr=False, compare=False)

    @classmethod
    def load(cls, code: str, locales_dir: Path | None = None) -> Language:
        po = Path(locales_dir) / f"{code}.po" if locales_dir and code != SOURCE_LANGUAGE else None
        if po is not None and not po.exists():
            po = None
        return cls(code, _translations(po, po.stat().st_mtime if po else 0.0))

    # -- interface strings ---------------------------------------------------------------

    def _(self, message: str) -> str:
        return self.translations.gettext(message) if message else message

    def p_(self, context: str, message: str) -> str:
        """``message`` as translated for ``context``: where a place needs other words than
        the same English elsewhere (a sharing card's short labels)."""
        return self.translations.pgettext(context, message) if message else message

    def n_(self, singular: str, plural: str, n: int, **values) -> str:
        """The form for ``n`` (1 прецедент, 2 прецедента, 5 прецедентов), with {n} and any
        other ``values`` filled in."""
        return self.translations.ngettext(singular, plural, n).format(n=self.dates.number(n), **values)

    def plural_categories(self, singular: str, plural: str) -> dict[str, str]:
        """The forms of a plural message by CLDR plural category ("one", "few", "many",
        "other"), for a browser's ``Intl.PluralRules`` (search.js): each category's form is
        the catalogue's for the numbers CLDR puts in it ({n} left in place)."""
        rules = Locale.parse(self.code).plural_form
        forms: dict[str, str] = {}
        for n in range(0, 200):
            forms.setdefault(rules(n), self.translations.ngettext(singular, plural, n))
        return forms

    @property
    def dates(self) -> DateWords:
        return DateWords(self.code, self._, self.translations.ngettext)

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    @property
    def name(self) -> str:
        """The language's own name for itself, for the language switch: "English", "русский"."""
        return Locale.parse(self.code).get_display_name(self.code) or self.code

    @property
    def locale(self) -> str:
        return self.dates.locale

    # -- data ----------------------------------------------------------------------------

    def country(self, code: str) -> str:
        return country_in(self.code, code)

    def text(self, value: Text | None) -> str:
        """A text in this language, or in its source language where it has no translation."""
        return value.get(self.code) if value is not None else ""

    def translated(self, value: Text | None) -> bool:
        """Whether ``value`` reads in this language (a text written in it, or translated)."""
        return value is None or value.has(self.code)


ENGLISH = Language()
