"""Essays render as GitHub renders the same file, where writers preview them.

Each construct is rendered by GitHub's own renderer (cmark-gfm, through `cmarkgfm`) and by the
site (anthology.rendering.markdown, then the sanitiser that every essay page goes through), and the two
pages are compared by structure: the elements, how they nest, and the text a reader reads.
What remains different is listed in CONTRIBUTING.md with the way to write it instead, and
pinned here, so that a difference that goes away or changes is noticed.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import cmarkgfm
import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anthology.rendering.markdown import render
from anthology.rendering.essay import Targets, render_essay
from anthology.rendering.sanitize import clean_essay
from conftest import ROOT
from test_untrusted import check, essay, html_of


def github(markdown: str) -> str:
    """The HTML GitHub makes of `markdown`: cmark-gfm with GitHub's extensions and footnotes
    (raw HTML kept: GitHub's own sanitiser is not part of cmark-gfm)."""
    options = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=options)


IMAGES = frozenset({"our-team.png", "a.png", "x.png"})


def site(markdown: str) -> str:
    """The HTML an essay page shows of `markdown`, its addresses as written beside the essay's
    file (the page is one folder deeper: `../images/x.png` is `../../images/x.png` there)."""
    rendered, _ = render_essay(markdown, 1, "docs/essays/essay.md", Targets(frozenset({"essay"}), IMAGES))
    if rendered is None:  # check refuses it (a difference says so): what the sanitiser would leave
        return clean_essay(render(markdown))
    return re.sub(r'((?:href|src)=")\.\./', r"\1", rendered.html)


# --- structure: what a reader sees, without what only differs in the HTML's spelling -----------

BLOCKS = {"p", "ul", "ol", "li", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
          "h1", "h2", "h3", "h4", "h5", "h6", "hr", "div", "section", "footnotes"}


def structure(html: str) -> str:
    """`html` as a line of nested elements and quoted text, e.g. `ul(li("a" ul(li("b"))))`.

    Kept: each element and its place, the text (in code exactly, elsewhere with runs of spaces
    and line ends as one, as a browser shows them), a link's address, an image's address and
    description, a list's first number, a code block's language. Left out, as the same on
    the page: comments, attributes only styles or scripts read, the site's heading permalinks
    (a.headerlink), a code block's last line end, the footnotes' wrapper (GitHub's <section>,
    the site's <div> with its rule) and whether bold italic is <em><strong> or <strong><em>.
    """
    return " ".join(_shape(BeautifulSoup(html, "html.parser"), in_code=False))


def _shape(node: Tag, in_code: bool) -> list[str]:
    parts: list[str | tuple] = []
    for child in node.children:
        if isinstance(child, Tag):
            if child.name == "a" and "headerlink" in (child.get("class") or []):
                continue
            if child.name == "hr" and node.name == "div" and "footnote" in (node.get("class") or []):
                continue
            parts.append(_element(child, in_code))
        elif type(child) is NavigableString:  # comments and the like are subclasses
            text = str(child) if in_code else re.sub(r"\s+", " ", str(child))
            if parts and isinstance(parts[-1], str):
                parts[-1] += text
            else:
                parts.append(text)
    if in_code:
        return [json.dumps(part.removesuffix("\n")) if isinstance(part, str) else part[1] for part in parts]
    return _trimmed(parts)


def _trimmed(parts: list) -> list[str]:
    shown = []
    for index, part in enumerate(parts):
        if isinstance(part, tuple):
            shown.append(part[1])
            continue
        if index == 0 or parts[index - 1][0] in BLOCKS:
            part = part.lstrip()
        if index == len(parts) - 1 or parts[index + 1][0] in BLOCKS:
            part = part.rstrip()
        if part:
            shown.append(json.dumps(part, ensure_ascii=False))
    return shown


