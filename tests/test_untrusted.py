"""Everything a pull request can touch is untrusted: essay files, registries, any file under
docs/. Tried here as a hostile contributor and as a contributor on Windows would."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from anthology import __main__ as cli
from anthology.rules.problems import Problem
from anthology.rendering.safelist import TAGS, URL_SCHEMES
from conftest import ROOT, Project

# A PNG of one pixel.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
FRONT = "---\ntitle: {title}\nauthor: sarah-wetzel\nprompt: what-keeps-you-going\n{extra}---\n\n{body}\n"


def essay(title="An essay", body="An honest paragraph.", extra=""):
    return FRONT.format(title=title, body=body, extra=extra)


def check(project, monkeypatch, capsys, *args) -> tuple[int, str]:
    monkeypatch.chdir(project.root)
    code = cli.main(["check", *args])
    return code, capsys.readouterr().out


def html_of(site, address):
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- one rule for contributed text ---------------------------------------------------------


@pytest.mark.parametrize("field, value", [
    ("title", "<script>alert(1)</script>"),
    ("title", "<img src=x onerror=alert(1)>"),
    ("summary", "Fine words <b>bold</b>"),
    ("original_site", "My &amp; blog"),
])
def test_markup_in_a_front_matter_field_is_reported_at_its_line(project, monkeypatch, capsys, field, value):
    extra = "" if field == "title" else f"{field}: \"{value}\"\n"
    title = f"\"{value}\"" if field == "title" else "Plain"
    project.write("essays/hostile.md", essay(title=title, extra=extra))
    code, out = check(project, monkeypatch, capsys)
    line = 2 if field == "title" else 5
    assert code == 1
    assert f"docs/essays/hostile.md:{line}: {field}: must be plain text:" in out, out


def test_markup_in_an_author_name_is_reported_at_its_line(project, monkeypatch, capsys):
    authors = project.docs / "registry" / "authors.yml"
    text = authors.read_text(encoding="utf-8")
    text = text.replace("display_name: Sarah Wetzel", "display_name: <svg onload=alert(1)>Sarah")
    authors.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    display_name: <svg onload=alert(1)>Sarah") + 1
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert f"docs/registry/authors.yml:{line}: authors.", out
    assert re.search(rf"authors.yml:{line}: authors\.\d+\.display_name: must be plain text: '<svg onload=alert\(1\)>'", out), out


def test_text_that_looks_like_markup_is_shown_as_typed_everywhere(project, tmp_path):
    # "<3" and "&" are words, not markup: the site shows them exactly, in every place a title,
    # summary, tag or name appears, and never as live markup.
    title = 'Fish & "Chips" <3 > 2'
    name = 'Sarah "S" & Co <3'
    project.write("essays/fish.md", essay(title=f"'{title}'", extra="summary: 'A & B <3'\ntags: ['Q&A <3']\ndate: 2017-05-02\n",
                                          body="Text.\n\n## Heads & <3 tails\n\nMore."))
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8").replace("display_name: Sarah Wetzel",
                                                                   f"display_name: '{name}'"), encoding="utf-8")
    guide = project.root / "CONTRIBUTING.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n## Q&A <3\n\nText.\n", encoding="utf-8")
    site = tmp_path / "site"
    result = project.build(site)
    assert result.returncode == 0, result.stderr
    page = html_of(site, "essays/fish")
    assert page.title.get_text() == f"{title} - Support Writing Anthology"
    assert page.h1.get_text(strip=True) == title
    # The date in English whatever the locale, and with no "%-d" (which Windows lacks).
    assert page.select_one("time").get_text() == "2 May 2017"
    assert page.find("meta", property="og:title")["content"] == title
    assert page.find("meta", attrs={"name": "twitter:title"})["content"] == title
    assert page.find("meta", attrs={"name": "description"})["content"] == "A & B <3"
    assert page.find("meta", attrs={"name": "author"})["content"] == name
    assert page.find("meta", property="article:tag")["content"] == "Q&A <3"
    assert page.select_one(".md-header__topic:not(:first-child) .md-ellipsis").get_text(strip=True) == title
    assert page.select_one("[data-pagefind-body] h2").contents[0] == "Heads & <3 tails"
    # A table of contents shows headings' text once escaped, never twice (the guide has one).
    guide = html_of(site, "contribute/guide")  # the guide's own page since #29
    assert any(a.get_text(strip=True) == "Q&A <3" for a in guide.select(".md-nav--secondary a"))
    neighbour = next(a for a in page.select("nav.swa-prompt-pager a"))
    other = html_of(site, neighbour["href"].strip("/").replace("../", "essays/", 1))
    assert any(title in a.get_text() for a in other.select("nav.swa-prompt-pager a")), "prev/next of the neighbour"
    for address in ("prompts/what-keeps-you-going", "authors/sarah-wetzel", "print", "tags/q-and-a-less-than-sign-3"):
        texts = [a.get_text(strip=True) for a in html_of(site, address).find_all(["a", "h2"])]
        assert title in texts, address
    assert name in html_of(site, "authors/sarah-wetzel").h1.get_text()
    assert any(a.get_text(strip=True) == "Q&A <3" for a in html_of(site, "tags").select("a.md-tag"))
    for built in site.rglob("*.html"):
        assert "<3 >" not in built.read_text(encoding="utf-8"), built


def test_no_built_page_carries_script_from_anywhere_but_the_site(site):
    # Every script is a file of the site (no inline code, no handler attribute, no other host),
    # except Material's configuration, which is JSON and never runs.
    for built in site.rglob("*.html"):
        if "pagefind" in built.parts:
            continue
        soup = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/json":
                continue
            assert script.get("src") and not script.string, (built, script)
            assert not re.match(r"(https?:)?//", script["src"]), (built, script)
        for element in soup.find_all(True):
            assert not any(name.lower().startswith("on") for name in element.attrs), (built, element)
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None, built
        script_src = re.search(r"script-src ([^;]*)", csp["content"]).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        first_script = soup.head.find("script")
        assert first_script is None or csp.sourceline < first_script.sourceline, built


# --- every Markdown file under docs/ is accounted for -------------------------------------------


@pytest.mark.parametrize("relative", ["essays/x.markdown", "essays/sub/x.md", "x.md", "guide/page.md",
                                      "essays/notes.txt", "evil.html", "assets/evil.html", "registry/extra.yml"])
def test_a_file_that_is_not_an_essay_is_reported_and_not_built(project, monkeypatch, capsys, tmp_path, relative):
    project.write(relative, "---\ntitle: x\n---\n\n<script>alert(1)</script>\n")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert re.search(rf"^docs/{re.escape(relative)}: is not ", out, re.MULTILINE), out
    result = project.build(tmp_path / "site")
    assert result.returncode != 0 and f"docs/{relative}: is not " in result.stderr
    assert not (tmp_path / "site").exists() or "alert(1)" not in "".join(
        p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*.html"))


def test_hidden_files_are_left_alone(project, monkeypatch, capsys):
    project.write(".DS_Store", b"\x00\x01")
    project.write("essays/.DS_Store", b"\x00\x01")
    assert check(project, monkeypatch, capsys)[0] == 0


def test_every_page_content_is_sanitised_not_only_essays(tmp_path):
    # CONTRIBUTING.md is published as a page: a script in it never reaches the site.
    project = Project(tmp_path / "anthology")
    guide = project.root / "CONTRIBUTING.md"
    planted = "\n<script>alert('guide')</script>\n<img src=x onerror=alert(2)>\n"
    # In the part shown under the essay form and at the end, on the guide's page (#29).
    text = guide.read_text(encoding="utf-8").replace("\n## 1. Get set up", planted + "\n## 1. Get set up")
    guide.write_text(text + planted, encoding="utf-8")
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for address in ("contribute", "contribute/guide"):
        page = (tmp_path / "site" / address / "index.html").read_text(encoding="utf-8")
        assert "alert(" not in page, address


# --- one safelist ------------------------------------------------------------------------------

ALLOWED = {
    # construct in Markdown -> CSS selector that must be in the built essay
    "~~struck~~": "del",
    "==lit==": "mark",
    "H~2~O": "sub",
    "A note.[^1]\n\n[^1]: The note.": "sup[id] a.footnote-ref",
    "| a | b |\n|:-:|--:|\n| 1 | 2 |": "td[style='text-align:center']",
    "```python\nx = 1\n```": "pre code.language-python",
    "3. three\n4. four": "ol[start='3']",
    "## Section": "h2[id] a.headerlink",
    "[out](https://example.com 'Title')": "a[href='https://example.com'][title='Title']",
    "[mail](mailto:a@example.com)": "a[href='mailto:a@example.com']",
    "![alt](../images/x.png)": "img[src='../../images/x.png'][alt='alt']",
    "> quoted": "blockquote",
    "line one  \nline two": "br",
    "***": "hr",
    "Raw <sup>2</sup>, <sub>n</sub>, <mark>m</mark>, <del>d</del>, <em>e</em>, <strong>s</strong>":
        "p sup + sub + mark + del + em + strong",
}


def test_every_allowed_construct_survives_the_full_build(project, tmp_path, monkeypatch, capsys):
    body = "\n\n".join(ALLOWED)
    project.write("essays/allowed.md", essay(body=body))
    project.write("images/x.png", PNG)
    assert check(project, monkeypatch, capsys)[0] == 0
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    content = html_of(tmp_path / "site", "essays/allowed").select_one("[data-pagefind-body]")
    for construct, selector in ALLOWED.items():
        assert content.select_one(selector) is not None, (construct, selector)
    used = {element.name for element in content.find_all(True)} - {"div", "span", "header", "h1", "p", "a"}
    assert used <= set(TAGS), used - set(TAGS)


FORBIDDEN = [
    "<kbd>Ctrl</kbd>", "<small>x</small>", "<u>x</u>", "<abbr title='x'>x</abbr>",
    "<span class='md-header'>x</span>", "<a class='md-button' href='#x'>x</a>",
    "<table><tr><td style='color: red'>x</td></tr></table>", "[call](tel:123)", "[get](ftp://example.com/x)",
    "<a href='tel:123'>x</a>", "[x](javascript:alert(1))", "<div id='x'>x</div>",
]


@pytest.mark.parametrize("construct", FORBIDDEN)
def test_every_forbidden_construct_is_reported_and_removed(project, monkeypatch, capsys, construct):
    from test_safety import rendered  # the build's Markdown pipeline and the sanitiser

    project.write("essays/forbidden.md", essay(body=f"Text.\n\n{construct}"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/forbidden.md:9: " in out, out
    html = rendered(f"Text.\n\n{construct}")
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        assert element.name in TAGS, html
        assert set(element.attrs) <= TAGS[element.name], html
    assert not re.search(r'href="(tel|ftp|javascript):', html), html
    assert "md-header" not in html and "md-button" not in html and "color" not in html


def test_contributing_lists_exactly_the_safelist():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## What Markdown may contain", 1)[1].split("\n## ", 1)[0]
    listed_tags = set(re.findall(r"`<([a-z0-9]+)>`", section))
    allowed_links = section.split("Links and images must be", 1)[1].split("Anything else", 1)[0]
    listed_schemes = set(re.findall(r"`([a-z]+):`", allowed_links))
    assert listed_tags == set(TAGS)
    assert listed_schemes == set(URL_SCHEMES)


# --- YAML ----------------------------------------------------------------------------------


def test_anchors_aliases_and_merge_keys_are_refused_at_their_lines(project, monkeypatch, capsys):
    project.write("essays/anchors.md", "---\ntitle: &t Anchored\nauthor: sarah-wetzel\n"
                  "prompt: what-keeps-you-going\nsummary: *t\n---\n\nText.\n")
    prompts = project.docs / "registry" / "prompts.yml"
    prompts.write_text(prompts.read_text(encoding="utf-8") + "extra: &base {a: 1}\nmore:\n  <<: *base\n",
                       encoding="utf-8")
    base_line = len(prompts.read_text(encoding="utf-8").splitlines()) - 2
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert "docs/essays/anchors.md:2: YAML anchor '&t' is not allowed" in out
    assert "docs/essays/anchors.md:5: YAML alias '*t' is not allowed" in out
    assert f"docs/registry/prompts.yml:{base_line}: YAML anchor '&base' is not allowed" in out
    assert f"docs/registry/prompts.yml:{base_line + 2}: YAML merge key '<<' is not allowed" in out


ALIAS_BOMB = """---
title: Bomb
author: sarah-wetzel
prompt: what-keeps-you-going
l0: &l0 [x, x, x, x, x, x, x, x, x]
l1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]
l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]
l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]
l4: &l4 [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]
l5: &l5 [*l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4]
l6: &l6 [*l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5]
l7: &l7 [*l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6]
l8: &l8 [*l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7]
---

