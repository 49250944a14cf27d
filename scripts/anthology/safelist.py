"""The one safelist: the HTML an essay page may contain.

It is exactly what the site's Markdown extensions produce (anthology.markdown). `sanitize` keeps
these tags, attributes, classes and URL schemes and removes everything else; `safety`
accepts raw HTML in an essay only when it stays within them, so `check` never passes what
the sanitiser would remove. CONTRIBUTING.md's list is tested against this one.
"""

from __future__ import annotations

import re

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
        # pymdownx.tilde (~~strike~~, H~2~O) and pymdownx.mark (==highlight==)
        "del": (), "sub": (), "mark": (),
    }.items()
}

# tag -> the classes its `class` attribute may hold. `code` holds a fenced block's language
# instead ("language-python"): CODE_CLASS.
CLASSES: dict[str, frozenset[str]] = {
    "a": frozenset({"headerlink", "footnote-ref", "footnote-backref"}),
    "div": frozenset({"footnote"}),
}
CODE_CLASS = re.compile(r"language-[\w+#.-]+")

# Every id in an essay starts with this, so none can be one of the page's own (Material's
# `__config`, the site's `swa-...`); in-page links are renamed to match. GitHub does the same.
ID_PREFIX = "user-content-"

# The one CSS property kept in a `style` attribute: a table column's alignment.
STYLE_PROPERTIES = frozenset({"text-align"})

# Any other scheme (javascript:, data:, tel:, ftp: ...) is refused; relative links are kept.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})
# Images come from the repository only: an image from another host would tell it about every
# reader. An essay at docs/essays/<slug>.md shows docs/images/<name> as "../images/<name>".
IMAGES_DIR = "images"
IMAGE_SRC = re.compile(r"\.\./images/([^/?#\\]+)")


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


def is_remote(url: str) -> bool:
    """True when `url` leads to another host: an absolute address, or one starting with two
    slashes (either way round: a browser reads a backslash as a slash in web addresses)."""
    return bool(url_scheme(url)) or _as_browser_reads(url)[:2] in ("//", "\\\\", "/\\", "\\/")
