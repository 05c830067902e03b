"""Reference data: notice types and diffusions, the glossary, the sources they cite, and
the hand-written bodies of the guide and misuse-pattern pages.

Consumes (all under ``precedents/reference/``):
- ``sources.yml``: the public sources, numbered as in the research fact sheet (S1, ...);
- ``notice-types.yml``: one entry per notice type and kind of diffusion, every
  statement citing source ids, plus figures, notes and side-by-side comparisons;
- ``glossary.yml``: terms, their tooltips and definitions;
- ``guides/<code>.md``: one body per code of ``vocabularies/recommendations.yml``;
- ``patterns/<code>.md``: one body per code of ``vocabularies/misuse_patterns.yml``;
and, to check cross-references, the vocabularies and the hand-written ``docs/`` pages.

Produces: a ``Reference`` of frozen dataclasses, and ``Problem``s printed as
``path:LINE: field: message`` like every other check, so ``casebook check`` and the
build refuse bad reference data exactly as they refuse a bad record.

Steps: load each YAML file with the strict loader (``load.load_file``); validate it
against its JSON Schema beside it (``validate.validate``, the same explanations as for
records); run the checks in ``CHECKS`` (citations resolve, instrument codes exist in
the vocabulary, a body for every guide and pattern code, every guide step cites a
source, footnotes defined, vocabulary ``explained_at`` anchors exist); then build the
model. The model is built only when there is no problem.

How hand-written text and generated lists meet: a guide or pattern body is plain
Markdown without a title or front matter. It cites sources as footnotes by id
(``[^S13]``) and does not define them; the renderer wraps the body with the title
(the vocabulary label), the footnote definitions for the ids it cites (from
``sources.yml``) and the generated list of precedents. Links inside a body are written
relative to the page it becomes (``guides/<code>.md`` or ``patterns/<code>.md``).
Hand-written ``docs/`` pages define their footnotes themselves; a footnote labelled with
a source id must give that source's address.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import Document, dotted, load_file
from .model import Text
from .problems import Problem, display_path
from .translations import MISSING, TRANSLATED, is_translation, page_translation, without_front_matter
from .validate import load_schema, make_validator, validate
from .vocabularies import Vocabularies

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
SOURCE_ID = re.compile(r"S[0-9]+")
STEP = re.compile(r"^\d+\.\s")
EXPLICIT_ANCHOR = re.compile(r"\{:?[^}]*#([A-Za-z0-9_-]+)[^}]*\}|\bid=\"([A-Za-z0-9_-]+)\"")
FENCE = re.compile(r"^\s*(```|~~~)")


# --- the model ----------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Statement:
    text: Text
    sources: tuple[str, ...]
    unconfirmed: Text | None = None


@dataclass(frozen=True)
class Position:
    holder: Text
    text: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """A yes/no question; ``contested`` carries positions, the others text and sources."""

    answer: str  # yes | no | contested | unconfirmed
    text: Text | None
    sources: tuple[str, ...]
    unconfirmed: Text | None
    positions: tuple[Position, ...]

    @property
    def contested(self) -> bool:
        return self.answer == "contested"


@dataclass(frozen=True)
class Rule:
    document: Text
    articles: str | None
    subject: Text
    confirmed: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class NoticeType:
    id: str
    instrument: str
    name: Text
    family: str
    summary: Statement
    purpose: Statement
    requested_by: Statement
    circulated_by: Statement
    prior_review: Answer
    arrest: Answer
    reaches_borders: Answer | None
    visibility: Statement
    rules: tuple[Rule, ...]
    misuse: tuple[Statement, ...]
    remedies: tuple[Statement, ...]
    history: Statement | None
    status: Statement | None


@dataclass(frozen=True)
class Comparison:
    id: str
    title: Text
    intro: tuple[Statement, ...]
    entries: tuple[str, ...]
    aspects: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryTerm:
    """A glossary term; its words to mark (``matches``) are per language: {code: words}."""

    id: str
    term: Text
    matches: dict
    tooltip: Text
    definition: Text
    unconfirmed: Text | None
    sources: tuple[str, ...]
    see: str | None
    contested: Text | None = None

    def words(self, language: str = "en") -> tuple[str, ...]:
        return tuple(self.matches.get(language, ()))


@dataclass(frozen=True)
class Body:
    """A hand-written Markdown body that a generated page wraps."""

    code: str
    path: str  # as shown in problems and in the generated page's first line
    text: str
    # Its translations beside it (guides/<code>.<language>.md): language -> PageTranslation.
    translations: dict = field(default_factory=dict, compare=False, repr=False)

    def in_language(self, language: str) -> tuple[str, str]:
        """(text, state) in ``language``: the translation without its front matter where
        there is one (state translated or stale), else the English (state missing)."""
        found = self.translations.get(language)
        if language == "en" or found is None or found.text is None:
            return self.text, TRANSLATED if language == "en" else MISSING
        return without_front_matter(found.text), found.state

    @property
    def citations(self) -> tuple[str, ...]:
        """Source ids cited, in order of first citation."""
        return tuple(dict.fromkeys(FOOTNOTE_REF.findall(self.text)))


@dataclass(frozen=True)
class Reference:
    sources: dict = field(repr=False)  # id -> Source, in file order
    notice_types: tuple[NoticeType, ...] = ()
    figures: tuple[Statement, ...] = ()
    notes: tuple[Statement, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    guides: dict = field(default_factory=dict)  # recommendation code -> Body
    patterns: dict = field(default_factory=dict)  # misuse pattern code -> Body

    def entry(self, entry_id: str) -> NoticeType:
        for entry in self.notice_types:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def entries_for(self, instrument: str) -> tuple[NoticeType, ...]:
        return tuple(e for e in self.notice_types if e.instrument == instrument)


# --- loading ------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the checks look at: the loaded documents and their neighbours."""

    sources: Document
    notice_types: Document
    glossary: Document
    guides: dict  # code -> (display path, text)
    patterns: dict  # code -> (display path, text)
    vocabularies: Vocabularies
    docs_dir: Path
    folder: Path