def _element(element: Tag, in_code: bool) -> tuple[str, str]:
    name = element.name
    classes = element.get("class") or []
    if name == "section" and "footnotes" in classes or name == "div" and "footnote" in classes:
        name = "footnotes"
    attributes = []
    if name == "a" and not element.get("href", "#").startswith("#"):  # in-page ids differ by design
        attributes.append(f"href={unquote(element['href'])}")
    if name == "img":
        attributes += [f"src={element.get('src')}", f"alt={element.get('alt')}"]
    if name == "ol" and element.get("start", "1") != "1":
        attributes.append(f"start={element['start']}")
    if name == "code":  # GitHub: <pre lang="x"><code>; the site: <pre><code class="language-x">
        language = element.parent.get("lang") or next((c[9:] for c in classes if c.startswith("language-")), None)
        attributes += [f"lang={language}"] if language else []
    children = _shape(element, in_code or name == "pre")
    if name in ("em", "strong") and len(element.contents) == 1 and isinstance(element.contents[0], Tag) \
            and {name, element.contents[0].name} == {"em", "strong"}:
        return name, "strong(em(" + " ".join(_shape(element.contents[0], in_code)) + "))"
    label = name + (f"[{' '.join(attributes)}]" if attributes else "")
    return name, f"{label}({' '.join(children)})"


def test_structure_keeps_what_a_reader_sees():
    assert structure("<ul>\n<li>a\n<ul><li>b</li></ul></li></ul>") == 'ul(li("a" ul(li("b"))))'
    assert structure("<p>a</p>") != structure("<p><em>a</em></p>") != structure("<p>b</p>")
    assert structure('<p><a href="https://a.example/x">x</a></p>') != structure('<p><a href="https://b.example/x">x</a></p>')
    assert structure("<pre><code>a\n b\n</code></pre>") == structure("<pre><code>a\n b</code></pre>")
    assert structure("<pre><code>a\n b</code></pre>") != structure("<pre><code>a b</code></pre>")
    assert structure("<ul><li>a</li></ul>") != structure("<ul><li><p>a</p></li></ul>")  # tight and loose
    assert structure("<ol><li>a</li></ol>") != structure('<ol start="3"><li>a</li></ol>')


# --- the constructs: everything CONTRIBUTING lists, and what writers do without thinking -------

