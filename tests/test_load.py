"""The strict YAML loader: YAML 1.1 surprises, unsafe features and bombs fail cleanly."""

import pytest

from casebook.records.load import MAX_BYTES, load_bytes

LOADS_AS = [
    ("norway is text", b"c: NO\n", {"c": "NO"}),
    ("yes and on are text", b"a: yes\nb: on\nc: off\n", {"a": "yes", "b": "on", "c": "off"}),
    ("unquoted date stays text", b"d: 2020-05-01\n", {"d": "2020-05-01"}),
    ("true and false are booleans", b"a: true\nb: false\n", {"a": True, "b": False}),
    ("decimal digits are integers", b"n: 12\n", {"n": 12}),
    ("octal-looking text keeps its zero", b"n: 0o17\n", {"n": "0o17"}),
    ("tilde and empty are null", b"a: ~\nb:\n", {"a": None, "b": None}),
    ("quoted values are always text", b'a: "12"\nb: "true"\n', {"a": "12", "b": "true"}),
    ("floats stay text", b"a: 1.5\n", {"a": "1.5"}),
    ("explicit str tag allowed", b"a: !!str 12x\n", {"a": "12x"}),
    ("byte order mark ignored", "\ufeffa: b\n".encode(), {"a": "b"}),
]


@pytest.mark.parametrize("name,raw,expected", LOADS_AS, ids=[c[0] for c in LOADS_AS])
def test_values_load_as_written(name, raw, expected):
    document, problems = load_bytes(raw, "f.yml")
    assert problems == []
    assert document.data == expected


FAILS_WITH = [
    ("duplicate key", b"a: 1\nb: 2\na: 3\n", "f.yml:3: a: duplicate key; first given on line 1"),
    ("anchor", b"a: &x 1\n", "f.yml:1: anchors and aliases (& and *) are not allowed; write each value out"),
    (
        "alias bomb",
        b'a: &a ["l","l"]\nb: &b [*a,*a]\nc: [*b,*b]\n',
        "f.yml:1: anchors and aliases (& and *) are not allowed; write each value out",
    ),
    (
        "python tag",
        b"a: !!python/name:os.system x\n",
        "f.yml:1: the YAML tag '!!python/name:os.system' is not allowed; remove it",
    ),
    ("local tag", b"a: !secret x\n", "f.yml:1: the YAML tag '!secret' is not allowed; remove it"),
    ("timestamp tag", b"a: !!timestamp 2020-01-01\n", "f.yml:1: the YAML tag '!!timestamp' is not allowed; remove it"),
    ("tab indentation", b"a:\n\tb: 1\n", "f.yml:2: YAML syntax: a tab character; indent with spaces only"),
    (
        "bad indentation",
        b"a:\n  - b\n - c\n",
        "f.yml:3: YAML syntax: the indentation does not line up with the lines above (line 2 is indented 4 spaces, this line 3)",
    ),
    (
        "colon in plain value",
        b"a: b: c\n",
        "f.yml:1: YAML syntax: a ':' where a value was expected; check the indentation, or put the value in quotes if it contains ': '",
    ),
    (
        "two documents",
        b"a: 1\n---\nb: 2\n",
        "f.yml:2: the file holds more than one YAML document (a second '---'); one record per file",
    ),
    ("deep nesting", b"a: " + b"[" * 10_000, "f.yml:1: the file is nested more than 40 levels deep"),
    ("a list at the top", b"- a\n", "f.yml:1: expected a mapping of fields at the top level; got a list"),
    ("only comments", b"# nothing\n", "f.yml:1: the file is empty"),
    ("invalid utf-8", b"a: b\nc: \xff\n", "f.yml:2: invalid UTF-8 (byte 0xff); save the file as UTF-8"),
    ("NUL bytes", b"a: b\n\x00\x01", "f.yml:2: the file contains NUL bytes; expected UTF-8 text"),
    (
        "too large",
        b"a: " + b"x" * (MAX_BYTES + 10),
        f"f.yml:1: the file is larger than {MAX_BYTES // 1024} KB; a record should be a few KB",
    ),
    ("non-text key", b"? [a, b]\n: c\n", "f.yml:1: a key must be a plain name"),
]


@pytest.mark.parametrize("name,raw,expected", FAILS_WITH, ids=[c[0] for c in FAILS_WITH])
def test_bad_yaml_fails_with_one_clear_line(name, raw, expected):
    document, problems = load_bytes(raw, "f.yml")
    assert document is None
    assert [str(p) for p in problems] == [expected]


def test_line_numbers_point_at_keys_and_items():
    document, _ = load_bytes(b"a: 1\nlist:\n  - x: 1\n    y: 2\n  - x: 3\n", "f.yml")
    assert document.line_of(("list", 0, "y")) == 4
    assert document.line_of(("list", 1)) == 5
    assert document.line_of(("list", 1, "missing")) == 5