DATA_FILES = ("sources", "notice-types", "glossary")
# What generated pages name as their source in their first line: project-relative, so
# the pages do not change with the folder the build runs from.
SOURCE_FILES = {name: f"precedents/reference/{name}.yml" for name in DATA_FILES}


def body_source(folder: str, code: str) -> str:
    return f"precedents/reference/{folder}/{code}.md"


def load_reference(folder: Path, vocabularies: Vocabularies, docs_dir: Path) -> tuple[Reference | None, list[Problem]]:
    folder = Path(folder)
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    for name in DATA_FILES:
        path = folder / f"{name}.yml"
        shown = display_path(path)
        if not path.exists():
            problems.append(Problem(shown, 1, "", "reference data file is missing"))
            continue
        document, found = load_file(path, shown)
        problems += found
        if document is None:
            continue
        found = validate(document, make_validator(load_schema(folder / f"{name}.schema.json")))
        problems += found
        if not found:
            documents[name] = document
    guides, found = _bodies(folder / "guides")
    problems += found
    patterns, found = _bodies(folder / "patterns")
    problems += found
    if len(documents) < len(DATA_FILES) or not vocabularies:
        return None, problems
    inputs = Inputs(
        documents["sources"], documents["notice-types"], documents["glossary"], guides, patterns, vocabularies, docs_dir, folder
    )
    problems += [problem for check in CHECKS for problem in check(inputs)]
    if problems:
        return None, problems
    return _model(inputs), []


def _body(folder: Path, code: str, shown: str, text: str) -> Body:
    """A body with its translations beside it (``<code>.<language>.md``)."""
    english = folder / f"{code}.md"
    translations = {}
    for path in sorted(folder.glob(f"{code}.*.md")):
        language = path.name[len(code) + 1 : -len(".md")]
        if is_translation(path) and len(language) == 2:
            translations[language] = page_translation(english, language)
    return Body(code, shown, text, translations)


def _bodies(folder: Path) -> tuple[dict, list[Problem]]:
    bodies: dict = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if is_translation(path):  # guides/ask-the-ccf.ru.md is the Russian of a body, not a code
            continue
        shown = display_path(path)
        try:
            bodies[path.stem] = (shown, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(shown, 1, "", f"cannot read the file as UTF-8 text: {error}"))
    return bodies, problems


