"""The one safelist: the HTML an essay page may contain.

It is exactly what the site's Markdown extensions produce (mkdocs.yml). `sanitize` keeps
these tags, attributes, classes and URL schemes and removes everything else; `safety`
accepts raw HTML in an essay only when it stays within them, so `check` never passes what
the sanitiser would remove. CONTRIBUTING.md's list is tested against this one.
"""

from __future__ import annotations

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

# tag -> the classes its `class` attribute may hold; `code` takes any ("language-python").
CLASSES: dict[str, frozenset[str]] = {
    "a": frozenset({"headerlink", "footnote-ref", "footnote-backref"}),
    "div": frozenset({"footnote"}),
}

# The one CSS property kept in a `style` attribute: a table column's alignment.
STYLE_PROPERTIES = frozenset({"text-align"})

# Any other scheme (javascript:, data:, tel:, ftp: ...) is refused; relative links are kept.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})
