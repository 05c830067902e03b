"""Pages: a checked collection rendered as the site's Markdown pages.

Takes a ``Collection``; derives what records imply (facts, filters, groups, links both
ways), draws the pictures and renders the Jinja2 templates into ``{relative path:
text}``. Plain Python: nothing here knows the site engine.
"""
