"""Defence in depth: every page's rendered content keeps only what the safelist allows.

Scripts, event handlers, frames, forms, styles and `javascript:` or `data:` URLs are removed,
whatever got past `check` (anthology.safelist is the one list both use).
"""

from __future__ import annotations

import nh3

from .safelist import CLASSES, STYLE_PROPERTIES, TAGS, URL_SCHEMES

# nh3 takes a tag's classes apart from its other attributes.
_ATTRIBUTES = {tag: set(attributes - {"class"} if tag in CLASSES else attributes)
               for tag, attributes in TAGS.items()}
_CLASSES = {tag: set(classes) for tag, classes in CLASSES.items()}


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,  # leave rel as Markdown made it; essays link out on purpose
        strip_comments=True,
    )


def clean_text(html: str) -> str:
    """Escaped text with every tag removed (a heading's text for the table of contents)."""
    return nh3.clean(html, tags=set(), strip_comments=True)
