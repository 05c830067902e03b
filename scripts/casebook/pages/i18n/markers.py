"""``N_``: marks a string for gettext extraction where it is defined (a table of
constants) without translating it there; the code translates it where it is used, with
``_(value)``. ``make messages`` collects it (babel.cfg, keyword ``N_``). Kept apart from
``i18n/__init__`` so that any module of ``pages/`` can import it without a cycle."""


def N_(message: str) -> str:
    return message
