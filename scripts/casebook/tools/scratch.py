"""A scratch project in a temporary folder, for tests and benchmarks that run the
``casebook`` command somewhere other than the project itself.

Consumes: a folder and a real project's root.
Produces: that folder made a Casebook project (``mkdocs.yml`` next to ``precedents/``):
the configuration, the hand-written docs and everything in ``precedents/`` but the
records (schema, vocabularies, reference data, public names) are links to the real
project's, so the command finds a project there and checks records against the real
schema. Records go wherever the caller puts them (``--precedents``).
"""

from __future__ import annotations

from pathlib import Path

SHARED = ("schema.json", "vocabularies", "reference", "public-names.txt")


def link_project(folder: Path, project_root: Path) -> Path:
    folder, project_root = Path(folder), Path(project_root).resolve()
    (folder / "precedents").mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs"):
        if not (folder / name).exists():
            (folder / name).symlink_to(project_root / name)
    for name in SHARED:
        if not (folder / "precedents" / name).exists():
            (folder / "precedents" / name).symlink_to(project_root / "precedents" / name)
    return folder
