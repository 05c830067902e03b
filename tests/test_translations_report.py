"""`casebook translations`: coverage per language, on fixtures."""

from __future__ import annotations

import hashlib
from pathlib import Path

from casebook.cli import main
from casebook.records.model import Text, source_hash
from casebook.records.translations import MISSING, STALE, TRANSLATED, state, texts
from casebook.tools.translations import Row, file_hash, page_state, table

ROOT = Path(__file__).resolve().parent.parent


def test_page_states(tmp_path):
    english = tmp_path / "about.md"
    english.write_text("# About\n\nText.\n", encoding="utf-8")
    assert page_state(english, "ru") == MISSING
    russian = tmp_path / "about.ru.md"
    russian.write_text(f"---\ntranslated_from: {file_hash(english)}\n---\n# О проекте\n", encoding="utf-8")
    assert file_hash(english) == hashlib.sha256(english.read_bytes()).hexdigest()[:8]
    assert page_state(english, "ru") == TRANSLATED
    english.write_text("# About\n\nChanged text.\n", encoding="utf-8")
    assert page_state(english, "ru") == STALE
    russian.write_text("# О проекте, без front matter\n", encoding="utf-8")
    assert page_state(english, "ru") == STALE  # a translation that does not say what it was made from


def test_text_states_and_walk():
    fresh = Text((("en", "Red Notice"), ("ru", "Красное уведомление")), (("ru", source_hash("Red Notice")),))
    old = Text((("en", "Red Notices"), ("ru", "Красное уведомление")), (("ru", source_hash("Red Notice")),))
    bare = Text((("en", "Red Notice"),))
    assert [state(t, "ru") for t in (fresh, old, bare)] == [TRANSLATED, STALE, MISSING]
    assert [path for path, _ in texts({"a": (fresh, None, [bare])})] == ["a[0]", "a[2][0]"]


def test_table_counts():
    row = Row("vocabulary entries")
    for found in (TRANSLATED, TRANSLATED, STALE, MISSING):
        row.add(found)
    out = table("ru", [row])
    assert out.splitlines()[1].split() == ["vocabulary", "entries", "2", "1", "1", "4", "50", "%"]


def test_command_on_the_fixture_collection(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["translations", "--precedents", str(ROOT / "tests" / "fixtures" / "precedents")]) == 0
    out = capsys.readouterr().out
    lines = {line.split("  ")[0]: line.split() for line in out.splitlines()[1:]}
    assert out.startswith("ru ")
    assert lines["interface strings (.po)"][-6:-3] == ["0", "0", "0"]  # stale, missing, fuzzy
    assert lines["vocabulary entries"][-1] == "%" and lines["vocabulary entries"][-2] == "100"
    assert "records: title" in lines and "hand-written pages" in lines


def test_translations_of_pages_are_not_pages_or_bodies_of_the_english_site():
    """X.ru.md beside X.md (docs/, guides/, patterns/) is not a code of a guide or pattern
    for the checker, and not a page of its own (/about.ru/) in the English build."""
    from casebook.records.collection import Project, check_collection
    from casebook.records.translations import is_translation
    from casebook.site.build import assemble

    assert is_translation("docs/about.ru.md") and is_translation(Path("guides/ask-the-ccf.uk.md"))
    assert not is_translation("docs/about.md") and not is_translation("docs/v1.2.md")
    project = Project(ROOT)
    translations = [p for p in (project.reference_dir / "guides").glob("*.md") if is_translation(p)]
    translations += [p for p in project.docs_dir.rglob("*.md") if is_translation(p)]
    assert translations, "the project has translated pages"
    collection, problems = check_collection(project)
    assert not [p for p in problems if not p.is_warning], problems
    files, _ = assemble(project, {})
    assert not [name for name in files if is_translation(name)]
