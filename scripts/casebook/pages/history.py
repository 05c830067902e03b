"""When each record was first published and last changed, from git, in one pass.

Consumes: the records folder (``precedents/``, or a temporary one in tests).
Produces: ``{id: RecordDates}`` with the committer dates (UTC, RFC 3339) of the first
and the last commit that touched ``<id>.yml``. One ``git log`` call covers every
record, so the cost does not grow with one subprocess per record. The dates depend
only on the commits, never on the clock, so a build of a given commit is the same
whenever it runs.

Outside a git work tree (a temporary collection, an unpacked archive) or without git
the answer is ``{}``, and callers fall back (to the review date, or "not recorded").
In a shallow clone the oldest fetched commit stands for all the history cut off
below it, so a record whose last change would be dated by that commit gets no date
rather than a wrong one (deploy from a full clone to have them all).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

_COMMIT = "\x1e"  # record separator: starts each commit's header line


@dataclass(frozen=True)
class RecordDates:
    created: str | None  # first commit that added the record, e.g. "2025-05-01T09:30:00Z"
    updated: str | None  # last commit that changed it

    @property
    def updated_day(self) -> str | None:
        return self.updated[:10] if self.updated else None


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def utc(timestamp: str) -> str:
    """'2025-05-01T11:30:00+02:00' -> '2025-05-01T09:30:00Z'."""
    moment = dt.datetime.fromisoformat(timestamp).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_log(text: str) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """``git log`` output (newest first) -> ({stem: (hash, date) of last change}, {stem: ... of first})."""
    last: dict[str, tuple[str, str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for block in text.split(_COMMIT)[1:]:
        header, _, names = block.partition("\n")
        commit, _, date = header.strip().partition(" ")
        for name in names.split("\n"):
            name = name.strip()
            if not name.endswith(".yml") or "/" in name:
                continue  # only records, not vocabularies/ or other sub-folders
            stem = name[: -len(".yml")]
            last.setdefault(stem, (commit, date))
            first[stem] = (commit, date)  # overwritten until the oldest commit
    return last, first


def record_dates(folder: Path) -> dict[str, RecordDates]:
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    log = _git(folder, "log", f"--format={_COMMIT}%H %cI", "--name-only", "--no-renames", "--relative", "--", ".")
    if log is None:
        return {}
    last, first = parse_log(log)
    boundary: set[str] = set()
    if (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        shallow_file = (_git(folder, "rev-parse", "--git-path", "shallow") or "").strip()
        path = Path(shallow_file) if Path(shallow_file).is_absolute() else folder / shallow_file
        boundary = set(path.read_text().split()) if path.is_file() else set()
    dates = {}
    for stem, (commit, date) in last.items():
        created_commit, created = first[stem]
        dates[stem] = RecordDates(
            created=None if created_commit in boundary else utc(created),
            updated=None if commit in boundary else utc(date),
        )
    return dates
