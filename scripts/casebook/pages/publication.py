"""How the collection is published: the site's name and address, permanent addresses,
last-updated dates and citations.

Consumes: ``mkdocs.yml`` (read as plain YAML for ``site_name``, ``site_url``,
``site_description``, ``repo_url``), an optional ``site_url`` that overrides it (the
``--site-url`` option or ``CASEBOOK_SITE_URL``), and the record dates from git
(``history.record_dates``).
Produces: a ``Publication`` that every later stage asks for a precedent's permanent
address, its last-updated date and its citation, so the page, the exports, the feeds
and the PDF can never disagree. Nothing here reads the clock: the same commit always
gives the same dates.

A precedent's address is ``precedents/<id>/`` and never changes; a renamed record
keeps its former ids as ``aliases`` and their addresses redirect (see ``redirects``).
Where the site's address is not configured, permanent addresses are site-relative
paths; the page's script turns them into full addresses in the reader's browser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..records.countries import country_name
from ..records.model import Precedent
from ..records.vocabularies import Vocabularies
from .history import RecordDates

# The licence offered for the data (records, exports, feeds). Chosen pending the firm's
# confirmation; CITATION.cff and docs/api.md state the same (pinned by a test).
LICENCE = {
    "name": "Creative Commons Attribution 4.0 International",
    "spdx": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
NOT_RECORDED = "not recorded"
EPOCH = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class Site:
    name: str = "Casebook"
    url: str | None = None  # absolute, ending in "/"; None where not configured
    description: str = ""
    repo_url: str | None = None
    language: str = "en"
    # The navigation's pages: (Markdown path, section title, page title), in order; the
    # pages that get a sharing card of their own (publish/cards.py).
    nav: tuple[tuple[str, str, str], ...] = ()

    def absolute(self, path: str) -> str | None:
        """A site-relative path as a full address, or None where the site's address is unknown."""
        return self.url + path if self.url else None


def normalise_site_url(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def site_from_config(mkdocs_yml: Path, site_url: str | None = None) -> Site:
    """The site as ``mkdocs.yml`` describes it; ``site_url`` (when given) wins over the file's."""
    try:
        config = yaml.safe_load(Path(mkdocs_yml).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    return Site(
        name=str(config.get("site_name") or "Casebook"),
        url=normalise_site_url(site_url or config.get("site_url")),
        description=" ".join(str(config.get("site_description") or "").split()),
        repo_url=(config.get("repo_url") or "").rstrip("/") or None,
        language=str(theme.get("language") or "en"),
        nav=tuple(_nav_pages(config.get("nav"))),
    )


def _nav_pages(nav, section: str = ""):
    """(path, section, title) of each Markdown page in mkdocs.yml's ``nav``, in order."""
    for item in nav if isinstance(nav, list) else []:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(value, str) and value.endswith(".md"):
                yield value, section, str(title)
            elif isinstance(value, list):
                yield from _nav_pages(value, str(title))


@dataclass(frozen=True)
class OfficialIdentifier:
    """An official reference of a decision in the precedent, for citing the decision itself."""

    scheme: str
    label: str  # e.g. "ECtHR application number"
    value: str
    forum: str  # e.g. "National court (Spain), Audiencia Nacional, decided 2013-05"


@dataclass(frozen=True)
class Citation:
    site_name: str
    id: str
    title: str
    path: str  # site-relative: precedents/<id>/
    permalink: str | None  # full address where the site's address is configured
    updated: str | None  # YYYY-MM-DD
    identifiers: tuple[OfficialIdentifier, ...]

    @property
    def address(self) -> str:
        return self.permalink or self.path

    @property
    def updated_text(self) -> str:
        return self.updated or NOT_RECORDED

    @property
    def text(self) -> str:
        """One line to paste into a brief or a footnote."""
        return (
            f"{self.site_name}, \u201c{self.title}\u201d, precedent {self.id}, {self.address} (last updated {self.updated_text})."
        )


@dataclass(frozen=True)
class Publication:
    site: Site = field(default_factory=Site)
    dates: dict = field(default_factory=dict)  # id -> RecordDates

    @property
    def build_epoch(self) -> int:
        """Seconds since 1970 of the newest record change (0 when none is known): the build's
        stand-in for the clock, so a given commit always builds the same files."""
        times = [d.updated for d in self.dates.values() if d.updated]
        if not times:
            return 0
        return int(dt.datetime.strptime(max(times), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC).timestamp())

    @staticmethod
    def page_path(precedent_id: str) -> str:
        return f"precedents/{precedent_id}/"

    def permalink(self, precedent_id: str) -> str | None:
        return self.site.absolute(self.page_path(precedent_id))

    def record_dates(self, precedent_id: str) -> RecordDates:
        return self.dates.get(precedent_id) or RecordDates(None, None)

    def updated(self, p: Precedent) -> str | None:
        """YYYY-MM-DD of the last change: the last commit touching the record, else its review date."""
        day = self.record_dates(p.id).updated_day
        if day:
            return day
        return p.review.date.iso if p.review.date and p.review.date.precision == "day" else None

    def updated_timestamp(self, p: Precedent, sort_date: str) -> str:
        """RFC 3339 for feeds: the commit, else the review date, else the case's latest date."""
        dates = self.record_dates(p.id)
        if dates.updated:
            return dates.updated
        if p.review.date:
            return f"{p.review.date.earliest.isoformat()}T00:00:00Z"
        if sort_date and not sort_date.startswith("0000"):
            return f"{sort_date}T00:00:00Z"
        return EPOCH

    def published_timestamp(self, p: Precedent) -> str | None:
        return self.record_dates(p.id).created

    def citation(self, p: Precedent, vocabularies: Vocabularies) -> Citation:
        return Citation(
            site_name=self.site.name,
            id=p.id,
            title=p.title,
            path=self.page_path(p.id),
            permalink=self.permalink(p.id),
            updated=self.updated(p),
            identifiers=official_identifiers(p, vocabularies),
        )


def official_identifiers(p: Precedent, vocabularies: Vocabularies) -> tuple[OfficialIdentifier, ...]:
    """Every identifier listed under proceedings[].identifiers, with the forum it belongs to."""
    found = []
    for proceeding in p.proceedings:
        where = vocabularies["forums"].label(proceeding.forum)
        if proceeding.state:
            where += f" ({country_name(proceeding.state)})"
        if proceeding.body:
            where += f", {proceeding.body}"
        if proceeding.decided:
            where += f", decided {proceeding.decided.iso}"
        for identifier in proceeding.identifiers:
            found.append(
                OfficialIdentifier(
                    scheme=identifier.scheme,
                    label=vocabularies["identifier_schemes"].label(identifier.scheme),
                    value=identifier.value,
                    forum=where,
                )
            )
    return tuple(found)
