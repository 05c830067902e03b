"""Tools: for contributors and maintainers, around the pipeline rather than in it.

Scaffolding a record (``casebook new``), the field reference, synthetic collections
for benchmarks, the benchmarks themselves, the resource bombs and a browser helper.
"""