SAME = {
    # CONTRIBUTING's list
    "paragraphs": "One paragraph\nover two lines.\n\nAnother.\n",
    "section heading": "## A section\n\nText.\n",
    "third-level heading": "### A smaller one\n",
    "bullet list": "- one\n- two\n- three\n",
    "numbered list": "1. one\n2. two\n",
    "numbered list starting at 3": "3. third\n4. fourth\n",
    "loose list": "- one\n\n- two\n\n- three\n",
    "quote": "> A quote\n> over two lines.\n",
    "quote of two paragraphs": "> First.\n>\n> Second.\n",
    "two quotes": "> One.\n\n> Another.\n",
    "link": 'A [link](https://example.com/page "Its title").\n',
    "reference link": "A [link][ref].\n\n[ref]: https://example.com\n",
    "link to an address with a space": "[a](<https://example.com/a b>)\n",
    "image": "![Our team](../images/our-team.png)\n",
    "emphasis": "Some *emphasis*, **strong** and _this_ and __that__.\n",
    "bold italic": "***Both.***\n",
    "code span": "Type `make check` first.\n",
    "code span showing HTML": "Write `<script>` to see it.\n",
    "table": "| Name | Count |\n|:-----|------:|\n| a | 1 |\n| b | 2 |\n",
    "table with a pipe in code": "| a |\n|---|\n| `x\\|y` |\n",
    "fenced code": "```python\nprint('hi')\n```\n",
    "fenced code with tildes": "~~~\nplain\n~~~\n",
    "struck out": "~~gone~~\n",
    "footnote": "A claim.[^1]\n\n[^1]: The source.\n",
    "two footnotes": "One.[^a] Two.[^b]\n\n[^a]: First.\n[^b]: Second.\n",
    "footnote of two paragraphs": "A[^1].\n\n[^1]: One.\n\n    Two.\n",
    "footnote over two lines": "A[^1].\n\n[^1]: Source\n    page 3.\n",
    "footnote of an address and a paragraph": "A[^1].\n\n[^1]: https://example.com/report\n\n    It says more.\n",
    "footnote that ends with an address": "A[^1].\n\n[^1]: https://example.com/report\n",
    "footnote that ends with an address and a stop": "A[^1].\n\n[^1]: See https://example.com/report.",
    "typography": "\"Quotes\", it's -- and --- and...\n",
    "raw line break": "one<br>two\n",
    "horizontal rule": "Above.\n\n---\n\nBelow.\n",
    # lists as writers indent them
    "list nested by two spaces": "- Read the whole thread\n  - including the internal notes\n- Reproduce the problem\n",
    "list nested by four spaces": "- Read the whole thread\n    - including the internal notes\n- Reproduce the problem\n",
    "three levels by two": "- a\n  - b\n    - c\n- d\n",
    "three levels by four": "- a\n    - b\n        - c\n- d\n",
    "numbered list nested by three": "1. First\n   - a detail\n2. Second\n",
    "numbered list nested by four": "1. First\n    - a detail\n2. Second\n",
    "numbered in numbered": "1. First\n   1. one\n   2. two\n2. Second\n",
    "nested by a tab": "- a\n\t- b\n",
    "bullets with *": "* a\n* b\n",
    "bullets with +": "+ a\n+ b\n",
    "numbers with )": "1) one\n2) two\n",
    "item continued on an unindented line": "- an item\nthat goes on\n- next\n",
    # a list right after a paragraph or a heading
    "list right after a paragraph": "Things I do:\n- read\n- reply\n",
    "numbered list right after a paragraph": "Steps:\n1. read\n2. reply\n",
    "list right after a heading": "## Steps\n- read\n- reply\n",
    "a year that starts a line": "It was\n1986. A good year.\n",
    "text right after a list": "- a\n- b\nstill b\n\nAfter.\n",
    # code in list items, and code that shows HTML
    "fence in an item, indented by two": "- Run this:\n\n  ```sh\n  make check\n  make serve\n  ```\n- Then this\n",
    "fence in an item, indented by four": "- Run this:\n\n    ```sh\n    make check\n    make serve\n    ```\n- Then this\n",
    "fence right under an item": "- Run this:\n  ```sh\n  make check\n  ```\n- Then this\n",
    "fence with a blank line right under an item": "- Run:\n  ```\n  one\n\n  two\n  ```\n- Then\n",
    "fence in a numbered item": "1. Run this:\n\n   ```sh\n   make check\n   ```\n2. Then this\n",
    "fence showing HTML": '```html\n<div class="x" onclick="alert(1)">hi</div>\n<script>alert(1)</script>\n```\n',
    "fence showing HTML in an item": "- Paste this:\n\n    ```html\n    <script>alert(1)</script>\n    <a href=\"javascript:x\">a</a>\n    ```\n",
    "indented code showing HTML": "Example:\n\n    <div>hi</div>\n    <br>\n",
    "indented code after a list": "- a\n- b\n\ntext\n\n    code\n",
    "fence left open": "Some code:\n\n```\nmake check\n",
    "fence indented by a space": " ```\n <b>x</b>\n ```\n",
    "fence with a title": '```python title="a.py"\nprint(1)\n```\n',
    "fence on an item's own line": "1. ```sh\n   make check\n   ```\n2. next\n",
    "fence on an item's own line, left open": "1. ```sh\n   make check\n2. next\n",
    "indented code on an item's own line": "-     code\n- b\n",
    # headings in an item, and indented
    "heading in an item, by four": "- first\n\n    ## head\n",
    "heading in an item, by two": "- first\n\n  ## head\n",
    "heading right under an item's text": "- first\n  ## head\n- second\n",
    "heading indented by a space": " ## head\n",
    "heading indented by three spaces": "   ## h\n",
    # more than one paragraph in an item
    "second paragraph in an item, by two": "- First point.\n\n  More about it.\n- Second point.\n",
    "second paragraph in an item, by four": "- First point.\n\n    More about it.\n- Second point.\n",
    "second paragraph in a numbered item": "1. First point.\n\n   More about it.\n2. Second point.\n",
    "quote in an item": "- An item\n\n  > quoted\n",
    "list in a quote": "> - a\n>   - b\n> - c\n",
    # addresses
    "bare web address": "See https://example.com/page?x=1 for more.\n",
    "bare address in brackets": "Read it (https://example.com/a).\n",
    "bare address before a full stop": "Go to https://example.com.\n",
    "bare www address": "Visit www.example.com today.\n",
    "bare e-mail address": "Write to jane@example.com now.\n",
    "address in angle brackets": "See <https://example.com>.\n",
    "address in a list": "- https://example.com/one\n- www.example.com\n",
    # what else writers type
    "hard break with two spaces": "line one  \nline two\n",
    "hard break with a backslash": "line one\\\nline two\n",
    "escaped characters": "\\*not emphasis\\* \\# \\<b> \\& \\_x\\_\n",
    "a hashtag at the start of a line": "#support is a team sport\n",
    "a Windows path": "C:\\Users\\jane\\notes.txt\n",
    "angle brackets and ampersands": "a < b & c > d, 5 * 3\n",
    "entities": "&copy; &amp; &lt;tag&gt;\n",
    "snake_case words": "snake_case_name and 2*3*4\n",
    "underlined heading": "A heading\n---------\n\nText.\n",
    "comment": "Before.\n\n<!-- more -->\n\nAfter.\n",
    "Windows line ends": "- a\r\n  - b\r\n- c\r\n",
}


