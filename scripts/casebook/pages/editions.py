"""The site's editions: one per language, English at the site's root, each other
language under ``/<code>/`` with the same paths below it.

Consumes: the ``Publication`` (the English site's) and ``docs/locales/`` (one gettext
catalogue per language besides English: the languages are the catalogues present, so
adding a language is adding files, never code).
Produces: an ``Edition`` per language: its ``Language`` (loaded on first use, so an
edition crosses into the build's second process as plain data), its ``Publication``
(permanent addresses, canonical links and feeds under ``/<code>/``), its folder in the
site (``prefix``: "" or "ru/") and the way back to the site's root (``site_root``: ""
or "../"), where the files there is one of for all languages are: the records' YAML,
the open-data API and the search index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .i18n import SOURCE_LANGUAGE, Language, languages
from .publication import Publication


@dataclass(frozen=True)
class Edition:
    code: str
    publication: Publication
    locales_dir: Path | None = None

    @property
    def language(self) -> Language:
        return Language.load(self.code, self.locales_dir)

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    @property
    def prefix(self) -> str:
        """The edition's folder in the built site: "" (English) or "<code>/"."""
        return "" if self.is_source else f"{self.code}/"

    @property
    def site_root(self) -> str:
        """From the edition's root to the site's root."""
        return "" if self.is_source else "../"


def editions(publication: Publication, locales_dir: Path | None) -> list[Edition]:
    """English first, then one edition per catalogue in ``locales_dir``, by code."""
    return [Edition(code, publication.in_language(code), locales_dir) for code in languages(locales_dir)]


def source_edition(publication: Publication) -> Edition:
    """English alone (a build without catalogues, the tests' direct calls)."""
    return Edition(SOURCE_LANGUAGE, publication)
