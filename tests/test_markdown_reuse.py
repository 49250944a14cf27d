"""The site's Markdown is set up once per build and reused for every essay: an essay rendered
after others shows exactly what it shows rendered alone.

Python-Markdown keeps state between documents (footnotes, reference links, the table of
contents, stashed HTML and code); `Markdown.reset()` is the library's way to clear it, and each
extension must clear its own. Here essays of every kind, the real ones and CONTRIBUTING.md
among them, are rendered one after another by `anthology.markdown` and each compared with what a
Markdown set up for it alone makes of it.
"""

from __future__ import annotations

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anthology.rendering.markdown import CONFIGS, EXTENSIONS, render_with_headings
from anthology.files.source import read_essay
from conftest import ROOT
from test_github_rendering import DIFFERENT, SAME, an_essay

# What keeps state from one document to the next, if nothing clears it: notes (the same label
# in two essays), reference links defined in one and used in another, headings of one name
# (the table of contents makes their ids unique), stashed HTML and code, typography.
STATEFUL = [
    "A claim.[^1] Another.[^note]\n\n[^1]: The first note.\n[^note]: A named note.\n",
    "Only a reference: [^1]\n",
    "A second essay's note.[^1]\n\n[^1]: Not the first essay's.\n",
    "A [link][ref] and [another][].\n\n[ref]: https://example.com/one\n[another]: https://example.com/two\n",
    "The same [link][ref], undefined here.\n",
    "## Support\n\nText.\n\n## Support\n\nMore.\n",
    "## Support\n\nOnce.\n",
    '<div class="x">raw</div>\n\n```python\nprint("code")\n```\n\nText <b>bold</b>.\n',
    "“Curly” and \"straight\" -- a dash... and 'quotes'.\n\nhttps://example.com/page and me@example.com\n",
    "- a\n- b\n\n1. one\n2. two\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "~~gone~~ ==marked== H~2~O\n",
    "中文没有空格。客服[^中]\n\n[^中]: 注释。\n",
]
REAL = [read_essay(path, path.name).body for path in sorted((ROOT / "docs" / "essays").glob("*.md"))]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
CORPUS = REAL + [GUIDE] + STATEFUL + list(SAME.values()) + [case[0] for case in DIFFERENT.values()]


def alone(text: str) -> tuple[str, list[dict]]:
    """`text` rendered by a Markdown set up for it alone."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return md.convert(text), md.toc_tokens


def test_the_corpus_holds_what_keeps_state():
    assert len(REAL) >= 5 and any("[^" in text for text in CORPUS)
    assert alone(STATEFUL[0])[0].count('class="footnote-backref"') == 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(CORPUS), an_essay()), min_size=2, max_size=5))
def test_an_essay_rendered_after_others_shows_what_it_shows_alone(essays):
    for text in essays:
        assert render_with_headings(text) == alone(text), text


def test_every_pair_of_stateful_essays_in_a_row():
    for first in STATEFUL + REAL[:1]:
        for second in STATEFUL:
            render_with_headings(first)
            assert render_with_headings(second) == alone(second), (first, second)
