"""Publish: the files beside the pages, for machines, readers and feed readers.

Takes a ``Collection`` and its ``Publication``; gives the open-data exports, Atom
feeds, redirects for former ids and a PDF per precedent, made in the build's second
process (``worker``) while the first renders the pages.
"""