# --- checks -------------------------------------------------------------------------


def _at(doc: Document, path, message: str) -> Problem:
    return Problem(doc.path, doc.line_of(path), dotted(path), message)


def _walk_sources(value, path=()):
    """(path, source id) for every id in a ``sources`` list, in file order."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "sources" and isinstance(child, list):
                for index, source_id in enumerate(child):
                    yield path + (key, index), source_id
            else:
                yield from _walk_sources(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk_sources(child, path + (index,))


def _known_sources(inputs: Inputs) -> dict:
    return {s["id"]: s for s in inputs.sources.data["sources"]}


def check_source_ids_unique(inputs: Inputs) -> list[Problem]:
    seen: dict = {}
    problems = []
    for index, source in enumerate(inputs.sources.data["sources"]):
        if source["id"] in seen:
            problems.append(
                _at(
                    inputs.sources,
                    ("sources", index, "id"),
                    f"expected a unique id; {source['id']} is also entry [{seen[source['id']]}]",
                )
            )
        seen.setdefault(source["id"], index)
    return problems


def check_citations_resolve(inputs: Inputs) -> list[Problem]:
    known = _known_sources(inputs)
    return [
        _at(doc, path, f"expected the id of a source in {inputs.sources.path}; got {source_id!r}")
        for doc in (inputs.notice_types, inputs.glossary)
        for path, source_id in _walk_sources(doc.data)
        if source_id not in known
    ]


def check_instrument_codes_exist(inputs: Inputs) -> list[Problem]:
    codes = list(inputs.vocabularies["instrument_types"].codes)
    problems = []
    for index, entry in enumerate(inputs.notice_types.data["instruments"]):
        code = entry["instrument"]
        if code not in codes:
            close = difflib.get_close_matches(code, codes, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            shown = ", ".join(codes[:10]) + (", ..." if len(codes) > 10 else "")
            problems.append(
                _at(
                    inputs.notice_types,
                    ("instruments", index, "instrument"),
                    f"expected a code from precedents/vocabularies/instrument_types.yml, one of {shown}; got {code!r}{hint}",
                )
            )
    return problems


def check_entry_ids_unique(inputs: Inputs) -> list[Problem]:
    problems = []
    for section, key in (("instruments", "id"), ("comparisons", "id")):
        seen: set = set()
        for index, item in enumerate(inputs.notice_types.data.get(section, [])):
            if item[key] in seen:
                problems.append(
                    _at(inputs.notice_types, (section, index, key), f"expected a unique id; {item[key]!r} is used twice")
                )
            seen.add(item[key])
    seen = set()
    for index, term in enumerate(inputs.glossary.data["terms"]):
        if term["id"] in seen:
            problems.append(_at(inputs.glossary, ("terms", index, "id"), f"expected a unique id; {term['id']!r} is used twice"))
        seen.add(term["id"])
    return problems


def check_positions_only_when_contested(inputs: Inputs) -> list[Problem]:
    problems = []
    for index, entry in enumerate(inputs.notice_types.data["instruments"]):
        for key in ("prior_review", "arrest", "reaches_borders"):
            answer = entry.get(key)
            if answer and answer["answer"] != "contested" and "positions" in answer:
                problems.append(
                    _at(
                        inputs.notice_types,
                        ("instruments", index, key, "positions"),
                        f"positions are for a contested answer; this answer is {answer['answer']!r} "
                        "(set answer: contested, or remove the positions)",
                    )
                )
            if answer and answer["answer"] == "contested" and ("text" in answer or "sources" in answer):
                problems.append(
                    _at(
                        inputs.notice_types,
                        ("instruments", index, key),
                        "a contested answer gives each side under positions, not a text or sources of its own",
                    )
                )
    return problems


def check_unconfirmed_answers_say_what(inputs: Inputs) -> list[Problem]:
    return [
        _at(
            inputs.notice_types,
            ("instruments", index, key, "answer"),
            "an unconfirmed answer says what the sources leave open under unconfirmed (a clause, such as "
            "'whether INTERPOL's own review step applies')",
        )
        for index, entry in enumerate(inputs.notice_types.data["instruments"])
        for key in ("prior_review", "arrest", "reaches_borders")
        if entry.get(key) and entry[key]["answer"] == "unconfirmed" and not entry[key].get("unconfirmed")
    ]


def check_comparison_entries_exist(inputs: Inputs) -> list[Problem]:
    ids = [e["id"] for e in inputs.notice_types.data["instruments"]]
    return [
        _at(
            inputs.notice_types,
            ("comparisons", c, "entries", i),
            f"expected the id of an entry under instruments, one of {', '.join(ids)}; got {entry_id!r}",
        )
        for c, comparison in enumerate(inputs.notice_types.data.get("comparisons", []))
        for i, entry_id in enumerate(comparison["entries"])
        if entry_id not in ids
    ]


def check_glossary_matches_unique(inputs: Inputs) -> list[Problem]:
    seen: dict = {}
    problems = []
    for index, term in enumerate(inputs.glossary.data["terms"]):
        matches = term["matches"] if isinstance(term["matches"], dict) else {"en": term["matches"]}
        for language, words in sorted(matches.items()):
            for m, word in enumerate(words):
                path = ("terms", index, "matches") + ((language,) if isinstance(term["matches"], dict) else ()) + (m,)
                if (language, word) in seen:
                    problems.append(
                        _at(
                            inputs.glossary,
                            path,
                            f"{word!r} already gets the tooltip of {seen[(language, word)]!r}; a word can have one tooltip",
                        )
                    )
                seen.setdefault((language, word), term["id"])
    return problems


def check_bodies_exist(inputs: Inputs) -> list[Problem]:
    problems = []
    for vocabulary, bodies, folder in (
        ("recommendations", inputs.guides, "guides"),
        ("misuse_patterns", inputs.patterns, "patterns"),
    ):
        codes = inputs.vocabularies[vocabulary].codes
        for code in codes:
            if code not in bodies:
                shown = display_path(inputs.folder / folder / f"{code}.md")
                problems.append(
                    Problem(
                        shown, 1, "", f"missing: every code of precedents/vocabularies/{vocabulary}.yml needs a page body here"
                    )
                )
        for code, (shown, _) in sorted(bodies.items()):
            if code not in codes:
                problems.append(
                    Problem(
                        shown,
                        1,
                        "",
                        f"{code!r} is not a code of precedents/vocabularies/{vocabulary}.yml; rename the file or add the code",
                    )
                )
    return problems


def _lines(text: str):
    """(line number, line) outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def _steps(text: str) -> list[tuple[int, str]]:
    """The numbered steps of a body: (line of the step, its text with continuation lines)."""
    steps: list[list] = []
    current = None
    blank = False
    for number, line in _lines(text):
        if STEP.match(line):
            current = [number, line]
            steps.append(current)
            blank = False
        elif current is None:
            continue
        elif not line.strip():
            blank = True
        elif line.startswith("#") or (blank and not line.startswith((" ", "\t"))):
            current = None  # a heading or an unindented paragraph ends the list
        else:
            current[1] += "\n" + line
            blank = False
    return [(number, text) for number, text in steps]