# What the site showed differently while it rendered with Python-Markdown (until 2026-12-07):
# now as GitHub shows it, each as the guide's table listed it.
FORMERLY_DIFFERENT = {
    "highlight": "==highlighted==\n",
    "one tilde": "H~2~O\n",
    "a new bullet starts a new list": "- a\n* b\n",
    "Markdown inside HTML": "<div>\n\n*hi*\n\n</div>\n",
    "an item with no text": "-\n- a\n",
    "a pipe in code in a table": "| a |\n|---|\n| `x|y` |\n",
    "a quote begun on an item's line": "- > a\n  > b\n",
    "a wrapped line in an item that starts with a number": "- It was the summer of\n  1986. A good year.\n",
    "a fence closed by more backticks": "```html\n<i>y</i>\n````\n",
    "strong text run on into a word": "**Note:**text\n",
    "a footnote never referred to": "Text.\n\n[^1]: never used\n",
    "a heading underlined after two lines": "Para\nTitle\n---\n",
    "a heading ending in a backslash": "## Title\\\n",
    "a tab in code": "```\na\tb\n```\n",
    "a bare mailto address": "mailto:x@y.com\n",
    "a tab at the end of a line": "a\t\nb\n",
}


@pytest.mark.parametrize("name", [*SAME, *FORMERLY_DIFFERENT])
def test_the_site_shows_what_github_shows(name):
    markdown = SAME.get(name) or FORMERLY_DIFFERENT[name]
    assert structure(site(markdown)) == structure(github(markdown)), (markdown, site(markdown), github(markdown))


def test_a_list_in_a_footnote_stays_in_the_footnote():
    markdown = "A[^1].\n\n[^1]: Intro:\n\n    - a\n"
    assert structure(github(markdown)) == 'p("A" sup(a("1")) ".") footnotes(ol(li(p("Intro:") ul(li("a")) a("↩"))))'
    assert structure(site(markdown)) == structure(github(markdown))


# --- what remains different: each in CONTRIBUTING, with the way to write it instead ------------

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
DIFFERENCES = GUIDE.split("### What GitHub shows differently", 1)[1].split("\n#", 1)[0]

# name: (Markdown, what GitHub shows, what the site shows, what CONTRIBUTING says about it)
DIFFERENT = {
    "task list": ("- [ ] to do\n- [x] done\n", 'ul(li(input() " to do") li(input() " done"))',
                  'ul(li("[ ] to do") li("[x] done"))', "`- [ ]`"),
    "a bare ftp address": ("ftp://example.com/file\n", 'p(a[href=ftp://example.com/file]("ftp://example.com/file"))',
                           'p(a("ftp://example.com/file"))', "`ftp:`"),
}

