"""Problems found in input files, and how they are printed.

Consumes: nothing (a data type and two formatting helpers).
Produces: ``Problem`` values that every checking stage returns in lists, printed as
``path:LINE: field: message`` lines followed by ``N problems in M files``. A problem
is an error unless it is a warning (``severity="warning"``: a stale translation, for
example), printed ``path:LINE: field: warning: message``, counted apart, and never
a reason to refuse a record or a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        field, message = one_line(self.field), one_line(self.message)
        if self.is_warning:
            message = f"warning: {message}"
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_warning]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_warning]


def one_line(text: str) -> str:
    """Text from a record (a key, a value) made safe for one terminal line: characters that
    are not printable (line breaks, carriage returns, tabs, terminal escapes, invisible
    format characters) are shown as escapes, e.g. \\r or \\u2028."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a contributor would type it: relative to the working directory when possible."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def summary(problems: list[Problem]) -> str:
    """``N problems in M files``, counting errors; warnings, if any, after them."""
    found = errors(problems)
    files = len({p.path for p in found})
    text = f"{len(found)} problem{'s' if len(found) != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    return text + _warnings_count(problems, ", and ")


def warnings_summary(problems: list[Problem]) -> str:
    return _warnings_count(problems, "").strip()


def _warnings_count(problems: list[Problem], lead: str) -> str:
    n = len(warnings(problems))
    return f"{lead}{n} warning{'s' if n != 1 else ''}" if n else ""
