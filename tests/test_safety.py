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