@pytest.mark.parametrize("name", list(DIFFERENT))
def test_a_known_difference_is_as_contributing_says(name):
    markdown, on_github, on_the_site, said = DIFFERENT[name]
    assert structure(github(markdown)) == on_github
    assert structure(site(markdown)) == on_the_site
    assert said in DIFFERENCES, said


# GitHub's web pages add to cmark-gfm: emoji for :names:, boxes for alerts, links for @names.
# The site shows them as typed (CONTRIBUTING says so).
@pytest.mark.parametrize("markdown, shown, said", [
    (":tada: done\n", 'p(":tada: done")', "`:tada:`"),
    ("> [!NOTE]\n> Read this.\n", 'blockquote(p("[!NOTE] Read this."))', "`> [!NOTE]`"),
    ("Thanks @jane-doe\n", 'p("Thanks @jane-doe")', "`@name`"),
])
def test_what_only_githubs_web_pages_add_is_shown_as_typed(markdown, shown, said):
    assert structure(site(markdown)) == shown
    assert said in DIFFERENCES, said


# --- any essay shaped as writers shape them --------------------------------------------------

WORDS = st.sampled_from(["support", "the queue", "customers", "we learn", "a call", "it's", "**bold**",
                         "`code`", "https://example.com/x", "a_b", "#tag", "in 1986. Then"])


@st.composite
def paragraph(draw, lines=(1, 2)) -> str:
    count = draw(st.integers(*lines))
    return "\n".join(" ".join(draw(st.lists(WORDS, min_size=1, max_size=3))) for _ in range(count))


@st.composite
def fence(draw) -> str:
    body = draw(st.sampled_from(['<div class="x">hi</div>', "- not a list\n1. nor this", "make check\n\nmake serve",
                                 "    indented", "> not a quote"]))
    return "```" + draw(st.sampled_from(["", "html", "sh"])) + "\n" + body + "\n```"


def _indent(text: str, width: int) -> str:
    return "\n".join(" " * width + line if line else "" for line in text.split("\n"))


@st.composite
def a_list(draw, depth: int, bullet: str, delimiter: str) -> str:
    ordered = draw(st.booleans())
    by_four = draw(st.booleans())  # nested by four spaces, or by the marker's width as GitHub shows
    items = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{number}{delimiter}" if ordered else bullet
        width = 4 if by_four else len(marker) + 1
        lines = draw(paragraph()).split("\n")
        item = marker + " " + lines[0] + "".join("\n" + " " * width + line for line in lines[1:])
        for kind in draw(st.lists(st.sampled_from(["list", "paragraph", "fence"]), max_size=2 if depth < 3 else 0)):
            if kind == "list" and item.split("\n")[-1].lstrip()[:1] not in "-*+123456789":
                child, gap = draw(a_list(depth + 1, bullet, delimiter)), draw(st.sampled_from(["\n", "\n\n"]))
            elif kind == "fence":
                child, gap = draw(fence()), draw(st.sampled_from(["\n", "\n\n"]))
            else:
                child, gap = draw(paragraph()), "\n\n"
            item += gap + _indent(child, width)
        items.append(item)
    return draw(st.sampled_from(["\n", "\n\n"])).join(items)


@st.composite
def an_essay(draw) -> str:
    """Paragraphs, headings, code, quotes and lists, nested by two or four spaces or by the
    marker's width, with or without blank lines between; one kind of bullet and of number a
    document, and a paragraph between two lists (else GitHub starts a new list: DIFFERENT)."""
    bullet, delimiter = draw(st.sampled_from("-*+")), draw(st.sampled_from(".)"))
    blocks, previous_list = [], False
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["paragraph", "list", "heading", "fence", "quote"]))
        if kind == "list" and previous_list:
            kind = "paragraph"
        block = {"paragraph": lambda: draw(paragraph()), "heading": lambda: "## " + draw(paragraph((1, 1))),
                 "fence": lambda: draw(fence()), "list": lambda: draw(a_list(0, bullet, delimiter)),
                 "quote": lambda: re.sub(r"(?m)^", "> ", draw(st.one_of(paragraph(), a_list(1, bullet, delimiter)))),
                 }[kind]()
        gap = draw(st.sampled_from(["\n", "\n\n"])) if kind == "list" and blocks else "\n\n"
        blocks.append(gap + block if blocks else block)
        previous_list = kind == "list"
    return "".join(blocks).replace("> \n", ">\n") + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(an_essay())
