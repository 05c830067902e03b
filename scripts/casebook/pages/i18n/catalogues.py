"""The gettext catalogues as translators leave them: how complete each is, and whether
each translation keeps the placeholders of its source.

Consumes: ``docs/locales/casebook.pot`` (the template ``make messages`` extracts) and
``docs/locales/<code>.po`` (one per language), read with Babel.
Produces: a ``CatalogueStatus`` per catalogue (messages translated, fuzzy, missing; the
msgids it lacks or keeps beyond the template) and ``Problem``-like lines for a
translation whose placeholders (``{n}``, ``{date}``, ``%s``, ``%(name)s``) differ from its
msgid's. ``casebook translations`` prints the counts; the tests require a complete,
current catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}|%\([a-z_]+\)[sd]|%[sd]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@dataclass(frozen=True)
class CatalogueStatus:
    language: str
    total: int
    translated: int
    fuzzy: int
    missing: int
    placeholder_problems: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.translated == self.total and not self.placeholder_problems


def _read(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def msgids(path: Path) -> set:
    """The msgids of a catalogue or template (a plural message by its singular; a message
    with a context, ``p_("sharing card", "Requesting state")``, as "context|msgid")."""
    return {(f"{m.context}|" if m.context else "") + (m.id if isinstance(m.id, str) else m.id[0]) for m in _read(path) if m.id}


def catalogue_status(po_path: Path) -> CatalogueStatus:
    catalog = _read(po_path)
    total = translated = fuzzy = 0
    problems = []
    for message in catalog:
        if not message.id:
            continue
        total += 1
        forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy:
            fuzzy += 1
            continue
        if not all(forms):
            continue
        translated += 1
        sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        # Every plural form must carry what the plural msgid carries: the Russian
        # singular form also serves 21, 31, ...
        expected = sorted(set().union(*(placeholders(s) for s in sources)))
        for index, form in enumerate(forms):
            found = sorted(set(placeholders(form)))
            if found != expected:
                shown = sources[0] if len(sources[0]) <= 60 else sources[0][:57] + "..."
                where = f"{po_path.name}:{message.lineno}"
                form_note = f" (form {index})" if len(forms) > 1 else ""
                problems.append(f"{where}: {shown!r}{form_note}: placeholders {found} differ from the msgid's {expected}")
    return CatalogueStatus(po_path.stem, total, translated, fuzzy, total - translated - fuzzy, tuple(problems))
