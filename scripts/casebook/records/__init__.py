"""Records: everything under ``precedents/`` read and checked.

Takes the record files, the schema, the vocabularies and the knowledge base's reference
data; gives a checked ``Collection`` of frozen ``Precedent``s, or ``path:LINE: field:
message`` problems. Imports nothing from the other stages.
"""