def check_guide_steps_cite_sources(inputs: Inputs) -> list[Problem]:
    """A guide is a sequence of numbered steps, and every step cites a source."""
    problems = []
    for _code, (shown, text) in sorted(inputs.guides.items()):
        steps = _steps(text)
        if not steps:
            problems.append(Problem(shown, 1, "", "a guide is a sequence of numbered steps (1. 2. 3.); found none"))
        for index, (number, step) in enumerate(steps, start=1):
            if not FOOTNOTE_REF.search(step):
                problems.append(
                    Problem(shown, number, f"step {index}", "expected at least one source footnote such as [^S13]; found none")
                )
    return problems


def check_body_citations_resolve(inputs: Inputs) -> list[Problem]:
    known = _known_sources(inputs)
    problems = []
    for bodies in (inputs.guides, inputs.patterns):
        for _code, (shown, text) in sorted(bodies.items()):
            for number, line in _lines(text):
                definition = FOOTNOTE_DEF.match(line)
                if definition:
                    problems.append(
                        Problem(
                            shown,
                            number,
                            f"[^{definition.group(1)}]",
                            "a body cites sources by id and does not define footnotes; the page adds them from sources.yml",
                        )
                    )
                    continue
                for label in FOOTNOTE_REF.findall(line):
                    if label not in known:
                        problems.append(_unknown_source(shown, number, label, inputs))
    return problems


