"""Where the translations in the data are, and what state each is in.

Consumes: the model (``Precedent``s, ``Vocabularies``, ``Reference``): any tree of frozen
dataclasses, tuples and dicts whose leaves include ``Text``.
Produces: ``is_translation(path)`` (a hand-written page's translation, ``X.<code>.md``),
``texts(obj)``, every ``Text`` in it with a dotted path (``title``,
``proceedings[0].description``), and ``state(text, language)``: translated, stale (made
from an English text that has changed since) or missing. ``casebook translations`` counts
them; the terminology test reads every translation through them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import PurePath

from .model import Text

TRANSLATED, STALE, MISSING = "translated", "stale", "missing"

# A hand-written page's translation sits beside it as X.<code>.md (about.ru.md beside
# about.md); it is never a page or a body of its own in the English site.
TRANSLATION_NAME = re.compile(r"\.[a-z]{2}\.md$")


def is_translation(path: str | PurePath) -> bool:
    return bool(TRANSLATION_NAME.search(PurePath(path).name))


def texts(obj, path: str = "") -> Iterator[tuple[str, Text]]:
    """(dotted path, Text) for every Text in ``obj``, in field order."""
    if isinstance(obj, Text):
        yield path, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.compare:  # fields kept out of comparison (lines) carry no text
                yield from texts(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, (tuple, list)):
        for index, item in enumerate(obj):
            yield from texts(item, f"{path}[{index}]")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from texts(item, f"{path}.{key}" if path else str(key))


def state(text: Text, language: str) -> str:
    if not text.has(language):
        return MISSING
    return STALE if text.stale(language) or text.made_from_hash(language) is None else TRANSLATED
