"""How the collection is published: the site's name and address, who publishes it,
permanent addresses, last-updated dates and citations.

Consumes: ``mkdocs.yml`` (read as plain YAML for ``site_name``, ``site_url``,
``site_description``, ``repo_url`` and ``extra.publisher``), an optional ``site_url``
that overrides it (the ``--site-url`` option or ``CASEBOOK_SITE_URL``), and the record
dates from git (``history.record_dates``).
Produces: a ``Publication`` that every later stage asks for a precedent's permanent
address, its last-updated date and its citation, so the page, the exports, the feeds
and the PDF can never disagree; and the ``Publisher`` (the firm or organisation that
publishes the site: name, address, contact, languages spoken), or ``None`` where
``mkdocs.yml`` names none, in which case pages say only "talk to a lawyer who works on
INTERPOL and extradition cases". A publisher is configuration, never invented:
``read_site`` returns a problem line for each bad field of ``extra.publisher``.
Nothing here reads the clock: the same commit always gives the same dates.

A precedent's address is ``precedents/<id>/`` and never changes; a renamed record
keeps its former ids as ``aliases`` and their addresses redirect (see ``redirects``).
Where the site's address is not configured, permanent addresses are site-relative
paths; the page's script turns them into full addresses in the reader's browser.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..records.countries import country_in
from ..records.model import Precedent
from ..records.problems import Problem, display_path
from ..records.vocabularies import Vocabularies
from .history import RecordDates
from .i18n.markers import N_

# The licence offered for the data (records, exports, feeds). Chosen pending the firm's
# confirmation; CITATION.cff and docs/api.md state the same (pinned by a test).
LICENCE = {
    "name": "Creative Commons Attribution 4.0 International",
    "spdx": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
NOT_RECORDED = N_("not recorded")
EPOCH = "1970-01-01T00:00:00Z"


# What pages say about getting help when mkdocs.yml names no publisher.
NEUTRAL_HELP = N_("If you think you are affected, talk to a lawyer who works on INTERPOL and extradition cases.")
PUBLISHER_FIELDS = ("name", "url", "contact", "languages")
_WEB_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s]+", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s/:]+@[^@\s/:]+\.[a-z]{2,}", re.IGNORECASE)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site: ``extra.publisher`` in mkdocs.yml."""

    name: str
    url: str | None = None  # the publisher's web site
    contact: str | None = None  # a contact page's address or an e-mail address
    languages: tuple[str, ...] = ()  # languages its lawyers speak, as written in mkdocs.yml

    @property
    def contact_href(self) -> str | None:
        if not self.contact:
            return None
        return self.contact if _WEB_ADDRESS.fullmatch(self.contact) else f"mailto:{self.contact}"

    @property
    def contact_text(self) -> str | None:
        """An e-mail address as it is; a contact page by its host and path, without the scheme."""
        if not self.contact:
            return None
        if _WEB_ADDRESS.fullmatch(self.contact):
            return re.sub(r"^https?://(www\.)?", "", self.contact, flags=re.IGNORECASE).rstrip("/")
        return self.contact


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
    publisher: Publisher | None = None

    def absolute(self, path: str) -> str | None:
        """A site-relative path as a full address, or None where the site's address is unknown."""
        return self.url + path if self.url else None

    @property
    def issues_url(self) -> str | None:
        """Where corrections to the site go: the repository's issues, where repo_url is set."""
        return f"{self.repo_url}/issues" if self.repo_url else None

    def notes(self) -> list[str]:
        """What the build says about configuration left unset (printed after a build)."""
        notes = []
        if self.publisher is None:
            notes.append(
                "note: no publisher is set (extra.publisher in mkdocs.yml), so pages say only "
                f'"{NEUTRAL_HELP}"; see the commented example in mkdocs.yml'
            )
        if self.repo_url is None:
            notes.append("note: no repo_url is set in mkdocs.yml, so pages cannot link to the repository for corrections")
        return notes