Boom.
"""

MEASURE = """
import tracemalloc
from pathlib import Path
from anthology.files.tree import Sources
from anthology.catalog.assembly import load_catalog
from anthology.rules.problems import AnthologyError
tracemalloc.start()
try:
    load_catalog(Sources(docs_dir=Path("docs"), shown_root=Path(".")))
except AnthologyError as err:
    print(err)
print("peak", tracemalloc.get_traced_memory()[1])
"""


def test_an_alias_bomb_is_rejected_with_bounded_memory(project):
    project.write("essays/bomb.md", ALIAS_BOMB)
    # In a child process with a time limit: without the rule it would grow past 10 GB.
    result = subprocess.run([sys.executable, "-c", MEASURE],
                            cwd=project.root, capture_output=True, text=True, timeout=120)
    assert "docs/essays/bomb.md:6: YAML alias '*l0' is not allowed" in result.stdout, result.stdout + result.stderr
    peak = int(result.stdout.rsplit("peak", 1)[1])
    assert peak < 20 * 1024 * 1024, f"peak Python memory {peak / 1e6:.1f} MB"


# --- every problem at once ---------------------------------------------------------------------


def test_schema_problems_do_not_hide_unknown_ids(project, monkeypatch, capsys):
    project.write("essays/many.md", "---\ntitle: Many\nauthor: nobody-here\nprompt: no-such-prompt\n"
                  "date: 2017-13-45\n---\n\nText <script>alert(1)</script> here.\n")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("docs/essays/many.md")]
    assert any(line.startswith("docs/essays/many.md:5: date:") for line in lines), out
    assert any(line.startswith("docs/essays/many.md:3: author: unknown author id 'nobody-here'") for line in lines), out
    assert any(line.startswith("docs/essays/many.md:4: prompt: unknown prompt id 'no-such-prompt'") for line in lines), out
    assert sum("<script>" in line for line in lines) == 1, out
    assert len(lines) == len(set(lines)) == 4, out


def test_a_shared_original_url_is_reported_at_both_files(project, monkeypatch, capsys):
    url = "original_url: https://example.com/post\n"
    project.write("essays/first.md", essay(extra=url))
    project.write("essays/second.md", essay(extra=url))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert "docs/essays/first.md:5: original_url: the same original as docs/essays/second.md" in out, out
    assert "docs/essays/second.md:5: original_url: the same original as docs/essays/first.md" in out, out


def test_github_annotations_escape_percent_and_line_breaks():
    problem = Problem("docs/essays/a,b:c.md", 3, "title", "100% wrong\r\nsecond line")
    # A line break in contributed text is shown, not obeyed: one annotation, on one line.
    assert problem.github() == "::error file=docs/essays/a%2Cb%3Ac.md,line=3::title: 100%25 wrong\\u000d\\u000asecond line"


def test_check_format_github_prints_one_annotation_per_problem(project, monkeypatch, capsys):
    project.write("essays/bad.md", essay(title="'50% <b>off</b>'"))
    code, out = check(project, monkeypatch, capsys, "--format", "github")
    assert code == 1
    assert out.splitlines() == ["::error file=docs/essays/bad.md,line=2::title: must be plain text: '<b>' is HTML "
                                "markup, which the site would show letter for letter; write the words (or the "
                                "character) themselves"]


# --- Windows and macOS contributors ------------------------------------------------------------


def test_crlf_and_bom_files_build_the_same_essay_pages(tmp_path):
    lf, windows = Project(tmp_path / "lf"), Project(tmp_path / "windows")
    for path in list(windows.docs.rglob("*.md")) + list(windows.docs.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert b"\r\n" in windows.essay("this-is-my-jam").read_bytes()
    for project in (lf, windows):
        result = project.build()
        assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(lf.root / "site") for p in (lf.root / "site" / "essays").rglob("index.html"))
    assert len(pages) == 6  # five essays and the essays folder's own page
    for page in pages:
        assert (windows.root / "site" / page).read_bytes() == (lf.root / "site" / page).read_bytes(), page


def test_no_platform_specific_date_formatting():
    # strftime("%-d") does not exist on Windows, and "%B" follows the machine's locale.
    code = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "scripts").rglob("*.py"))
    code += "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "overrides").rglob("*.html"))
    assert "%-d" not in code and "strftime(" not in code


def test_contributor_commands_use_nothing_linux_only():
    # What a contributor runs (check, new, import, serve): no fork, no CPU pinning, no /proc.
    for path in (ROOT / "scripts").rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        for word in ("os.fork", "sched_setaffinity", "multiprocessing", "/proc/", "os.wait4", "taskset"):
            if path.name == "bench.py" and word in ("os.wait4", "taskset"):
                continue  # the benchmark is a maintainer's tool on Linux, not a contributor's
            assert word not in code, f"{path.relative_to(ROOT)}: {word}"


def test_gitattributes_keeps_text_files_lf():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert re.search(r"^\*\s+text=auto\s+eol=lf", attributes, re.MULTILINE)
