"""Site: pages and published files built into a finished, checked site.

Takes the rendered pages and published files; writes them, runs the site engine and
Pagefind (``engine`` is the only module that knows them), marks glossary words, checks
every link, and swaps the new site into place only when all of it succeeded.
"""
