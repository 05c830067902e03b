"""Country names for ISO 3166-1 alpha-2 codes, as readers know them.

Consumes: pycountry's ISO data.
Produces: ``country_name(code)``: the common short name ("Russia", not "Russian
Federation"). Codes stay canonical in data and filters; only labels change here.
"""

from __future__ import annotations

from functools import cache

import pycountry

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
