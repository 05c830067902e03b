"""User-facing strings of the templates, translatable.

Consumes: ``i18n/<language>.yml``, a map from the English string to its translation.
Produces: a ``Catalog`` whose ``gettext`` returns the translation, or the English
string where there is none (English needs no file). Data values (codes) are never
translated; only labels and template strings are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Catalog:
    language: str
    strings: dict

    @classmethod
    def load(cls, language: str) -> Catalog:
        path = HERE / f"{language}.yml"
        strings = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        return cls(language, strings or {})

    def gettext(self, message: str) -> str:
        return self.strings.get(message, message)
