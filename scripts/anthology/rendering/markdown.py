"""The site's Markdown: the one list of extensions an essay is rendered with.

The MkDocs plugin hands these to MkDocs, and `check` renders an essay with them to see the
HTML the build will make, so both read a writer's Markdown the same way: as GitHub's preview
shows the file (anthology.rendering.gfm reads its blocks by CommonMark's rules; tests/test_github_rendering
holds the result to GitHub's own renderer, and CONTRIBUTING lists what still differs).
"""

from __future__ import annotations

import markdown

# What essay writers get (CONTRIBUTING.md shows each); anthology.rendering.safelist is exactly what
# these produce.
EXTENSIONS = [
    "anthology.rendering.gfm",  # blocks, escapes and line breaks read as GitHub reads them
    "toc",
    "footnotes",
    "tables",
    "pymdownx.superfences",  # fenced code inside list items too
    "pymdownx.highlight",
    "pymdownx.saneheaders",  # "#hashtag" is text, as on GitHub: a heading needs "# "
    "pymdownx.magiclink",  # a bare web address or e-mail address is a link, as on GitHub
    "pymdownx.quotes",  # two quotes with a blank line between stay two, as on GitHub
    "sane_lists",
    "pymdownx.tilde",
    "pymdownx.mark",
]
CONFIGS = {
    "toc": {"permalink": True},
    # An info string superfences does not know ("python title=x") still makes a code block.
    "pymdownx.superfences": {"relaxed_headers": True},
    # Code is shown as written, <pre><code class="language-x">, as fenced_code made it.
    "pymdownx.highlight": {"use_pygments": False, "css_class": ""},
}

_renderer: markdown.Markdown | None = None


def render(text: str) -> str:
    """`text` (Markdown) as the HTML the site's Markdown makes of it, before sanitising."""
    return render_with_headings(text)[0]


def render_with_headings(text: str) -> tuple[str, list[dict]]:
    """`text` as HTML, and its headings as the table of contents extension lists them (level,
    id, name, children): what MkDocs would make the page's table of contents from."""
    global _renderer
    if _renderer is None:
        _renderer = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    html = _renderer.reset().convert(text)
    return html, _renderer.toc_tokens
