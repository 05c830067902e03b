"""Casebook: precedents on the misuse of INTERPOL channels, from YAML records to a static site.

One folder a stage, in pipeline order; each imports only from the folders below it
(import-linter's layers contract in pyproject.toml, run by ``make lint``):

    records/  precedents/*.yml -> load -> validate -> check -> model   (a Collection)
    pages/    derive -> render                                          (Markdown pages)
    publish/  exports, feeds, redirects, PDFs                           (files beside the pages)
    site/     write -> engine (mkdocs build + pagefind) -> link check -> site/
    tools/    scaffold, field reference, benchmarks
    cli.py    the ``casebook`` command

Only ``site/engine.py`` knows the site engine; everything else is plain Python.
"""

__version__ = "0.1.0"
