"""What a translated page says about its translation, in the page's language.

Consumes: a hand-written Markdown text (a page of ``docs/`` or a guide's or pattern's
body) in the page's language or, where it has no translation, in English; its state
(``records.translations``: translated, stale or missing); a ``Language``.
Produces: the text with a visible note where needed: a stale translation keeps its text
under a note that the English has changed since; a missing one is the English, marked
``lang="en"``, under a note that it is not yet translated. Nothing is machine-translated,
nothing dropped. Every page of a translated tree also says, in its footer, that the
English text is authoritative (``AUTHORITATIVE``, pages/contact.py).
"""

from __future__ import annotations

import re

from ...records.translations import MISSING, STALE
from ..text import escape
from .markers import N_

AUTHORITATIVE = N_("The English text is authoritative; this translation is Casebook's own.")
NOT_TRANSLATED_PAGE = N_("This page is not yet translated; it is shown in English.")
STALE_PAGE = N_("The English text of this page has changed since it was translated; this translation may be out of date.")

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def note_html(message: str, kind: str) -> str:
    """A note above a page's text (``kind``: untranslated or stale), kept out of the search index."""
    return f'<p class="cb-translation-note cb-translation-note--{kind}" role="note" data-pagefind-ignore>{escape(message)}</p>'


def translated_page_body(text: str, state: str, language) -> str:
    """A body (no front matter) as the page in ``language`` shows it."""
    if language.is_source or state not in (MISSING, STALE):
        return text
    if state == STALE:
        return f"{note_html(language._(STALE_PAGE), 'stale')}\n\n{text}"
    note = note_html(language._(NOT_TRANSLATED_PAGE), "untranslated")
    return f'{note}\n\n<div lang="en" markdown="1">\n\n{text}\n\n</div>'


def translated_page(text: str, state: str, language) -> str:
    """A whole hand-written page (front matter kept first) as the page in ``language`` shows it."""
    match = _FRONT_MATTER.match(text)
    front, body = (text[: match.end()], text[match.end() :]) if match else ("", text)
    return front + translated_page_body(body.strip("\n"), state, language) + "\n"
