"""Contributed Markdown cannot run code in a reader's browser: OWASP-style payloads are
reported by `check` at their line, and, rendered anyway, none survives sanitising."""

from __future__ import annotations

import functools

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

import cli
from anthology.sanitize import clean_html
from conftest import ROOT

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


@pytest.mark.parametrize("payload", PAYLOADS)
def test_check_rejects_payload_at_its_line(project, monkeypatch, capsys, payload):
    project.write("essays/payload.md", essay_with(payload))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    line = 9 + payload.count("\n")  # the payload's last line holds the unsafe part
    assert f"docs/essays/payload.md:{line}: " in out, out


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def rendered(text: str) -> str:
    """The build's own Markdown pipeline (mkdocs.yml's extensions), then the sanitiser."""
    return clean_html(_markdown().reset().convert(text))


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
            "A [link](https://example.com), <https://example.com>, <help@example.com>, [anchor](#top),\n"
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
