"""Contributed Markdown cannot run code in a reader's browser: OWASP-style payloads are
reported by `check` at their line, and, rendered anyway, none survives sanitising."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from anthology import __main__ as cli
from anthology.rendering.markdown import render as render_markdown
from anthology.rendering.sanitize import clean_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "![x](javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<abbr title="x" onmouseover="alert(1)">x</abbr>',
    "<<script>script>alert(1)<</script>/script>",
    "<javascript:alert(1)>",
]
DANGEROUS_TAGS = ["script", "iframe", "object", "embed", "form", "style", "svg", "math", "body"]


def essay_with(payload: str) -> str:
    return ("---\ntitle: Payload\nauthor: sarah-wetzel\nprompt: what-keeps-you-going\n---\n\n"
            f"An honest first paragraph.\n\n{payload}\n")


# The HTML parser itself drops a <body> tag inside a page's content (WHATWG "in body": a body
# start tag with a body already open is ignored), so it is not there to report or to remove.
DROPPED_BY_THE_PARSER = ["<body onload=alert(1)>"]


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p not in DROPPED_BY_THE_PARSER])
def test_check_rejects_payload_at_its_line(project, monkeypatch, capsys, payload):
    project.write("essays/payload.md", essay_with(payload))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    line = 9 + payload.count("\n")  # the payload's last line holds the unsafe part
    assert f"docs/essays/payload.md:{line}: " in out, out


def rendered(text: str) -> str:
    """The build's own Markdown pipeline (anthology.rendering.markdown), then the sanitiser."""
    return clean_html(render_markdown(text))


@pytest.mark.parametrize("payload", DROPPED_BY_THE_PARSER)
def test_a_tag_the_parser_drops_is_neither_reported_nor_published(project, monkeypatch, capsys, payload):
    project.write("essays/payload.md", essay_with(payload))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 0, capsys.readouterr().out
    assert "onload" not in rendered(payload)


@pytest.fixture(scope="module")
def render():
    return rendered


def unsafe_url(value: str) -> bool:
    import re
    squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_forced_past_check_is_removed_from_the_page(render, payload):
    soup = BeautifulSoup(render(payload), "html.parser")
    assert not soup.find(DANGEROUS_TAGS), str(soup)
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), str(element)
            if name in ("href", "src", "action", "data", "formaction"):
                assert not unsafe_url(str(value)), str(element)


def test_safe_html_and_links_pass(project, monkeypatch, capsys):
    body = ("Water is H<sub>2</sub>O, E = mc<sup>2</sup>, <mark>lit</mark>, <del>gone</del>.<br>\n\n"
            "## A part\n\n"
            "A [link](https://example.com), <https://example.com>, <help@example.com>, [anchor](#a-part),\n"
            "and `<script>` in code is only text. 3 < 4 and x<y.\n\n"
            "```html\n<script>alert('fenced code')</script>\n```\n")
    project.write("essays/safe.md", essay_with(body))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 0, capsys.readouterr().out


def test_built_essay_page_has_no_script_from_the_essay(project, tmp_path):
    # The build runs the same check: an unsafe essay stops it, naming the line.
    project.write("essays/payload.md", essay_with("<img src=x onerror=alert(1)>"))
    result = project.build(tmp_path / "site")
    assert result.returncode != 0
    assert "docs/essays/payload.md:9: attribute 'onerror' on <img> is not allowed" in result.stderr


def test_html_in_an_indented_list_paragraph_is_reported(project, monkeypatch, capsys):
    project.write("essays/payload.md", essay_with("1. **Point**\n\n    <script>alert(1)</script>"))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    assert "docs/essays/payload.md:11: raw HTML <script>" in capsys.readouterr().out


def test_tag_over_several_lines_is_reported_where_it_starts(project, monkeypatch, capsys):
    project.write("essays/payload.md", essay_with("<img\n  src=x\n  onerror=alert(1)>"))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    assert "docs/essays/payload.md:9: attribute 'onerror' on <img> is not allowed" in capsys.readouterr().out


# --- raw HTML that copies the renderer's own notes ------------------------------------------


def _essay(body: str):
    from anthology.rendering.essay import Targets, render_essay
    return render_essay(body, 10, "docs/essays/x.md", Targets(frozenset(), frozenset()))


@pytest.mark.parametrize("body, line", [
    # cmark-gfm's marks on a note it makes: the post-pass would take the link for a note's
    # number and send the reader to "#fn:https://example.com" instead
    ('Read <a data-footnote-ref href="https://example.com">the guide</a>.', 10),
    ('Text.\n\nBack to <A DATA-FOOTNOTE-BACKREF href="#top">the <strong>top</strong></A>.\n\n# Top', 12),
    ('Intro.\n\n<section data-footnotes>\n<p>My own words.</p>\n</section>', 12),
    ('Said[^1].\n\n<section DATA-footnotes><ol><li id="fn-2">Mine</li></ol></section>\n\n[^1]: A note.', 12),
])
def test_raw_html_that_copies_the_renderers_notes_is_refused_at_its_line(body, line):
    rendered, problems = _essay(body)
    assert rendered is None
    assert [(problem.line, "data-footnote" in problem.message.lower()) for problem in problems] == [(line, True)], problems


def test_notes_markup_shown_as_code_or_text_is_published_as_written():
    rendered, problems = _essay('Write `<a data-footnote-ref>`, or:\n\n```html\n<section data-footnotes>\n```\n\n'
                                'Said[^1] data-footnote.\n\n[^1]: A note.')
    assert problems == []
    assert rendered.html.count("data-footnote") == 3


def test_a_writers_own_sup_and_list_items_are_judged_as_written():
    rendered, problems = _essay('<sup class="footnote-ref"><a href="https://example.com">1</a></sup>')
    assert rendered is None and ["'class' on <sup> is not allowed" in problem.message for problem in problems] == [True]
    rendered, problems = _essay('<ol><li id="fn-step">Open the ticket.</li></ol>\n\n[Step one](#fn-step)')
    assert problems == []
    assert 'id="user-content-fn-step"' in rendered.html and 'href="#user-content-fn-step"' in rendered.html


def test_a_heading_inside_a_link_is_shown_as_check_saw_it():
    """A permalink is a link: inside a writer's link, the browser would close the writer's one
    before the heading, and the heading would show other than check judged it."""
    rendered, problems = _essay('<a href="https://example.com">\n<h2>Our guide</h2>\n</a>\n\n[Up](#our-guide)\n\n'
                                '## After the link')
    assert problems == []
    page = BeautifulSoup(rendered.html, "html.parser")
    heading, after = page.find_all("h2")
    assert heading.find_parent("a")["href"] == "https://example.com" and heading.find("a") is None
    assert heading["id"] == "user-content-our-guide"
    assert after.find("a", class_="headerlink")["href"] == "#user-content-after-the-link"


@pytest.mark.parametrize("link", ["#fn:注释", "#fn:%E6%B3%A8%E9%87%8A"])
def test_a_link_to_a_note_labelled_in_chinese_lands_on_it(link):
    rendered, problems = _essay(f"客户说[^注释]，[见注释]({link})。\n\n[^注释]: 凌晨三点。")
    assert problems == []
    page = BeautifulSoup(rendered.html, "html.parser")
    assert page.find("a", string="见注释")["href"] == "#user-content-fn:注释"
    assert page.find("li")["id"] == "user-content-fn:注释"
