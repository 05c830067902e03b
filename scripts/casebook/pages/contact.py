"""Getting help and sending corrections: what pages say about who publishes Casebook.

Consumes: the ``Site`` (``publication.py``): its ``Publisher`` from ``extra.publisher``
in mkdocs.yml, or None, and its ``repo_url``.
Produces: ready-made values for
- the "Get help from a lawyer" box on guide and precedent pages (``help_box``, laid out
  by ``templates/_partials/help.md.j2``);
- the contact page, ``contact.md`` (``templates/contact.md.j2``);
- the footer of every page (``footer_values``), which the theme override
  ``docs/overrides/partials/copyright.html`` prints; the build hands them to the engine
  as ``extra.casebook_footer`` (site/engine.py), since the footer is the theme's.
Nothing is invented: with no publisher configured, each of them says only "talk to a
lawyer who works on INTERPOL and extradition cases"; without ``repo_url`` nothing links
to a repository.
"""

from __future__ import annotations

from .publication import NEUTRAL_HELP, Site

CONTACT_PAGE = "contact.md"
CONTACT_URL = "contact/"  # the page's address relative to the site's root


def publisher_values(site: Site, gettext) -> dict | None:
    """The publisher as pages show it, or None."""
    publisher = site.publisher
    if publisher is None:
        return None
    return {
        "name": publisher.name,
        "url": publisher.url,
        "contact_href": publisher.contact_href,
        "contact_text": publisher.contact_text,
        "languages": ", ".join(publisher.languages),
        "languages_label": gettext("Languages spoken"),
    }


def help_box(site: Site, gettext, contact_link: str) -> dict:
    """What the "Get help from a lawyer" box says; ``contact_link`` is the contact page
    relative to the page the box is on."""
    return {
        "title": gettext("Get help from a lawyer"),
        "lead": gettext("Every case is different, and Casebook is not legal advice."),
        "neutral": gettext(NEUTRAL_HELP),
        "publisher": publisher_values(site, gettext),
        "published_by": gettext("Casebook is published by"),
        "contact_label": gettext("Contact"),
        "contact_link": contact_link,
        "contact_page": gettext("Get help and contact"),
    }


def contact_page_values(site: Site, gettext) -> dict:
    return {
        "help": help_box(site, gettext, CONTACT_URL),
        "issues_url": site.issues_url,
        "repo_url": site.repo_url,
    }


def footer_values(site: Site, gettext) -> dict:
    """What the footer of every page prints (docs/overrides/partials/copyright.html).
    Links to the site's own pages are given relative to its root; the theme makes them
    relative to each page."""
    return {
        "publisher": publisher_values(site, gettext),
        "published_by": gettext("Published by"),
        "contact_label": gettext("Get help from a lawyer"),
        "neutral": gettext("Not legal advice.") + " " + gettext(NEUTRAL_HELP),
        "contact_page": CONTACT_URL,
        "contact_page_text": gettext("Get help and contact"),
        "corrections_label": gettext("Corrections to this site"),
        "issues_url": site.issues_url,
        "issues_text": gettext("open an issue in the repository"),
        "corrections_page": CONTACT_URL + "#corrections",
        "corrections_page_text": gettext("how to send one"),
    }
