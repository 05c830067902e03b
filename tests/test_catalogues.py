"""The interface strings' catalogues: the template is current (extraction finds no new
msgid), and every language's catalogue is complete, without fuzzy entries, and keeps
each msgid's placeholders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.pages.i18n import languages
from casebook.pages.i18n.catalogues import catalogue_status, msgids, placeholders

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "docs" / "locales"
TEMPLATE = LOCALES / "casebook.pot"
CATALOGUES = sorted(LOCALES.glob("*.po"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """What `make messages` would extract now (the Makefile's keywords)."""
    out = tmp_path_factory.mktemp("messages") / "casebook.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    command = [str(pybabel if pybabel.exists() else shutil.which("pybabel")), "-q", "extract", "-F", "babel.cfg"]
    command += [
        "-k",
        "n_:1,2",
        "-k",
        "N_",
        "-k",
        "NP_:1,2",
        "-k",
        "p_:1c,2",
        "--ignore-dirs=build tests node_modules .venv",
        "-o",
        str(out),
        ".",
    ]
    subprocess.run(command, cwd=ROOT, check=True)
    return out


def test_the_template_is_current(extracted):
    new = msgids(extracted) - msgids(TEMPLATE)
    gone = msgids(TEMPLATE) - msgids(extracted)
    assert not new and not gone, f"run `make messages`: new msgids {sorted(new)}, msgids no longer used {sorted(gone)}"


def test_every_language_has_a_catalogue():
    assert "ru" in languages(LOCALES)
    assert CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.stem)
def test_catalogue_is_complete(po):
    assert msgids(po) == msgids(TEMPLATE), "run `make messages` to merge the template into the catalogue"
    status = catalogue_status(po)
    assert status.fuzzy == 0, f"{po.name}: {status.fuzzy} fuzzy entries"
    assert status.missing == 0, f"{po.name}: {status.missing} untranslated entries"
    assert not status.placeholder_problems, "\n".join(status.placeholder_problems)


def test_placeholder_check_catches_a_lost_placeholder(tmp_path):
    po = tmp_path / "xx.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "about {date}"\nmsgstr "vers {datum}"\n\n'
        'msgid "{n} precedent"\nmsgid_plural "{n} precedents"\nmsgstr[0] "un precedent"\nmsgstr[1] "{n} precedents"\n\n'
        'msgid "Glossary"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Year"\nmsgstr "An"\n',
        encoding="utf-8",
    )
    status = catalogue_status(po)
    assert (status.total, status.translated, status.fuzzy, status.missing) == (4, 2, 1, 1)
    assert len(status.placeholder_problems) == 2
    assert "about {date}" in status.placeholder_problems[0] and "form 0" in status.placeholder_problems[1]


def test_russian_plural_forms():
    from casebook.pages.i18n import Language

    ru = Language.load("ru", LOCALES)
    assert [ru.n_("{n} precedent", "{n} precedents", n) for n in (1, 2, 5, 21)] == [
        "1 прецедент",
        "2 прецедента",
        "5 прецедентов",
        "21 прецедент",
    ]
    assert placeholders("{n} of %s and %(x)s") == ["%(x)s", "%s", "{n}"]


def test_messages_reach_the_site_stage_and_mkdocs_yml(extracted):
    """`make messages` once skipped every folder named "site", scripts/casebook/site too
    (its --ignore-dirs pattern); and the navigation's titles come from mkdocs.yml."""
    found = msgids(extracted)
    assert "Search suggestions" in found  # scripts/casebook/site/build.py
    assert "What is a Red Notice?" in found  # mkdocs.yml's nav
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '--ignore-dirs="build tests node_modules .venv"' in makefile
