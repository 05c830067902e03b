"""The site engines Casebook can build with, one small module each: what differs between them.

Consumes: an engine's name (``casebook build --engine NAME``).
Produces: an ``Engine``: its name, and ``build(config, config_path, build_epoch)``,
which builds the pages of ``config["docs_dir"]`` into ``config["site_dir"]`` (both
absolute) or raises ``EngineError``. Everything else (the configuration read from
mkdocs.yml, the sitemap, the compact navigation, the pages set aside and put back,
Pagefind, the link check) is the pipeline's own and the same for every engine
(engine.py, build.py). MkDocs + Material is the default (README, "Engines").
"""

from __future__ import annotations

from .mkdocs import MkDocs
from .zensical import Zensical

ENGINES = {engine.name: engine for engine in (MkDocs(), Zensical())}
DEFAULT_ENGINE = "mkdocs"


def engine_named(name: str | None):
    """The engine called ``name`` (the default for None); ValueError names the known ones."""
    try:
        return ENGINES[name or DEFAULT_ENGINE]
    except KeyError:
        raise ValueError(f"unknown site engine {name!r}; known: {', '.join(ENGINES)}") from None
