"""``N_``: marks a string for gettext extraction where it is defined.

Consumes: an interface string in a table of constants (facet titles, chart titles, the
notice table's questions).
Produces: the same string, untranslated; the code translates it where it is used, with
``_(value)``, and ``make messages`` collects it (babel.cfg, keyword ``N_``). Kept apart
from ``i18n/__init__`` so that any module of ``pages/`` can import it without a cycle.
"""


def N_(message: str) -> str:
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """A plural message in a table of constants: both forms, untranslated (keyword ``NP_:1,2``)."""
    return singular, plural
