"""Country names for ISO 3166-1 alpha-2 codes, as readers know them.

Consumes: pycountry's ISO data.
Produces: ``country_name(code)``: the common short name ("Russia", not "Russian
Federation"); ``country_in(language, code)``: the name in a language, CLDR's (through
Babel) for every language but English; ``code_for(text)``: the code a contributor meant when they wrote a name
("Lithuania" -> LT), an alpha-3 code (RUS -> RU) or a common mistake (UK -> GB), for
"did you mean" hints. Codes stay canonical in data and filters; only labels change here.
"""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

# Where ISO's name is not the one readers and our sources use.
SHORT_NAMES = {
    "RU": "Russia",
    "TR": "Turkey",
    "PS": "Palestine",
    "XK": "Kosovo",
}


@cache
def country_name(code: str) -> str:
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def country_in(language: str, code: str) -> str:
    """The country's name in ``language``: ours in English, CLDR's in any other (never
    typed by hand), English where CLDR has none."""
    if language == "en":
        return country_name(code)
    try:
        return Locale.parse(language).territories.get(code) or country_name(code)
    except (ValueError, UnknownLocaleError):
        return country_name(code)


# Codes people type for a country that ISO spells differently, and names ISO does not know.
COMMON_MISTAKES = {"UK": "GB", "EL": "GR", "KO": "XK", "GREAT BRITAIN": "GB", "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB"}


@cache
def code_for(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code that ``text`` most likely means, or None."""
    key = " ".join(str(text).split()).upper()
    if key in COMMON_MISTAKES:
        return COMMON_MISTAKES[key]
    for code, name in SHORT_NAMES.items():
        if name.upper() == key:
            return code
    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None