def _unknown_source(shown: str, number: int, label: str, inputs: Inputs) -> Problem:
    return Problem(shown, number, f"[^{label}]", f"expected the id of a source in {inputs.sources.path}; got {label!r}")


def check_docs_footnotes(inputs: Inputs) -> list[Problem]:
    """In hand-written pages: every footnote cited is defined, every one defined is cited,
    and a footnote labelled with a source id gives that source's address."""
    known = _known_sources(inputs)
    problems = []
    docs = Path(inputs.docs_dir)
    for path in sorted(docs.rglob("*.md")):
        shown = display_path(path)
        text = path.read_text(encoding="utf-8")
        cited: dict = {}
        defined: dict = {}
        for number, line in _lines(text):
            definition = FOOTNOTE_DEF.match(line)
            if definition:
                label, body = definition.groups()
                defined.setdefault(label, number)
                if SOURCE_ID.fullmatch(label):
                    if label not in known:
                        problems.append(_unknown_source(shown, number, label, inputs))
                    elif known[label]["url"] not in body:
                        problems.append(
                            Problem(
                                shown,
                                number,
                                f"[^{label}]",
                                f"expected the address of {label} in {inputs.sources.path}, {known[label]['url']}",
                            )
                        )
                continue
            for label in FOOTNOTE_REF.findall(line):
                cited.setdefault(label, number)
        for label, number in cited.items():
            if label not in defined:
                problems.append(
                    Problem(
                        shown, number, f"[^{label}]", "footnote cited but not defined; add its definition at the end of the page"
                    )
                )
        for label, number in defined.items():
            if label not in cited:
                problems.append(Problem(shown, number, f"[^{label}]", "footnote defined but never cited; cite it or remove it"))
        # Footnotes are numbered in definition order; defining them in citation order
        # makes the numbers read 1, 2, 3 down the page.
        in_citation_order = [label for label in cited if label in defined]
        in_definition_order = [label for label in defined if label in cited]
        for expected, found in zip(in_citation_order, in_definition_order, strict=True):
            if expected != found:
                problems.append(
                    Problem(
                        shown,
                        defined[found],
                        f"[^{found}]",
                        f"define footnotes in the order they are first cited; expected [^{expected}] here",
                    )
                )
                break
    return problems


def declared_anchors(text: str) -> set[str]:
    """Anchors a Markdown page declares explicitly: {: #id } attribute lists and id="..."."""
    return {a or b for a, b in EXPLICIT_ANCHOR.findall(text)}


def check_explanations_resolve(inputs: Inputs) -> list[Problem]:
    """A vocabulary term's explained_at names a hand-written page and an anchor it declares."""
    problems = []
    docs = Path(inputs.docs_dir)
    for name, vocabulary in sorted(inputs.vocabularies.items()):
        shown = display_path(inputs.folder.parent / "vocabularies" / f"{name}.yml")
        for index, term in enumerate(vocabulary.terms):
            if not term.explained_at:
                continue
            page, _, anchor = term.explained_at.partition("#")
            target = docs / page
            where = f"[{index}].explained_at"
            if not target.is_file():
                problems.append(
                    Problem(
                        shown,
                        term.line,
                        where,
                        f"expected a hand-written page under docs/; {display_path(target)} does not exist",
                    )
                )
            elif anchor and anchor not in declared_anchors(target.read_text(encoding="utf-8")):
                problems.append(
                    Problem(
                        shown,
                        term.line,
                        where,
                        f"{display_path(target)} declares no anchor {anchor!r}; "
                        f"add {{: #{anchor} }} to the heading of the section that explains it",
                    )
                )
    return problems


