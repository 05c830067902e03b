"""Render the collection into Markdown pages: {relative path: text}.

Consumes: a ``Collection`` and its ``Derived`` data.
Produces: a dict from paths relative to the docs folder to page text (Markdown with
``md_in_html`` blocks where attributes are needed), plus a copy of each record's YAML
so every page can link to the file it came from. One Jinja2 template per kind of page,
named after the page; shared pieces in ``templates/_partials``. ``StrictUndefined``
makes a missing variable an error; templates get ready-made values, not raw data.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .collection import Collection
from .countries import country_name
from .derive import Derived, derive, facet_label
from .i18n import Catalog
from .metadata import browse_meta, precedent_meta
from .model import Precedent, Text
from .publication import Publication
from .text import anchored, escape, plain_text, prose_html

TEMPLATES = Path(__file__).parent / "templates"
GENERATOR = "scripts/casebook/render.py"

# Facets that get browse pages, in the order the browse index shows them.
BROWSE_FACETS = ("requesting-state", "host-state", "instrument", "forum", "outcome", "misuse-pattern", "legal-ground")
# Pagefind filter keys: canonical, language-neutral, stable in URLs.
FILTER_KEYS = {
    "requesting-state": "requesting_state",
    "host-state": "host_state",
    "instrument": "instrument",
    "forum": "forum",
    "outcome": "outcome",
    "legal-ground": "legal_ground",
    "misuse-pattern": "pattern",
    "year": "year",
    "kind": "kind",
}

FACET_TITLES = {
    "requesting-state": "Requesting state",
    "host-state": "Host state",
    "instrument": "Instrument",
    "forum": "Forum",
    "outcome": "Outcome",
    "misuse-pattern": "Misuse pattern",
    "legal-ground": "Legal ground",
    "year": "Year",
    "kind": "Kind of record",
}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")


def md_escape(value) -> str:
    """Text for an inline Markdown context: HTML-escaped and Markdown-inert."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def yaml_string(value) -> str:
    """A front-matter string; HTML-escaped because themes print meta values unescaped."""
    return json.dumps(html.escape(" ".join(str(value).split()), quote=True), ensure_ascii=False)


def precedent_path(precedent_id: str) -> str:
    return f"precedents/{precedent_id}.md"


def browse_path(facet: str, code: str) -> str:
    return f"browse/{facet}/{code}.md"


def relative(from_page: str, to_page: str) -> str:
    """Link from one generated Markdown page to another (MkDocs checks .md links)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page))


def page_url(page: str) -> str:
    """The directory URL a Markdown page is published at: precedents/x.md -> precedents/x/."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def relative_url(from_page: str, to_page: str) -> str:
    """Link for raw HTML (which MkDocs does not rewrite): from one page's URL to another's.
    The built site's link check (links.py) verifies these."""
    source = page_url(from_page) or "."
    target = page_url(to_page) or "."
    link = posixpath.relpath(target, source)
    return "./" if link == "." else link + "/"


