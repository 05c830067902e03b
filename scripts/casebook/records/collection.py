"""Check a whole collection: load, validate and check every record, then build the model.

Consumes: a folder of ``<id>.yml`` records, the schema, the vocabularies and the
reference data (``precedents/reference/``: notice types, glossary, sources, guide and
pattern bodies; see ``reference.py``; the translations' term list, ``terminology.py``;
the CCF decisions digest, ``ccf_decisions.py``).
Produces: a ``Collection`` (the ``Precedent``s sorted by id, the vocabularies, the
reference data, the digest) and every problem found, sorted by file and line. This is the one call behind ``casebook check``,
the build and the tests, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .anonymity import guard_from_environment
from .ccf_decisions import CcfDigest, load_ccf_decisions
from .checks import Context, run_collection_checks, run_record_checks
from .load import Document, load_file
from .model import Precedent, precedent_from_data
from .problems import Problem, display_path
from .reference import Reference, load_reference
from .terminology import Terminology, load_terminology
from .validate import load_schema, make_validator, validate
from .vocabularies import Vocabularies, load_vocabularies

NOT_A_PROJECT = "not inside a Casebook project: no mkdocs.yml with a precedents/ folder here or above"


class NotAProject(Exception):
    """No Casebook project in the folder or any folder above it."""


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder, from ``start`` (the current directory) upward, that holds
    ``mkdocs.yml`` next to a ``precedents/`` folder: the command works on the project it
    is run in, like ``git`` and ``mkdocs``, wherever the package is installed."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "precedents").is_dir():
            return folder
    raise NotAProject(NOT_A_PROJECT)


@dataclass(frozen=True)
class Project:
    """Where things live: the project's root folder (``find_project_root``).
    ``precedents`` may point elsewhere (tests, benchmarks)."""

    root: Path
    precedents: Path | None = None

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root))
        object.__setattr__(self, "precedents", Path(self.precedents) if self.precedents else self.root / "precedents")

    @property
    def schema_path(self) -> Path:
        return self.root / "precedents" / "schema.json"

    @property
    def vocabulary_dir(self) -> Path:
        return self.root / "precedents" / "vocabularies"

    @property
    def public_names(self) -> Path:
        return self.root / "precedents" / "public-names.txt"

    @property
    def reference_dir(self) -> Path:
        return self.root / "precedents" / "reference"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"


@dataclass(frozen=True)
class Collection:
    precedents: tuple[Precedent, ...]
    vocabularies: Vocabularies
    schema: dict = field(repr=False)
    reference: Reference | None = field(default=None, repr=False)
    terminology: Terminology = field(default_factory=Terminology, repr=False)
    ccf_digest: CcfDigest | None = field(default=None, repr=False)

    def by_id(self, precedent_id: str) -> Precedent:
        return self._index[precedent_id]

    @cached_property
    def _index(self) -> dict:
        return {p.id: p for p in self.precedents}


def record_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.yml") if p.is_file())


@contextmanager
def records_kept():
    """Load records (``check_collection``, or unpickling a collection in the build's second
    process) without the cyclic garbage collector, then freeze.

    Loading 10,000 records makes about a million objects the collector tracks, all kept
    to the build's end; it walked them all again at each of its full passes: almost a
    third of the check's time at 10,000 (24 s with it, 16.5 s without), and 4.0 s
    against 0.7 s to unpickle them. So it is off while they load, and once they have
    loaded ``gc.freeze`` keeps its later passes off every object then tracked (the
    records, and whatever else the process holds); ``site.build.build`` unfreezes them all
    when it ends, however it ends (``gc.unfreeze``, which also ends a freeze its caller
    made). The cost: cyclic garbage made while loading, if any, is only freed after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    gc.freeze()  # only after a load that did not raise


def check_collection(project: Project, today: dt.date | None = None) -> tuple[Collection, list[Problem]]:
    schema = load_schema(project.schema_path)
    vocabularies, problems = load_vocabularies(project.vocabulary_dir, schema)
    reference, found = load_reference(project.reference_dir, vocabularies, project.docs_dir)
    problems += found
    terminology, found = load_terminology(project.reference_dir / "terminology.yml")
    problems += found
    validator = make_validator(schema)
    guard, found = guard_from_environment(vocabularies, project.public_names)
    problems += found
    ctx = Context(today=today or dt.date.today(), anonymity=guard)

    for stray in sorted(Path(project.precedents).glob("*.yaml")):
        problems.append(Problem(display_path(stray), 1, "", "records use the .yml extension; rename the file"))

    valid: list[Document] = []
    parsed: list[Document] = []
    for path in record_files(project.precedents):
        shown = display_path(path)
        document, found = load_file(path, shown)
        problems += found
        if document is None:
            continue
        parsed.append(document)
        found = validate(document, validator)
        if not found:
            found = run_record_checks(document, ctx)
        problems += found
        if not any(not p.is_warning for p in found):
            valid.append(document)
    # A record that failed to load still exists: links to it are not others' problems.
    known = frozenset(path.stem for path in record_files(project.precedents))
    problems += run_collection_checks([d for d in parsed if isinstance(d.data.get("id"), str)], known)
    # The digest belongs to the project: its links to precedents are checked against the
    # project's own records, not against another folder given with --precedents.
    own = Path(project.precedents).resolve() == (project.root / "precedents").resolve()
    ccf_digest, found = load_ccf_decisions(project.reference_dir, vocabularies, known if own else None, ctx.today)
    problems += found

    bad_files = {p.path for p in problems if not p.is_warning}  # a warning does not keep a record out
    precedents = tuple(
        sorted(
            (precedent_from_data(d.data, d.path) for d in valid if d.path not in bad_files),
            key=lambda p: p.id,
        )
    )
    collection = Collection(precedents, vocabularies, schema, reference, terminology or Terminology(), ccf_digest)
    return collection, sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))