CHECKS = (
    check_source_ids_unique,
    check_citations_resolve,
    check_instrument_codes_exist,
    check_entry_ids_unique,
    check_positions_only_when_contested,
    check_unconfirmed_answers_say_what,
    check_comparison_entries_exist,
    check_glossary_matches_unique,
    check_bodies_exist,
    check_guide_steps_cite_sources,
    check_body_citations_resolve,
    check_docs_footnotes,
    check_explanations_resolve,
)


# --- the model ----------------------------------------------------------------------


def _text(value, squash: bool = False) -> Text | None:
    """English text or a language map; ``squash``: runs of white space become one space."""
    text = Text.of(value, "en")
    if text is None or not squash:
        return text
    return Text(tuple((lang, " ".join(v.split())) for lang, v in text.versions), text.made_from)


def _statement(data: dict | None) -> Statement | None:
    if data is None:
        return None
    return Statement(_text(data["text"]), tuple(data["sources"]), _text(data.get("unconfirmed")))


def _answer(data: dict | None) -> Answer | None:
    if data is None:
        return None
    return Answer(
        answer=data["answer"],
        text=_text(data.get("text")) if data.get("text") else None,
        sources=tuple(data.get("sources", ())),
        unconfirmed=_text(data.get("unconfirmed")),
        positions=tuple(Position(_text(p["holder"]), _text(p["text"]), tuple(p["sources"])) for p in data.get("positions", ())),
    )


def _model(inputs: Inputs) -> Reference:
    data = inputs.notice_types.data
    notice_types = tuple(
        NoticeType(
            id=e["id"],
            instrument=e["instrument"],
            name=_text(e["name"]),
            family=e["family"],
            summary=_statement(e["summary"]),
            purpose=_statement(e["purpose"]),
            requested_by=_statement(e["requested_by"]),
            circulated_by=_statement(e["circulated_by"]),
            prior_review=_answer(e["prior_review"]),
            arrest=_answer(e["arrest"]),
            reaches_borders=_answer(e.get("reaches_borders")),
            visibility=_statement(e["visibility"]),
            rules=tuple(
                Rule(_text(r["document"]), r.get("articles"), _text(r["subject"]), r["confirmed"], tuple(r["sources"]))
                for r in e["rules"]
            ),
            misuse=tuple(_statement(m) for m in e.get("misuse", ())),
            remedies=tuple(_statement(r) for r in e["remedies"]),
            history=_statement(e.get("history")),
            status=_statement(e.get("status")),
        )
        for e in data["instruments"]
    )
    glossary = tuple(
        sorted(
            (
                GlossaryTerm(
                    id=t["id"],
                    term=_text(t["term"]),
                    matches={
                        k: tuple(v) for k, v in (t["matches"] if isinstance(t["matches"], dict) else {"en": t["matches"]}).items()
                    },
                    tooltip=_text(t["tooltip"], squash=True),
                    definition=_text(t["definition"], squash=True),
                    unconfirmed=_text(t.get("unconfirmed")),
                    sources=tuple(t["sources"]),
                    see=t.get("see"),
                    contested=_text(t.get("contested")),
                )
                for t in inputs.glossary.data["terms"]
            ),
            key=lambda t: (str(t.term).lower(), t.id),
        )
    )
    return Reference(
        sources={s["id"]: Source(s["id"], s["title"], s["url"]) for s in inputs.sources.data["sources"]},
        notice_types=notice_types,
        figures=tuple(_statement(s) for s in data.get("figures", ())),
        notes=tuple(_statement(s) for s in data.get("notes", ())),
        comparisons=tuple(
            Comparison(
                c["id"], _text(c["title"]), tuple(_statement(s) for s in c["intro"]), tuple(c["entries"]), tuple(c["aspects"])
            )
            for c in data.get("comparisons", ())
        ),
        glossary=glossary,
        guides={
            code: _body(inputs.folder / "guides", code, shown, text) for code, (shown, text) in sorted(inputs.guides.items())
        },
        patterns={
            code: _body(inputs.folder / "patterns", code, shown, text) for code, (shown, text) in sorted(inputs.patterns.items())
        },
    )