def normalise_site_url(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def site_from_config(mkdocs_yml: Path, site_url: str | None = None) -> Site:
    """The site as ``mkdocs.yml`` describes it; ``site_url`` (when given) wins over the file's.
    A publisher with problems is left out (``read_site`` reports them)."""
    return read_site(mkdocs_yml, site_url)[0]


def read_site(mkdocs_yml: Path, site_url: str | None = None) -> tuple[Site, list[Problem]]:
    """The site as ``mkdocs.yml`` describes it, and a problem for each bad publisher field."""
    try:
        text = Path(mkdocs_yml).read_text(encoding="utf-8")
        config = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError):
        text, config = "", {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    publisher, problems = publisher_from_config(extra.get("publisher"), _Lines(text, display_path(mkdocs_yml)))
    site = Site(
        name=str(config.get("site_name") or "Casebook"),
        url=normalise_site_url(site_url or config.get("site_url")),
        description=" ".join(str(config.get("site_description") or "").split()),
        repo_url=(config.get("repo_url") or "").rstrip("/") or None,
        language=str(theme.get("language") or "en"),
        nav=tuple(_nav_pages(config.get("nav"))),
        publisher=None if problems else publisher,
    )
    return site, problems


class _Lines:
    """Lines of mkdocs.yml's keys under extra.publisher, for problem lines (1 where not found)."""

    def __init__(self, text: str, shown: str):
        self.shown, self.lines = shown, {}
        try:
            root = yaml.compose(text) if text else None
        except yaml.YAMLError:
            root = None
        _, extra = _child(root, "extra")
        key, publisher = _child(extra, "publisher")
        if key is not None:
            self.lines["extra.publisher"] = key.start_mark.line + 1
            if isinstance(publisher, yaml.MappingNode):
                for field_key, _value in publisher.value:
                    self.lines[f"extra.publisher.{field_key.value}"] = field_key.start_mark.line + 1

    def problem(self, where: str, message: str) -> Problem:
        line = self.lines.get(where) or self.lines.get("extra.publisher") or 1
        return Problem(self.shown, line, where, message)


def _child(node, key: str) -> tuple:
    """(key node, value node) of ``key`` in a mapping node; (None, None) where absent."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return k, v
    return None, None


def publisher_from_config(value, lines: _Lines) -> tuple[Publisher | None, list[Problem]]:
    """``extra.publisher`` as a ``Publisher`` (None when absent), and its problems."""
    if value is None:
        return None, []
    where = "extra.publisher"
    if not isinstance(value, dict):
        return None, [lines.problem(where, f"expected a mapping with {', '.join(PUBLISHER_FIELDS)}; got {value!r}")]
    problems = []
    for key in value:
        if key not in PUBLISHER_FIELDS:
            problems.append(lines.problem(f"{where}.{key}", f"expected one of {', '.join(PUBLISHER_FIELDS)}; got {key!r}"))
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(lines.problem(f"{where}.name", f"expected the publisher's name as text; got {name!r}"))
    url = value.get("url")
    if url is not None and not (isinstance(url, str) and _WEB_ADDRESS.fullmatch(url.strip())):
        problems.append(lines.problem(f"{where}.url", f"expected a web address (http:// or https://); got {url!r}"))
    contact = value.get("contact")
    if contact is not None and not (
        isinstance(contact, str) and (_WEB_ADDRESS.fullmatch(contact.strip()) or _EMAIL.fullmatch(contact.strip()))
    ):
        problems.append(
            lines.problem(
                f"{where}.contact", f"expected a contact page's address (https://...) or an e-mail address; got {contact!r}"
            )
        )
    languages = value.get("languages", [])
    if not (isinstance(languages, list) and all(isinstance(x, str) and x.strip() for x in languages)):
        problems.append(
            lines.problem(f"{where}.languages", f"expected a list of languages, e.g. [English, Russian]; got {languages!r}")
        )
    if problems:
        return None, problems
    return Publisher(
        name=" ".join(name.split()),
        url=url.strip() if url else None,
        contact=contact.strip() if contact else None,
        languages=tuple(" ".join(x.split()) for x in languages),
    ), []


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
    where: str  # the forum and its state: "National court (Spain)"
    body: str = ""  # the record's name of the body: "Audiencia Nacional"
    body_language: str = ""  # the language ``body`` reads in (its English where not yet translated)
    decided: str = ""  # "decided 2013-05"

    @property
    def forum(self) -> str:
        """E.g. "National court (Spain), Audiencia Nacional, decided 2013-05"."""
        return ", ".join(part for part in (self.where, self.body, self.decided) if part)


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

    def citation(self, p: Precedent, vocabularies: Vocabularies, language=None) -> Citation:
        """``language``: a ``Language`` (the title, labels and country names in it; English by default)."""
        code = language.code if language is not None else "en"
        return Citation(
            site_name=self.site.name,
            id=p.id,
            title=p.title.get(code),
            path=self.page_path(p.id),
            permalink=self.permalink(p.id),
            updated=self.updated(p),
            identifiers=official_identifiers(p, vocabularies, language),
        )

    def in_language(self, code: str) -> Publication:
        """The same publication for a language's tree (``/<code>/``: its pages' permanent
        addresses, canonical links and feeds); the source language's is this one."""
        if code == self.site.language:
            return self
        url = self.site.url + f"{code}/" if self.site.url else None
        return Publication(replace(self.site, url=url, language=code), self.dates)


def official_identifiers(p: Precedent, vocabularies: Vocabularies, language=None) -> tuple[OfficialIdentifier, ...]:
    """Every identifier listed under proceedings[].identifiers, with the forum it belongs to
    (``language``: a ``Language``; English by default)."""
    code = language.code if language is not None else "en"
    _ = language._ if language is not None else str
    found = []
    for proceeding in p.proceedings:
        where = vocabularies["forums"].label(proceeding.forum, code)
        if proceeding.state:
            where += f" ({country_in(code, proceeding.state)})"
        body = proceeding.body
        decided = _("decided {date}").format(date=proceeding.decided.iso) if proceeding.decided else ""
        for identifier in proceeding.identifiers:
            found.append(
                OfficialIdentifier(
                    scheme=identifier.scheme,
                    label=vocabularies["identifier_schemes"].label(identifier.scheme, code),
                    value=identifier.value,
                    where=where,
                    body=body.get(code) if body else "",
                    body_language=(code if body.has(code) else body.source_language) if body else "",
                    decided=decided,
                )
            )
    return tuple(found)
