"""Where the translations in the data are, and what state each is in.

Consumes: the model (``Precedent``s, ``Vocabularies``, ``Reference``): any tree of frozen
dataclasses, tuples and dicts whose leaves include ``Text``.
Produces: ``is_translation(path)`` (a hand-written page's translation, ``X.<code>.md``),
``texts(obj)``, every ``Text`` in it with a dotted path (``title``,
``proceedings[0].description``), and ``state(text, language)``: translated, stale (made
from an English text that has changed since) or missing. ``casebook translations`` counts
them; the terminology test reads every translation through them. And for hand-written
pages, ``page_translation(english, language)``: the translation beside it and its state
(fresh, stale or missing, by its ``translated_from`` hash).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

import yaml

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


# -- hand-written pages: X.<code>.md beside X.md ---------------------------------------

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True)
class PageTranslation:
    """A hand-written page's translation into one language: its state (translated, stale
    or missing) and its text as written (None where missing). Its front matter's
    ``translated_from`` is the first 8 hex digits of the SHA-256 of the English file's
    bytes it was made from; any other value, or none, makes it stale."""

    state: str
    text: str | None = None


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:8]


def translation_path(english: Path, language: str) -> Path:
    english = Path(english)
    return english.with_name(f"{english.stem}.{language}.md")


def page_translation(english: Path, language: str) -> PageTranslation:
    translation = translation_path(english, language)
    if not translation.is_file():
        return PageTranslation(MISSING)
    text = translation.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    try:
        recorded = (yaml.safe_load(match.group(1)) or {}).get("translated_from") if match else None
    except yaml.YAMLError:
        recorded = None
    fresh = recorded is not None and str(recorded) == file_hash(english)
    return PageTranslation(TRANSLATED if fresh else STALE, text)


def without_front_matter(text: str) -> str:
    """A guide or pattern body's translation without its front matter (translated_from)."""
    match = FRONT_MATTER.match(text)
    return text[match.end() :] if match else text
