"""The one safelist: the HTML an essay page may contain.

It is what the site's Markdown (anthology.rendering.markdown) produces, and <sub> and <mark>. `sanitize` keeps
these tags, attributes, classes and URL schemes and removes everything else; `safety`
accepts raw HTML in an essay only when it stays within them, so `check` never passes what
the sanitiser would remove. CONTRIBUTING.md's list is tested against this one.
"""

from __future__ import annotations

import re

from anthology.rules.addresses import IMAGES_DIR
from anthology.rules.text import SPACES_PAST_ASCII

# tag -> the attributes it may carry
TAGS: dict[str, frozenset[str]] = {
    tag: frozenset(attributes)
    for tag, attributes in {
        # Markdown itself
        "p": (), "br": (), "hr": (), "em": (), "strong": (), "blockquote": (),
        "h1": ("id",), "h2": ("id",), "h3": ("id",), "h4": ("id",), "h5": ("id",), "h6": ("id",),
        "ul": (), "ol": ("start",), "li": ("id",), "code": ("class",), "pre": (),
        "a": ("href", "title", "class"), "img": ("src", "alt", "title"),
        # tables
        "table": (), "thead": (), "tbody": (), "tr": (), "th": ("style",), "td": ("style",),
        # footnotes
        "sup": ("id",), "div": ("class",),
        # strikethrough (~~strike~~); <sub> and <mark> as raw HTML, which GitHub keeps too
        "del": (), "sub": (), "mark": (),
    }.items()
}

# Where HTML lets them stand (its content models): the elements that make blocks cannot stand
# inside those that hold only text and inline elements, except through <a> and <del>, which take
# the content model of what holds them. A browser shows such HTML in its own way; an ebook reader
# may refuse it.
FLOW_ONLY = frozenset({"p", "hr", "blockquote", "ul", "ol", "pre", "table", "div", "h1", "h2", "h3", "h4", "h5", "h6"})
PHRASING_ONLY = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "sup", "sub",
                           "mark"})
TRANSPARENT = frozenset({"a", "del"})

# tag -> the classes its `class` attribute may hold. `code` holds a fenced block's language
# instead ("language-python"): CODE_CLASS.
CLASSES: dict[str, frozenset[str]] = {
    "a": frozenset({"headerlink", "footnote-ref", "footnote-backref"}),
    "div": frozenset({"footnote"}),
}
CODE_CLASS = re.compile(r"language-[\w+#.-]+")

# The one CSS property kept in a `style` attribute: a table column's alignment, written as the
# tables extension writes it (any other value the sanitiser's CSS filter would garble or drop).
STYLE_PROPERTIES = frozenset({"text-align"})
STYLE = re.compile(r"\s*text-align\s*:\s*(?:left|right|center|justify|start|end)\s*;?\s*")

# Any other scheme (javascript:, data:, tel:, ftp: ...) is refused; relative links are kept.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})
# Images come from the repository only: an image from another host would tell it about every
# reader. An essay at docs/essays/<slug>.md shows docs/images/<name> as "../images/<name>".
IMAGE_SRC = re.compile(rf"\.\./{IMAGES_DIR}/([^/?#\\]+)")


# Leading and trailing C0 controls and spaces, which a browser drops from an address.
_EDGES = "".join(map(chr, range(0x21)))


def _as_browser_reads(url: str) -> str:
    # The WHATWG URL standard: edges trimmed, tabs and newlines anywhere ignored.
    return re.sub(r"[\t\n\r]", "", url.strip(_EDGES))


def url_scheme(url: str) -> str:
    """The scheme a browser reads in `url` (an attribute's value, entities already decoded),
    lowercased, or "" for a relative address (WHATWG URL standard, "scheme state")."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", _as_browser_reads(url))
    return match.group(1).lower() if match else ""


# What a valid URL string may hold outside its host (WHATWG URL, "URL code points"): ASCII letters,
# digits and these marks, '%' before two hex digits, one '#', and any character past ASCII but
# a space (which EPUB's checker refuses in an address).
_NOT_URL_CODE_POINT = re.compile(r"[^A-Za-z0-9!$&'()*+,\-./:;=?@_~%#\u0080-\U0010ffff]|%(?![0-9A-Fa-f]{2})"
                                 f"|[{SPACES_PAST_ASCII}]")  # and spaces past ASCII
_AUTHORITY = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#]*")
_NOT_IN_HOST = re.compile(r"[\x00-\x20\"<>\\^`{|}]")  # what no host, user or port may hold
INTEGER = re.compile(r"-?[0-9]{1,9}")  # a list's `start`: HTML's "valid integer", of a sane size


def as_url_string(url: str) -> str:
    """`url` written as a valid URL string, as a browser reads it: edges trimmed, tabs and
    newlines dropped, a backslash read as a slash, and every other character a URL may not hold
    (a space, quotes, angle brackets, a second '#') percent-encoded outside the host. The host
    is left as written: one a browser cannot read is refused (`sanitize.keeps_address`)."""
    url = _as_browser_reads(url)
    if url_scheme(url) != "mailto":
        url = url.replace("\\", "/")
    authority = _AUTHORITY.match(url)
    start = authority.end() if authority else 0
    head, hash_, fragment = url[start:].partition("#")
    return url[:start] + _encoded(head) + hash_ + _encoded(fragment).replace("#", "%23")


def _encoded(part: str) -> str:
    return _NOT_URL_CODE_POINT.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode()), part)


def is_valid_url_string(url: str) -> bool:
    """Whether `url` needs no change to be a valid URL string (its host aside)."""
    authority = _AUTHORITY.match(url)
    return as_url_string(url) == url and not (authority and _NOT_IN_HOST.search(authority.group()))


def is_remote(url: str) -> bool:
    """True when `url` leads to another host: an absolute address, or one starting with two
    slashes (either way round: a browser reads a backslash as a slash in web addresses)."""
    return bool(url_scheme(url)) or _as_browser_reads(url)[:2] in ("//", "\\\\", "/\\", "\\/")