def test_any_essay_written_as_writers_write_shows_as_on_github(markdown):
    assert structure(site(markdown)) == structure(github(markdown)), (markdown, site(markdown), github(markdown))


# --- through check and the build, as the issue saw it ----------------------------------------

LIST_WITH_CODE = """Before you answer:

- Read the whole thread
  - including the internal notes
- Reproduce the problem, with this:

    ```html
    <script src="https://tracker.example/t.js"></script>
    <div onclick="steal()">click</div>
    ```

- See https://example.com/guide for the rest.
"""


def test_a_list_with_code_that_shows_html_passes_check_and_is_published_as_code(project, monkeypatch, capsys, tmp_path):
    project.write("essays/code.md", essay(body=LIST_WITH_CODE))
    code, out = check(project, monkeypatch, capsys)
    assert code == 0, out
    assert project.build(tmp_path / "site").returncode == 0
    article = html_of(tmp_path / "site", "essays/code").select_one("[data-pagefind-body]")
    outer = article.select_one("ul")
    assert [next(li.stripped_strings) for li in outer.find_all("li", recursive=False)] == [
        "Read the whole thread", "Reproduce the problem, with this:", "See"]
    assert outer.select_one("li > ul > li").get_text(strip=True) == "including the internal notes"
    code_block = outer.select_one("li > pre > code")
    assert code_block["class"] == ["language-html"]
    assert code_block.get_text() == ('<script src="https://tracker.example/t.js"></script>\n'
                                     '<div onclick="steal()">click</div>\n')
    assert article.find("script") is None and article.find(attrs={"onclick": True}) is None
    assert outer.find("a", href="https://example.com/guide").get_text() == "https://example.com/guide"


def test_a_bare_address_no_browser_can_open_is_refused_at_its_line(project, monkeypatch, capsys):
    # It would be a link on GitHub; the sanitiser would drop its address, so check says so first.
    project.write("essays/odd.md", essay(body="A paragraph.\n\nSee http://example-->here.\n"))
    code, out = check(project, monkeypatch, capsys)
    # In original_url's words: one rule for every web address (schema.check_web_url).
    said = "docs/essays/odd.md:9: 'http://example-->here' is not an address a browser opens as written"
    assert code == 1 and said in out, out


@pytest.mark.parametrize("markdown", [
    "[the log](<https://example.com/a%0A b>)\n",  # '%0A' typed, beside a space cmark-gfm encodes
    "[the log](https://example.com/%09&#x20;b)\n",
])
def test_an_address_is_published_as_github_links_it_never_decoded_to_a_control_character(markdown):
    rendered, problems = render_essay(markdown, 1, "docs/essays/essay.md", Targets(frozenset({"essay"}), IMAGES))
    assert problems == []
    href = BeautifulSoup(github(markdown), "html.parser").a["href"]
    assert BeautifulSoup(rendered.html, "html.parser").a["href"] == href


def test_a_reference_to_a_c1_control_is_refused_at_its_line_in_text_and_in_an_address():
    for markdown in ("Line one.\n\nA&#x85;b\n", "Line one.\n\n[the log](https://example.com/a&#x85;b)\n"):
        rendered, problems = render_essay(markdown, 1, "docs/essays/essay.md", Targets(frozenset({"essay"}), IMAGES))
        assert rendered is None
        assert [(problem.line, problem.message.split(",")[0]) for problem in problems] == [
            (3, "'&#x85;' stands for U+0085")], problems


def test_a_reference_shown_as_code_in_an_indented_block_is_published_as_written():
    markdown = "An example:\n\n    <p>&#1;</p>\n"
    rendered, problems = render_essay(markdown, 1, "docs/essays/essay.md", Targets(frozenset({"essay"}), IMAGES))
    assert problems == [] and "&amp;#1;" in rendered.html
