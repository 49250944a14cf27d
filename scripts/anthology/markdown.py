"""The site's Markdown: the one list of extensions an essay is rendered with.

The MkDocs plugin hands these to MkDocs, and `check` renders an essay with them to see the
HTML the build will make, so both read a writer's Markdown the same way.
"""

from __future__ import annotations

import markdown

# What essay writers get (CONTRIBUTING.md shows each); anthology.safelist is exactly what
# these produce.
EXTENSIONS = [
    "toc",
    "footnotes",
    "tables",
    "fenced_code",
    "sane_lists",
    "smarty",
    "pymdownx.tilde",
    "pymdownx.mark",
]
CONFIGS = {"toc": {"permalink": True}}

_renderer: markdown.Markdown | None = None


def render(text: str) -> str:
    """`text` (Markdown) as the HTML the build makes of it, before sanitising."""
    global _renderer
    if _renderer is None:
        _renderer = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return _renderer.reset().convert(text)