class Renderer:
    def __init__(
        self,
        collection: Collection,
        derived: Derived,
        language: str = "en",
        repo_url: str | None = None,
        publication: Publication | None = None,
    ):
        self.collection = collection
        self.publication = publication or Publication()
        self.derived = derived
        self.language = language
        self.repo_url = repo_url.rstrip("/") if repo_url else None
        self.catalog = Catalog.load(language)
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            undefined=StrictUndefined,
            autoescape=False,  # the output is Markdown; values are escaped by the filters below
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(md=md_escape, e=escape, yaml_string=yaml_string, prose=self.prose, plain=self.plain)
        self.env.filters["anchored"] = anchored  # ids for citing a passage
        self.env.globals.update(_=self.catalog.gettext, country=country_name, label=self.label, GENERATOR=GENERATOR)

    # -- helpers given to templates ---------------------------------------------------

    def text(self, value: Text | None) -> str:
        return value.get(self.language) if value else ""

    def prose(self, value: Text | str | None) -> str:
        if value is None:
            return ""
        return prose_html(value if isinstance(value, str) else self.text(value))

    def plain(self, value: Text | str | None) -> str:
        if value is None:
            return ""
        return plain_text(value if isinstance(value, str) else self.text(value))

    def label(self, vocabulary: str, code: str) -> str:
        return self.collection.vocabularies[vocabulary].label(code)

    def instrument_labels(self, p: Precedent) -> str:
        """Distinct instrument types for tables, each marked when no source confirms the type."""
        labels = []
        for code in self.derived.facts[p.id].instrument_types:
            label = self.label("instrument_types", code)
            unconfirmed = all(not i.type_certain for i in p.instruments if i.type == code)
            # The unspecified-alert label already says its type is unconfirmed.
            if unconfirmed and code != "interpol-alert-unspecified":
                label += f" ({self.catalog.gettext('type unconfirmed')})"
            labels.append(label)
        return ", ".join(labels)

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    # -- pages ---------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for precedent in self.collection.precedents:
            files[precedent_path(precedent.id)] = self.precedent_page(precedent)
        files["precedents/index.md"] = self.precedents_index()
        files["browse/index.md"] = self.browse_index()
        for facet in BROWSE_FACETS:
            for group in self.derived.facets[facet]:
                files[browse_path(facet, group.code)] = self.browse_page(facet, group)
        files["reference/legal-grounds.md"] = self.vocabulary_page("legal_grounds", "legal-ground")
        files["reference/misuse-patterns.md"] = self.vocabulary_page("misuse_patterns", "misuse-pattern")
        files["assets/casebook-vocabularies.json"] = self.vocabulary_json()
        return files

    def row(self, precedent: Precedent, page: str) -> dict:
        """What one line of a precedents table shows."""
        facts = self.derived.facts[precedent.id]
        return {
            "id": precedent.id,
            "url": relative_url(page, precedent_path(precedent.id)),
            "title": precedent.title,
            "requesting": ", ".join(country_name(c) for c in precedent.requesting_states)
            or self.catalog.gettext("not disclosed"),
            "instruments": self.instrument_labels(precedent),
            "forums": ", ".join(self.label("forums", f) for f in facts.forums),
            "outcomes": ", ".join(self.label("outcomes", o) for o in precedent.outcomes),
            "years": facts.years,
            "sort_date": facts.sort_date,
        }

    def precedent_page(self, p: Precedent) -> str:
        page = precedent_path(p.id)
        facts = self.derived.facts[p.id]

        def browse(facet: str, codes) -> list[dict]:
            return [
                {"label": facet_label(self.collection, facet, c), "link": relative(page, browse_path(facet, c))} for c in codes
            ]

        filters = [
            (FILTER_KEYS[facet], code)
            for facet, codes_of in (
                ("requesting-state", p.requesting_states),
                ("host-state", p.host_states),
                ("instrument", facts.instrument_types),
                ("forum", facts.forums),
                ("outcome", p.outcomes),
                ("legal-ground", facts.legal_grounds),
                ("misuse-pattern", p.misuse_patterns),
                ("year", facts.year_values),
                ("kind", (p.kind,)),
            )
            for code in codes_of
        ]
        related = []
        for other_id, note in facts.related:
            other = self.collection.by_id(other_id)
            related.append({"title": other.title, "link": relative(page, precedent_path(other_id)), "note": note})
        edit_url = f"{self.repo_url}/edit/main/precedents/{p.id}.yml" if self.repo_url else None
        return self.render(
            "precedent.md.j2",
            p=p,
            facts=facts,
            page=page,
            source_file=f"precedents/{p.id}.yml",
            record_link=relative(page, f"records/{p.id}.yml"),
            edit_url=edit_url,
            requesting=browse("requesting-state", p.requesting_states),
            hosts=browse("host-state", p.host_states),
            outcomes=browse("outcome", p.outcomes),
            patterns=[
                {
                    "code": c,
                    "label": self.label("misuse_patterns", c),
                    "link": relative(page, "reference/misuse-patterns.md") + f"#{c}",
                    "explanation": self.collection.vocabularies["misuse_patterns"].term(c).explanation,
                }
                for c in p.misuse_patterns
            ],
            grounds=[
                {
                    "code": c,
                    "label": self.label("legal_grounds", c),
                    "link": relative(page, "reference/legal-grounds.md") + f"#{c}",
                    "explanation": self.collection.vocabularies["legal_grounds"].term(c).explanation,
                    "argued_only": c in facts.argued_grounds,
                }
                for c in facts.legal_grounds + facts.argued_grounds
            ],
            related=related,
            filters=filters,
            meta_facts=self.meta_facts(p),
            text=self.text,
            # Citing, sharing, exports: see publication.py and metadata.py.
            cite=self.publication.citation(p, self.collection.vocabularies),
            page_meta=precedent_meta(p, self.collection, self.derived, self.publication),
            pdf_link=relative(page, f"precedents/{p.id}.pdf"),
            json_link=relative(page, f"api/v1/precedents/{p.id}.json"),
        )

    def meta_facts(self, p: Precedent) -> str:
        """One line of key facts shown under a search result."""
        facts = self.derived.facts[p.id]
        parts = [
            ", ".join(country_name(c) for c in p.requesting_states) or self.catalog.gettext("state not disclosed"),
            self.instrument_labels(p),
            ", ".join(self.label("outcomes", o) for o in p.outcomes),
            facts.years,
        ]
        return " · ".join(x for x in parts if x)

    def precedents_index(self) -> str:
        page = "precedents/index.md"
        rows = [self.row(p, page) for p in self.collection.precedents]
        rows.sort(key=lambda r: (r["sort_date"], r["id"]), reverse=True)
        return self.render("precedents_index.md.j2", rows=rows, page=page, browse_link=relative(page, "browse/index.md"))

    def browse_index(self) -> str:
        page = "browse/index.md"
        facets = [
            {
                "facet": facet,
                "title": self.catalog.gettext(FACET_TITLES[facet]),
                "groups": [
                    {"label": g.label, "count": len(g.members), "link": relative(page, browse_path(facet, g.code))}
                    for g in self.derived.facets[facet]
                ],
            }
            for facet in BROWSE_FACETS
        ]
        return self.render("browse_index.md.j2", facets=facets, total=len(self.collection.precedents))

    def browse_page(self, facet: str, group) -> str:
        page = browse_path(facet, group.code)
        rows = [self.row(self.collection.by_id(i), page) for i in group.members]
        return self.render(
            "browse.md.j2",
            facet=facet,
            facet_title=self.catalog.gettext(FACET_TITLES[facet]),
            group=group,
            rows=rows,
            index_link=relative(page, "browse/index.md"),
            search_link=relative(page, "search.md") + f"?{FILTER_KEYS[facet]}={group.code}",
            page_meta=browse_meta(facet, group.code, self.collection, self.derived, self.publication),
        )

    def vocabulary_page(self, vocabulary: str, facet: str) -> str:
        page = f"reference/{facet}s.md"
        groups = {g.code: g for g in self.derived.facets[facet]}
        terms = [
            {
                "term": term,
                "count": len(groups[term.code].members) if term.code in groups else 0,
                "link": relative(page, browse_path(facet, term.code)) if term.code in groups else None,
            }
            for term in self.collection.vocabularies[vocabulary].terms
        ]
        return self.render(f"{facet}s.md.j2", terms=terms)

    def labels_in_use(self, facet: str) -> dict:
        groups = sorted(self.derived.facets[facet], key=lambda g: g.code)
        return {g.code: facet_label(self.collection, facet, g.code) for g in groups}

    def vocabulary_json(self) -> str:
        """What the search page needs to show labels while URLs and the index keep codes:
        filter keys in display order, their titles, and a label for every code in use."""
        keys = [(facet, key) for facet, key in FILTER_KEYS.items()]
        data = {
            "order": [key for _, key in keys],
            "titles": {key: self.catalog.gettext(FACET_TITLES[facet]) for facet, key in keys},
            "labels": {key: self.labels_in_use(facet) for facet, key in keys},
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def render_site(
    collection: Collection, language: str = "en", repo_url: str | None = None, publication: Publication | None = None
) -> dict[str, str]:
    derived = derive(collection)
    return Renderer(collection, derived, language, repo_url, publication).pages()


def repo_url_from(mkdocs_yml: Path) -> str | None:
    """The repository URL, read as plain YAML so rendering needs no site engine."""
    try:
        config = yaml.safe_load(Path(mkdocs_yml).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    return config.get("repo_url")
