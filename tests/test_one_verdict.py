"""One verdict: what `check` accepts, every output takes whole; what it refuses, the build refuses
in the same words.

Each essay goes down one road to HTML (anthology.rendering.essay), and check decides on what that road
makes: links to essays and images resolved as the strict build resolves them, every image frame
decoded, character references read as the browser reads them, every kept value valid HTML and
EPUB. The property at the end holds check and the strict build to the same answer for open-ended
essays; the gallery puts every hostile essay check accepts into one book and asks EPUBCheck.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import cmarkgfm
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from anthology.files.tree import Sources
from anthology.catalog.assembly import read_catalog
from conftest import Project, require
from test_editions import epubcheck, open_book
from test_github_rendering import SAME
from test_html import VNU
from test_safety import PAYLOADS
from test_untrusted import ALLOWED, FORBIDDEN, PNG, check, essay, html_of

BODY_LINE = 7  # essay(): the body starts on the file's seventh line


def animated(fmt: str, frames: int = 3, size: int = 24) -> bytes:
    """An animated image of noise (so that every frame has data to damage)."""
    rng = random.Random(fmt)
    pictures = [Image.frombytes("RGB", (size, size), rng.randbytes(size * size * 3)) for _ in range(frames)]
    out = io.BytesIO()
    pictures[0].save(out, fmt, save_all=True, append_images=pictures[1:])
    return out.getvalue()


def damaged_frames(fmt: str) -> bytes:
    """An animation whose header Pillow reads, cut short inside a later frame: for GIF, where
    even asking whether it is animated (as the ebooks do) raises inside Pillow."""
    whole = animated(fmt)
    for cut in range(len(whole) // 3, len(whole)):
        with Image.open(io.BytesIO(whole[:cut])) as picture:
            assert picture.size == (24, 24)  # the header is valid: only the frames are not
            try:
                picture.is_animated  # noqa: B018 -- asking is what raises
            except IndexError:
                return whole[:cut]
        if fmt != "GIF":
            return whole[: len(whole) * 2 // 3]
    raise AssertionError("no cut of the GIF breaks Pillow's animation test")


# --- links and images, as the strict build resolves them ------------------------------------------


def test_a_link_to_an_essay_that_is_not_there_is_refused_by_check_and_the_build_in_the_same_words(
        project, monkeypatch, capsys, tmp_path):
    project.write("essays/links.md", essay(body="See [my other essay](my-other-essay.md) too."))
    code, out = check(project, monkeypatch, capsys)
    said = ("docs/essays/links.md:7: 'my-other-essay.md' is not an essay of the anthology: link to another essay "
            "by its file name in docs/essays/, like other-essay.md")
    assert code == 1 and said in out
    result = project.build(tmp_path / "site")
    assert result.returncode != 0 and said in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("body, said", [
    ("[the report](report.pdf)", "'report.pdf' leads to no page of the anthology"),
    # Found by a reviewer: relative addresses that lead somewhere on GitHub and nowhere on the site
    ("[the jam](this-is-my-jam/)", "'this-is-my-jam/' leads to no page of the anthology"),
    ("[a prompt](../prompts/what-keeps-you-going/)", "'../prompts/what-keeps-you-going/' leads to no page"),
    ("[nothing](nothere)", "'nothere' leads to no page of the anthology"),
    ("[the root](/essays/this-is-my-jam/)", "'/essays/this-is-my-jam/' leads to no page of the anthology"),
    ("[up](../../README.md)", "'../../README.md' is not an essay of the anthology"),
    ("![chart](../images/missing.png)", "the image '../images/missing.png' is not a file in docs/images/"),
    ('<img src="chart.png" alt="chart">', "the image 'chart.png' is not a file in docs/images/"),
])
def test_a_link_to_a_file_the_anthology_does_not_have_is_refused_at_its_line(project, monkeypatch, capsys, body, said):
    project.write("essays/links.md", essay(body=f"An opening.\n\n{body}"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and f"docs/essays/links.md:9: {said}" in out, out


def test_links_to_essays_and_images_lead_there_from_the_page_the_edition_and_the_book(project, tmp_path):
    project.write("images/chart.png", PNG)
    project.write("essays/other.md", essay(title="The other", body="## A part\n\nWords."))
    project.write("essays/links.md", essay(body=(
        "Read [the other](other.md#a-part), [its start](<other.md>), [the chart](../images/chart.png) and "
        "[a page](<https://example.com/a page>).\n\n![A chart](../images/chart.png)")))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = html_of(site, "essays/links")
    links = {a.get_text(): a["href"] for a in page.select("[data-pagefind-body] > p a")}
    assert links == {"the other": "../other/#user-content-a-part", "its start": "../other/",
                     "the chart": "../../images/chart.png", "a page": "https://example.com/a%20page"}
    assert cmarkgfm.github_flavored_markdown_to_html("[a page](<https://example.com/a page>)").count("a%20page") == 1
    for address in ("../other/", "../../images/chart.png", page.select_one("[data-pagefind-body] > p img")["src"]):
        target = Path(urljoin(f"{site}/essays/links/", address))
        assert (target / "index.html" if address.endswith("/") else target).is_file(), address
    other = html_of(site, "essays/other")
    assert other.select_one('[id="user-content-a-part"]') is not None
    # The printable edition holds both: the link leads to the part on the same page.
    printed = html_of(site, "print")
    link = printed.find("a", string="the other")
    assert link["href"] == "#other--user-content-a-part" and printed.select_one('[id="other--user-content-a-part"]')
    assert printed.find("a", string="its start")["href"] == "#essay-other"
    chart = printed.select_one("#essay-links img")["src"]
    assert (site / "print" / chart).resolve() == (site / "images" / "chart.png").resolve()
    # The ebook: to the part of the other essay's chapter.
    chapter = open_book(site / "editions" / "anthology.epub").soup("essays/links.xhtml")
    assert chapter.find("a", string="the other")["href"] == "other.xhtml#user-content-a-part"


# --- every frame decoded ------------------------------------------------------------------------


# (WebP: Pillow decodes the whole file as it opens it, so a damaged one fails as "not a WEBP image".)
@pytest.mark.parametrize("fmt, name", [("GIF", "moving.gif"), ("PNG", "moving.png")])
def test_an_image_whose_frames_cannot_be_read_is_refused_before_the_build_touches_it(
        project, monkeypatch, capsys, tmp_path, fmt, name):
    project.write(f"images/{name}", damaged_frames(fmt))
    project.write("essays/moving.md", essay(body=f"It moves.\n\n![A moving picture](../images/{name})"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and f"docs/images/{name}: is" in out, out
    result = project.build(tmp_path / "site")
    assert result.returncode != 0 and f"docs/images/{name}: is" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_whole_animation_is_accepted_and_shown(project, monkeypatch, capsys, tmp_path):
    project.write("images/moving.gif", animated("GIF"))
    project.write("essays/moving.md", essay(body="It moves.\n\n![A moving picture](../images/moving.gif)"))
    assert check(project, monkeypatch, capsys)[0] == 0
    assert project.build(tmp_path / "site").returncode == 0


# --- what reaches HTML is text, and every kept value is valid ----------------------------------


@pytest.mark.parametrize("reference, code_point", [("&#1;", "U+0001"), ("&#x1b;", "U+001B"), ("&#xFFFE;", "U+FFFE"),
                                                   ("&#x2028;", "U+2028"), ("&#127;", "U+007F")])
def test_a_character_reference_to_a_control_character_is_refused_like_the_character(
        project, monkeypatch, capsys, reference, code_point):
    project.write("essays/refs.md", essay(body=f"A first line.\n\nThen the bell{reference} rang."))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and f"docs/essays/refs.md:9: '{reference}' stands for {code_point}" in out, out


def test_character_references_shown_as_code_or_standing_for_text_are_kept(project, monkeypatch, capsys, tmp_path):
    body = "Write `&#1;` to see why.\n\nCaf&eacute; &#x2014; &#8220;quoted&#8221;."
    project.write("essays/refs.md", essay(body=body))
    assert check(project, monkeypatch, capsys)[0] == 0
    assert project.build(tmp_path / "site").returncode == 0
    text = html_of(tmp_path / "site", "essays/refs").select_one("[data-pagefind-body]").get_text()
    assert "Write &#1; to see why." in text and "Café — “quoted”." in text


@pytest.mark.parametrize("body, said", [
    ('<ol start="one"><li>a</li></ol>', "start 'one' on <ol> is not a number"),
    ('<ol start="2.5"><li>a</li></ol>', "start '2.5' on <ol> is not a number"),
    ('<h2 id="two words">A part</h2>', "id 'two words' on <h2> is empty or has a space"),
    ('<h2 id="x">One</h2>\n\n<h2 id="x">Two</h2>', "the id 'x' is used 2 times in the essay"),
    ("<li>an item without a list</li>", "<li> stands outside a list"),
    ("<h2><p>a paragraph in a heading</p></h2>", "<p> cannot stand inside <h2>"),
    ("<div><em><blockquote>quoted</blockquote></em></div>", "<blockquote> cannot stand inside <em>"),
    ("[x](<https://exa mple.com/>)", "'https://exa mple.com/' holds a space or a line break, which no web address has"),
    ("<a href='//exa mple.com/'>x</a>", "'//exa mple.com/' leaves out its scheme: write the whole address"),
    # Found by a reviewer: each made the ebook or the page invalid after check said OK
    ("<ul><p>a paragraph in a list</p><li>an item</li></ul>", "<ul> holds something other than list items"),
    ("<ul>loose words<li>an item</li></ul>", "<ul> holds something other than list items"),
    ('<table><tr><td style="text-align:expression(alert(1))">x</td></tr></table>', "style 'text-align:expression"),
    ('<table><tr><td style="TEXT-ALIGN:RIGHT">x</td></tr></table>', "style 'TEXT-ALIGN:RIGHT' on <td> is not allowed"),
    ("Visit https://example..com/page today.", "'https://example..com/page' is not an address a browser opens as "
     "written: 'example..com' is not a host name"),
    ("[x](http:example.com)", "'http:example.com' must be an http:// or https:// address"),
    ("[x](https://a:b@example.com/)", "'https://a:b@example.com/' is not an address a browser opens as written"),
    ("[x](https://。example.com/)", "'https://。example.com/' is not an address a browser opens as written"),
    ("<h3 id=\"user-content-alpha\">Beta</h3>\n\n## Alpha", "the id 'alpha' is used 2 times in the essay"),
    ("A \ufdd0 non-character", "column 3: the character U+FDD0 is not text"),
    ("A &#xFDD0; and a &#x1FFFF;", "'&#xFDD0;' stands for U+FDD0"),
    ("A &#x1FFFF; here", "'&#x1FFFF;' stands for U+1FFFF"),
    ("[x](http://x.example/&#1;)", "'&#1;' stands for U+0001"),
    ("See [the text[^1]](https://example.com/).\n\n[^1]: A note.", "a note's reference inside a link's text"),
    # Found by a second reviewer: each passed check and broke the ebook or the page's HTML
    ("[blog](//example.com/post?x=1)", "'//example.com/post?x=1' leaves out its scheme"),
    ("[bs](/\\evil.example)", "'/\\evil.example' leaves out its scheme"),
    ("[x](https://999.1.1.1/post)", "'https://999.1.1.1/post' is not an address a browser opens as written"),
    ("Write to [us](mailto:) today.", "'mailto:' names no e-mail address"),
    ('A photo <img src="../images/x.png"> here.', "an image without a description (alt)"),
    ("<table><tr></tr></table>", "a table row without cells"),
    ('Please <a class="headerlink" href="#part">read this part</a>.', "class 'headerlink' marks the site's own links"),
    ('Then <a class="footnote-backref" href="#part">go back</a>.', "class 'footnote-backref' marks the site's own"),
    ("A &#xFDD0; here", "'&#xFDD0;' stands for U+FDD0, which is not text (a control character or a non-character)"),
])
def test_values_and_places_html_does_not_allow_are_refused_at_their_line(project, monkeypatch, capsys, body, said):
    project.write("essays/invalid.md", essay(body=f"An opening.\n\n{body}"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and f"docs/essays/invalid.md:9: {said}" in out, out


def test_valid_values_pass_and_reach_the_page(project, monkeypatch, capsys, tmp_path):
    body = ('<ol start="3"><li>three</li></ol>\n\n<h2 id="my-part">A part</h2>\n\n[x](<https://example.com/a b>)\n\n'
            '[y](https://example.com/a\u00a0b)\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |')
    project.write("essays/valid.md", essay(body=body))
    assert check(project, monkeypatch, capsys)[0] == 0
    assert project.build(tmp_path / "site").returncode == 0
    page = html_of(tmp_path / "site", "essays/valid")
    assert page.select_one("ol[start='3']") and page.select_one("h2#user-content-my-part")
    assert page.select_one("a[href='https://example.com/a%20b']") and page.select_one("a[href='https://example.com/a%C2%A0b']")
    assert [td["style"] for td in page.select("td")] == ["text-align:center", "text-align:right"]


# --- the printable edition rewrites the tree, never the text -------------------------------------------


def test_the_printable_edition_prints_code_as_written(project, tmp_path):
    body = ('Write `<a href="#top">` for a link up, or:\n\n```html\n<h2 id="top">Top</h2>\n'
            '<a href="#top">back</a>\n```\n\n## Top\n\n[Up](#top)')
    project.write("essays/code.md", essay(body=body))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    article = html_of(tmp_path / "site", "print").select_one("#essay-code")
    codes = [code.get_text() for code in article.select("code")]
    assert codes == ['<a href="#top">', '<h2 id="top">Top</h2>\n<a href="#top">back</a>\n']
    assert article.find("a", string="Up")["href"] == "#code--user-content-top"
    assert article.select_one('[id="code--user-content-top"]').name == "h2"


# --- check accepts exactly what the strict build builds --------------------------------------------

SEAMS = [
    "[other](other.md)", "[other](other.md#a-part)", "[copied](other.md#%61-part)", "[no part](other.md#b-part)",
    "[here](#a-part)", "[missing](missing.md)", "[file](notes.txt)",
    "[folder](../prompts/)", "[root](/)", "![ok](../images/ok.png)", "![moving](../images/moving.gif)",
    "![gone](../images/gone.png)", "![bad](../images/bad.gif)", "[spaced](<other.md>)", "[web](<https://e.org/a b>)",
    "[host](https://exa mple.org)", "&#1;", "&#x1b;", "&#xFFFE;", "&eacute;", "`&#1;`", '<ol start="x"><li>a</li></ol>',
    '<ol start="2"><li>a</li></ol>', "<li>loose</li>", "<h2><p>x</p></h2>", '<h2 id="a b">x</h2>',
    '<h2 id="dup">x</h2>\n\n<h2 id="dup">y</h2>', "==a=b=c==", "~~s~~", "H~2~O", "[^1]\n\n[^1]: A note.",
    "<script>alert(1)</script>", "<kbd>x</kbd>", "## A part", "* * *", "> quoted", "1. one\n2. two",
    "| a | b |\n|---|---|\n| 1 | 2 |", "```\n<a href=\"#top\">\n```", "https://example.com/a", "a@example.com",
    # notes under labels an address cannot hold as typed, read twice, beside one named as a repeat
    'Said[^a"b|c] twice[^a"b|c], and[^a"b|c-2].\n\n[^a"b|c]: One.\n[^a"b|c-2]: Two.',
    "客户说[^注释]，[见注释](#fn:注释)。\n\n[^注释]: 凌晨三点。", '<a href="https://example.com">\n<h2>In a link</h2>\n</a>',
    '<a data-footnote-ref href="https://example.com">the guide</a>', "[log](<https://e.org/a%0A b>)",
]
FRONT = st.fixed_dictionaries({}, optional={
    "title": st.sampled_from(["C’est « ça » — 客服的一天", "🚀" * 150, "\u202eReversed", "A title\u2028on two",
                              "<b>Bold</b>", "Bidi \u2067isolate\u2069"]),
    "original_url": st.sampled_from(["https://example.com/post", "https://exa mple.com/post", "https://[x].com/",
                                     "http://example.com/a b", "https://example.com/%zz", "https://例子.com/路径"]),
    "date": st.sampled_from(["2017-05-12", "1899-12-31", "2150-01-01", "12 May 2017"]),
    "tags": st.lists(st.sampled_from(["C++", "c plus plus", "support", "客服", "🚀", "rocket"]), max_size=3, unique=True),
})
GIF = animated("GIF")
IMAGE_BYTES = st.one_of(st.just(GIF), st.integers(6, len(GIF) - 1).map(lambda cut: GIF[:cut]),
                        st.binary(max_size=64).map(lambda noise: GIF[:40] + noise + GIF[40 + len(noise):]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SEAMS), min_size=1, max_size=4), FRONT, IMAGE_BYTES)
def test_check_accepts_exactly_what_the_strict_build_builds(tmp_path_factory, pieces, front, image):
    project = Project(tmp_path_factory.mktemp("seam") / "anthology")
    project.write("essays/other.md", essay(title="The other", body="## A part\n\nWords."))
    project.write("images/ok.png", PNG)
    project.write("images/moving.gif", animated("GIF"))
    project.write("images/bad.gif", image)
    title = json.dumps(front.pop("title", "A seam"), ensure_ascii=False)
    extra = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items())
    project.write("essays/seam.md", essay(title=title, body="An opening.\n\n" + "\n\n".join(pieces), extra=extra))
    _, problems, _ = read_catalog(Sources(docs_dir=project.docs, shown_root=project.root))
    result = project.build(project.root / "site")
    assert (problems == []) == (result.returncode == 0), (pieces, front, problems, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    for problem in problems:  # the build says each in check's words
        assert str(problem) in result.stderr, problem


# --- the gallery: every hostile essay check accepts, in one book --------------------------------------


def _accepted(bodies: list[str], docs: Path, root: Path) -> list[str]:
    kept = []
    for body in bodies:
        (docs / "essays" / "candidate.md").write_text(essay(body="An opening.\n\n" + body), encoding="utf-8")
        _, problems, _ = read_catalog(Sources(docs_dir=docs, shown_root=root))
        if not problems:
            kept.append(body)
    (docs / "essays" / "candidate.md").unlink()
    return kept


def test_every_hostile_essay_check_accepts_makes_a_valid_book(tmp_path):
    project = Project(tmp_path / "anthology")
    project.write("essays/other.md", essay(title="The other", body="## A part\n\nWords."))
    project.write("images/ok.png", PNG)
    project.write("images/x.png", PNG)
    project.write("images/moving.gif", animated("GIF"))
    bodies = (SEAMS + PAYLOADS + list(ALLOWED) + FORBIDDEN + list(SAME.values())
)
    accepted = _accepted(bodies, project.docs, project.root)
    assert len(accepted) > 60 and "[other](other.md#a-part)" in accepted and "&#1;" not in accepted
    for number, body in enumerate(accepted):
        project.write(f"essays/hostile-{number}.md", essay(title=f"Hostile {number}", body="An opening.\n\n" + body))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    (path, report), = epubcheck([tmp_path / "site" / "editions" / "anthology.epub"]).items()
    found = [f"{m['severity']} {m['ID']}: {m['message']} {m['locations'][:1]}" for m in report["messages"]]
    counts = {key: report["checker"][key] for key in ("nFatal", "nError", "nWarning")}
    assert counts == {"nFatal": 0, "nError": 0, "nWarning": 0} and found == [], found
    # The printable edition holds every one of them; it and every essay page are valid HTML.
    printed = BeautifulSoup((tmp_path / "site" / "print" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(printed.select("article.swa-print-essay")) == len(accepted) + 6
    require(shutil.which("java") is not None and VNU.is_file(), "Java and vnu.jar needed: make install-test")
    pages = [str(tmp_path / "site" / "print" / "index.html")] + sorted(
        str(page) for page in (tmp_path / "site" / "essays").glob("hostile-*/index.html"))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in json.loads(result.stderr or '{"messages": []}')["messages"] if m["type"] == "error"
              and not SKIPPED_LEVEL.search(m["message"])]
    assert errors == [], "\n".join(errors[:20])


# A writer's heading levels are theirs, as on GitHub ("### A smaller one" under the title): the
# checker's outline advice is about the writing, not about markup the site makes.
SKIPPED_LEVEL = re.compile(r"^The heading “h\d” \(with computed level \d\) follows the heading “h\d” .*skipping")


def test_a_problem_is_found_where_the_address_is_written_not_where_its_words_first_appear(project, monkeypatch, capsys):
    project.write("essays/lines.md", essay(body="I renamed my file to notes.md last week.\n\nSee [my notes](notes.md)."))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/lines.md:9: 'notes.md' is not an essay of the anthology" in out, out


# --- a tag's address is a folder of the site ------------------------------------------------------


@pytest.mark.parametrize("tag, length", [("😀" * 20, 279), ("中" * 50, 299)])
def test_a_tag_spelled_past_a_folder_names_length_is_refused_by_check_and_the_build_alike(
        project, monkeypatch, capsys, tmp_path, tag, length):
    # Found by a reviewer: check, the form and the converter took it, and the build stopped in a
    # traceback ("File name too long") writing tags/grinning-face-grinning-face-…/.
    project.write("essays/tagged.md", essay(extra=f"tags:\n  - {tag}\n"))
    code, out = check(project, monkeypatch, capsys)
    said = f"docs/essays/tagged.md:6: tags.0: '{tag}' makes a tag page address of {length} characters"
    assert code == 1 and said in out, out
    result = project.build(tmp_path / "site")
    assert result.returncode != 0 and said in result.stderr and "Traceback" not in result.stderr


def test_a_short_tag_in_any_script_keeps_its_page(project, monkeypatch, capsys, tmp_path):
    project.write("essays/tagged.md", essay(extra="tags:\n  - 客服\n  - 🚀\n  - Café\n"))
    assert check(project, monkeypatch, capsys)[0] == 0
    assert project.build(tmp_path / "site").returncode == 0
    for address in ("ke-fu", "rocket", "cafe"):
        assert (tmp_path / "site" / "tags" / address / "index.html").is_file(), address
