"""Babel extractor for ``mkdocs.yml``: the navigation's titles and the site's description.

Consumes: ``mkdocs.yml``, as Babel hands it over (a binary file object), read as plain YAML.
Produces: Babel's extraction tuples, ``(line, funcname, message, comments)``, one per
navigation title (``nav``, at any depth) and one for ``site_description`` (its white
space made single, as the build reads it). ``babel.cfg`` names this function for
``mkdocs.yml``, so ``make messages`` puts them into ``docs/locales/casebook.pot`` and
each language's engine run translates them through its catalogue (site/engine.py).
"""

from __future__ import annotations

import yaml


def _titles(node, found: list) -> None:
    """(title, line) of every navigation entry under ``node`` (a yaml node)."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _titles(item, found)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.append((key.value, key.start_mark.line + 1))
            _titles(value, found)


def extract_mkdocs(fileobj, keywords, comment_tags, options):
    """Babel's extraction method for mkdocs.yml (see the module's docstring)."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if key.value == "site_description" and isinstance(value, yaml.ScalarNode):
            text = " ".join(str(yaml.safe_load(yaml.serialize(value)) or "").split())
            yield key.start_mark.line + 1, None, text, ["the site's description (mkdocs.yml)"]
        elif key.value == "nav":
            found: list = []
            _titles(value, found)
            for title, line in found:
                yield line, None, title, ["a title in the navigation (mkdocs.yml)"]
