"""Defence in depth: every page's rendered content keeps only what the safelist allows.

Scripts, event handlers, frames, forms, styles, `javascript:` or `data:` URLs and images from
other hosts are removed, whatever got past `check` (anthology.rendering.safelist is the one list both
use, and a property test holds `check` and this sanitiser to the same verdict).
"""

from __future__ import annotations

import html
import re

import nh3

from anthology.rendering.safelist import (
    CLASSES,
    CODE_CLASS,
    INTEGER,
    STYLE,
    STYLE_PROPERTIES,
    TAGS,
    URL_ATTRIBUTES,
    URL_SCHEMES,
    is_remote,
    is_valid_url_string,
)
from anthology.rules.addresses import ID_PREFIX

# nh3 takes a tag's classes apart from its other attributes. "*" (attributes on any tag) is
# empty: ammonia's default keeps `lang` and `title` everywhere, which the safelist does not.
_ATTRIBUTES = {tag: set(attributes - {"class"} if tag in CLASSES else attributes)
               for tag, attributes in TAGS.items()} | {"*": set()}
_CLASSES = {tag: set(classes) for tag, classes in CLASSES.items()}
ID = re.compile(r"[^\t\n\f\r ]+")  # HTML: at least one character, no ASCII whitespace


def kept_value(tag: str, attribute: str, value: str) -> str | None:
    """The part of an allowed attribute's value that the safelist keeps, or None to drop it:
    a code block's language classes only, no image from another host, no address over two
    lines (which a tool's log would print as a line of its own), and only values HTML and EPUB
    take as they are: an address that is a valid URL string, a list's start that is a number,
    an id that is not empty and has no space."""
    if attribute in URL_ATTRIBUTES and ("\n" in value or "\r" in value or not is_valid_url_string(value)):
        return None
    if (attribute == "start" and not INTEGER.fullmatch(value)) or (attribute == "id" and not ID.fullmatch(value)):
        return None
    if attribute == "style" and not STYLE.fullmatch(value):
        return None
    if tag == "code" and attribute == "class":
        return " ".join(token for token in value.split() if CODE_CLASS.fullmatch(token)) or None
    if tag == "img" and attribute == "src" and is_remote(value):
        return None
    return value


def keeps_address(tag: str, attribute: str, value: str) -> bool:
    """Whether the sanitiser keeps the address `value` (entities decoded) as `attribute` of
    `tag`. Besides the scheme, ammonia parses an absolute address as a browser does (WHATWG
    URL) and drops one that does not parse, such as "http://x-->" (a '>' in the host)."""
    return f' {attribute}="' in clean_html(f'<{tag} {attribute}="{html.escape(value)}">')


def _essay_value(tag: str, attribute: str, value: str) -> str | None:
    # In-page links follow the ids, which nh3 prefixes (id_prefix).
    if attribute == "href" and value.startswith("#") and not value.startswith("#" + ID_PREFIX):
        value = "#" + ID_PREFIX + value[1:]
    return kept_value(tag, attribute, value)


def _cleaner(attribute_filter, id_prefix: str | None) -> nh3.Cleaner:
    # Set up once: every page and essay of a build is cleaned by the same two cleaners.
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        attribute_filter=attribute_filter,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,  # leave rel as Markdown made it; essays link out on purpose
        strip_comments=True,
        id_prefix=id_prefix,
    )


_PAGE = _cleaner(kept_value, None)
_ESSAY = _cleaner(_essay_value, ID_PREFIX)


def clean_html(html: str) -> str:
    """`html` with everything outside the safelist removed (text stays, escaped)."""
    return _PAGE.clean(html)


def clean_essay(html: str) -> str:
    """`clean_html` for an essay's content, with every id and in-page link prefixed by
    `ID_PREFIX`, so that no essay can name a part of the page around it."""
    return _ESSAY.clean(html)
