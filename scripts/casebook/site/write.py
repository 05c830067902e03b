"""Write generated files to disk: only what changed, and nothing stale left behind.

Consumes: a folder and a dict {relative path: text or bytes}.
Produces: the folder holding exactly those files. Files whose content is unchanged
are not touched (so timestamps and watchers stay quiet); files not in the dict are
removed, and so are folders left empty. ``write_new_files`` only adds files, to a
folder being built (the new site).
"""

from __future__ import annotations

from pathlib import Path


def write_tree(folder: Path, files: dict) -> dict:
    """Make ``folder`` hold exactly ``files``; return counts of written, unchanged, removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = unchanged = removed = 0
    for relative, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = folder / relative
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    wanted = {Path(r).as_posix() for r in files}
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return {"written": written, "unchanged": unchanged, "removed": removed}


def write_new_files(folder: Path, files: dict) -> None:
    """Add ``files`` ({relative path: text or bytes}) to ``folder``, which holds none of them."""
    made = set()
    for relative, content in files.items():
        target = Path(folder) / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
