"""Casebook: precedents on the misuse of INTERPOL channels, from YAML records to a static site.

The pipeline, one module a stage (see ../../STYLE notes in README.md):

    precedents/*.yml -> load -> validate -> model -> derive -> render -> write
                     -> engine (mkdocs build + pagefind) -> site/

Only ``engine.py`` knows the site engine; everything else is plain Python.
"""

__version__ = "0.1.0"
