"""`casebook translations --export LANGUAGE FILE` and `--apply FILE`: record prose out to a
translator's file and back, each translation with the hash of its English, the rest of
each record left byte for byte; bad files refused with file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from casebook.cli import main
from casebook.records.model import source_hash
from casebook.tools.translation_files import apply_to_record, parse_path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "precedents"

RECORD = """\
# a comment that stays
id: xx-2020-example
headnote: >-
  A folded English
  headnote.
items:
  - plain item text
  - text: >-
      A nested
      text.
    code: kept
short: Short text # trailing comment
done:
  en: Done already
  ru: Уже сделано
  ru_from: "00000000"
"""


def test_paths():
    assert parse_path("proceedings[1].grounds[0].note") == ["proceedings", 1, "grounds", 0, "note"]
    assert parse_path("unconfirmed[0]") == ["unconfirmed", 0]
    assert parse_path("a..b") is None and parse_path("") is None and parse_path("a[x]") is None


def test_apply_rewrites_only_the_fields_it_translates():
    fields = {
        "headnote": ("A folded English headnote.", "Сложенная аннотация.", 1),
        "items[0]": ("plain item text", "простой пункт", 2),
        "items[1].text": ("A nested text.", "Вложенный текст.", 3),
        "short": ("Short text", "Короткий текст", 4),
        "done": ("Done already", "Сделано", 5),
    }
    result, problems = apply_to_record(RECORD, fields, "ru")
    assert problems == []
    data = yaml.safe_load(result)
    assert data["headnote"] == {
        "en": "A folded English headnote.",
        "ru": "Сложенная аннотация.",
        "ru_from": source_hash("A folded English headnote."),
    }
    assert data["items"][0]["ru"] == "простой пункт" and data["items"][1]["code"] == "kept"
    assert data["items"][1]["text"]["ru_from"] == source_hash("A nested text.")
    assert data["short"]["en"] == "Short text"
    assert data["done"] == {"en": "Done already", "ru": "Сделано", "ru_from": source_hash("Done already")}
    assert result.startswith("# a comment that stays\nid: xx-2020-example\n")
    assert apply_to_record(result, fields, "ru") == (result, [])  # applying twice changes nothing


def test_apply_refuses_a_translation_of_another_english():
    result, problems = apply_to_record(RECORD, {"headnote": ("An older headnote.", "Старая.", 1)}, "ru")
    assert result == RECORD
    assert problems == [
        ("headnote", "the English in the record is not the English this translation was made from (export again)")
    ]
    _, problems = apply_to_record(RECORD, {"nowhere[3]": ("x", "y", 1)}, "ru")
    assert problems == [("nowhere[3]", "no such field in the record")]


def test_export_fill_apply_on_a_copy_of_the_fixtures(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "precedents"
    shutil.copytree(FIXTURES, folder)
    monkeypatch.chdir(ROOT)
    exported = tmp_path / "todo.yml"
    assert main(["translations", "--precedents", str(folder), "--export", "ru", str(exported)]) == 0
    todo = yaml.safe_load(exported.read_text(encoding="utf-8"))
    record_id, fields = next(iter(todo.items()))
    path, entry = next(iter(fields.items()))
    assert entry["ru"] == "" and entry["en"]
    untouched = {p.name: p.read_bytes() for p in folder.glob("*.yml") if p.stem != record_id}
    fields = {path: {"en": entry["en"], "ru": "Перевод."}}
    done = tmp_path / "done.yml"
    done.write_text(yaml.safe_dump({record_id: fields}, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert main(["translations", "--precedents", str(folder), "--apply", str(done)]) == 0
    assert "1 translated fields written" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in folder.glob("*.yml") if p.stem != record_id} == untouched
    assert main(["check", "--precedents", str(folder)]) == 0
    assert main(["translations", "--precedents", str(folder), "--export", "ru", str(exported)]) == 0
    assert path not in yaml.safe_load(exported.read_text(encoding="utf-8")).get(record_id, {})


def test_a_bad_file_names_file_line_and_field(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "precedents"
    shutil.copytree(FIXTURES, folder)
    before = {p.name: p.read_bytes() for p in folder.glob("*.yml")}
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "by-2021-malakhouski:\n  headnote:\n    en: Not the English of this record.\n    ru: Перевод.\n"
        "no-such-record:\n  title:\n    en: x\n    ru: y\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(ROOT)
    assert main(["translations", "--precedents", str(folder), "--apply", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:2: by-2021-malakhouski: headnote: the English in the record is not the English" in out
    assert f"{bad}:5: no-such-record: no record no-such-record.yml in" in out
    assert "Traceback" not in out
    assert {p.name: p.read_bytes() for p in folder.glob("*.yml")} == before
