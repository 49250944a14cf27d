"""A page for writing, pages for reading about it (#29): the essay form's page opens on the form,
on a phone and a desktop; the writer's guide (the way with git and the reference) is a page of
its own, linked from the form where a writer needs it; no page speaks of itself as another page,
and "without git" never leads to git steps.
"""

from __future__ import annotations

import re
from posixpath import join, normpath

import pytest
from bs4 import BeautifulSoup

from anthology.rules import limits, schema
from anthology.rules.schema import EssayFrontMatter
from anthology_dev.static_server import SiteServer
from conftest import ROOT, Project

REPO = "https://github.com/example/anthology"
FORM, GUIDE = "contribute/", "contribute/guide/"
GIT_STEPS = ["1. Get set up", "2. Start your essay", "3. Check and preview", "4. Open a pull request"]


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """The anthology built as the deploy workflow builds it: the repository known, so the form
    offers GitHub's essay form and its intro is at its longest."""
    folder = tmp_path_factory.mktemp("contribute")
    project = Project(folder / "anthology")
    result = project.build(folder / "site", ANTHOLOGY_REPO_URL=REPO)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(params=["deployed", "local"])
def built(request, deployed, site):
    """Both builds: with the repository known, and without (a writer's own `make build`)."""
    return deployed if request.param == "deployed" else site


def soup(site, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def resolve(from_url: str, href: str) -> str:
    path, _, part = href.partition("#")
    joined = normpath(join(from_url, path)) + "/" if path else from_url
    return joined.removeprefix("./") + (f"#{part}" if part else "")


def article_pages(site):
    for path in sorted(site.rglob("index.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = page.select_one("article")
        if article is not None:
            yield path.parent.relative_to(site).as_posix(), page, article


# --- the words ----------------------------------------------------------------------------------


def test_no_page_speaks_of_itself_as_another_page(built):
    # "the site's “Add your essay” page", said on that page, sends the writer looking elsewhere.
    seen = 0
    for url, page, article in article_pages(built):
        title = page.title.get_text().rsplit(" - ", 1)[0]
        named = re.findall(r"“([^”]+)” page", text(article))
        seen += len(named)
        assert title not in named, (url, title)
    assert seen  # the guide names the form's page
    assert "“Add your essay” page" not in text(soup(built, FORM).select_one("article"))


# What leads a writer to git: a command to run, a pointer to steps further on, the guide's steps.
TO_GIT = re.compile(r"\b(guide|steps) below\b|\bbelow shows\b|\bfollow the steps\b|\bwith git after all\b", re.I)


def git_steps_in(elements) -> list[str]:
    found = []
    for element in elements:
        words = text(element)
        found += TO_GIT.findall(words) and [words[:80]]
        found += [f"command: {pre.get_text()[:40]}" for pre in element.find_all("pre")]
        if element.name == "pre":
            found.append(f"command: {element.get_text()[:40]}")
        found += [a["href"] for a in element.find_all("a", href=True) if re.search(r"#\d+-", a["href"])]
    return found


def sections_without_git(article):
    """Each part of the page that says it is for a writer without git: a heading saying so and
    what follows it up to the next heading of its level or higher."""
    for heading in article.find_all(re.compile(r"^h[1-6]$")):
        if not re.search(r"\b(without|no) git\b", text(heading), re.I):
            continue
        level, part = int(heading.name[1]), []
        for sibling in heading.find_next_siblings():
            if re.fullmatch(r"h[1-6]", sibling.name) and int(sibling.name[1]) <= level:
                break
            part.append(sibling)
        yield text(heading), part


def test_without_git_never_leads_to_git_steps(built):
    parts = 0
    for url, _, article in article_pages(built):
        for heading, part in sections_without_git(article):
            parts += 1
            assert git_steps_in(part) == [], (url, heading)
    assert parts  # the form's page has its "Without git"
    # The form itself offers git only as git, by name, never as the way on from "no git".
    form = soup(built, FORM).select_one("#swa-essay-form")
    assert not TO_GIT.search(text(form)), text(form)
    assert not re.search(r"\bno git\b", text(form), re.I)


def test_the_checks_on_the_words_catch_what_the_page_said_before():
    # The old page: "Write it here: no git needed", then "add it as the guide below shows".
    before = BeautifulSoup(
        "<article><h2>Write it here: no git needed</h2><form><p>Download it or copy it, then add it as "
        "the guide below shows.</p></form><h2>1. Get set up</h2><pre>make serve</pre></article>", "html.parser")
    [(heading, part)] = sections_without_git(before.article)
    assert git_steps_in(part) == ["Download it or copy it, then add it as the guide below shows."]
    guide = BeautifulSoup("<article><h2>Without git</h2><ul><li><strong>With git after all</strong>: follow "
                          "the steps below.</li></ul><h2>1. Get set up</h2></article>", "html.parser")
    assert len(git_steps_in(next(sections_without_git(guide.article))[1])) == 1


# --- what is where ----------------------------------------------------------------------------


def test_the_guide_holds_the_git_steps_then_the_reference(built):
    article = soup(built, GUIDE).select_one("article")
    headings = [text(h).rstrip("¶ ") for h in article.find_all(["h2", "h3"])]
    assert headings[:4] == GIT_STEPS  # the steps first
    assert {"Front matter reference", "What Markdown may contain", "What GitHub shows differently",
            "Limits"} <= set(headings)
    assert "Without git" not in headings  # that is under the form
    assert "make serve" in text(article) and "make check" in text(article)


def table_after(article, heading_id: str):
    return article.find(id=heading_id).find_next("table")


def test_the_guides_front_matter_table_is_the_schema(built):
    table = table_after(soup(built, GUIDE).select_one("article"), "front-matter-reference")
    # The schema's descriptions are Markdown: `code` is shown as code, the rest as typed.
    rows = [tuple(" ".join(cell.get_text().split()) for cell in row.find_all("td"))
            for row in table.select("tbody tr")]
    assert rows == [(name, "yes" if field.is_required() else "no", field.description.replace("`", ""))
                    for name, field in EssayFrontMatter.model_fields.items()]


def test_the_guide_holds_what_github_shows_differently_and_the_limits(built):
    article = soup(built, GUIDE).select_one("article")
    source = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    differences = source.split("### What GitHub shows differently", 1)[1].split("\n#", 1)[0]
    table = table_after(article, "what-github-shows-differently")
    assert [text(th) for th in table.select("thead th")] == [
        "you write", "GitHub’s preview shows", "the site shows", "write instead"]
    assert len(table.select("tbody tr")) == len(re.findall(r"^\| ", differences, re.MULTILINE)) - 1  # its header
    limits_text = text(article.find(id="limits").find_next("p"))
    assert f"an essay of at most {limits.MAX_ESSAY_BYTES // 1024} KB" in limits_text


# The guide's limits, each as the guide words it, and the figure the checker holds an essay to.
PUBLISHED_LIMITS = {
    "{} tags of": limits.MAX_TAGS, "tags of {} characters": schema.MAX_TAG, "a title of {} characters": schema.MAX_TITLE,
    "nested {} deep": limits.MAX_NESTING, "{} list items": limits.MAX_LIST_ITEMS, "{} [": limits.MAX_BRACKETS,
    "{} web addresses": limits.MAX_ADDRESSES, "{} line breaks": limits.MAX_LINE_BREAKS,
    "{} of * _": limits.MAX_EMPHASIS, "{} of = &": limits.MAX_PUNCTUATION, "{} HTML tags": limits.MAX_TAGS_IN_BODY,
    "{} table columns": limits.MAX_COLUMNS, "{} table cells": limits.MAX_TABLE_CELLS,
    "{} code blocks": limits.MAX_FENCES // 2, "{} headings": limits.MAX_HEADINGS, "{} rules and": limits.MAX_RULES,
    "{} lines,": limits.MAX_LINES, "{} blank lines": limits.MAX_BLANK_LINES,
    "{} footnote references": limits.MAX_FOOTNOTES, "{} links, images": limits.MAX_LINKS,
    "{} of all these marks": limits.MAX_INLINE_MARKS,
}


def test_the_guides_limits_are_the_checkers(built):
    article = soup(built, GUIDE).select_one("article")
    published = text(article.find(id="limits").find_next("p")).replace("’", "'").replace("”", '"')
    wrong = [words.format(f"{figure:,}") for words, figure in PUBLISHED_LIMITS.items()
             if words.format(f"{figure:,}") not in published]
    assert wrong == [], published


def test_the_form_page_holds_the_form_and_none_of_the_reference(built):
    article = soup(built, FORM).select_one("article")
    assert article.select_one("form#swa-essay-form label[for=swa-title]").get_text() == "Title"
    assert article.find_all("table") == []  # moved to the guide, not copied
    assert not {"front-matter-reference", "limits", "1-get-set-up"} & {e.get("id") for e in article.find_all(True)}


# The links a writer needs, at the place they need them: (where in the form, the words, the part).
FORM_LINKS = [
    ("#swa-essay-form > p", "Writing with git? The writer’s guide has the steps.", "1-get-set-up"),
    ("details.swa-optional", "the front matter reference", "front-matter-reference"),
    ("#swa-cheat-sheet", "what Markdown may contain", "what-markdown-may-contain"),
    ("#swa-cheat-sheet", "what GitHub shows differently", "what-github-shows-differently"),
    ("#swa-cheat-sheet", "the limits", "limits"),
    ("#swa-new-author", "the guide’s step 2", "2-start-your-essay"),
    ("#swa-result", "“Check and preview”", "3-check-and-preview"),
]


def test_the_form_links_to_the_guides_parts_where_a_writer_needs_them(built):
    form = soup(built, FORM).select_one("#swa-essay-form")
    guide_ids = {e.get("id") for e in soup(built, GUIDE).select("article [id]")}
    for where, words, part in FORM_LINKS:
        link = next(a for a in form.select_one(where).find_all("a") if text(a) == words)
        assert resolve(FORM, link["href"]) == f"{GUIDE}#{part}", words
        assert part in guide_ids, part
    noscript = soup(built, FORM).select_one("article noscript")
    assert any(resolve(FORM, a["href"]) == f"{GUIDE}#1-get-set-up" for a in noscript.find_all("a"))


def test_the_guide_links_to_the_form(built):
    article = soup(built, GUIDE).select_one("article")
    links = [a for a in article.find_all("a", href=True) if resolve(GUIDE, a["href"]) == FORM]
    assert [text(a) for a in links] == ["“Add your essay” page"]


# --- in a browser -----------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def server(deployed):
    served = SiteServer(deployed)
    yield served
    served.stop()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_form_page_opens_on_the_form(browser, server, viewport):
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE)
    tab = context.new_page()
    tab.goto(server.url + FORM)
    for field in (tab.locator("label[for=swa-title]"), tab.get_by_label("Title")):
        field.wait_for()
        box = field.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], (viewport, box)
    # Above the form's first field: the page's title and the form's sentence or two, no more.
    above = tab.evaluate("""() => {
      const first = document.querySelector('label[for=swa-title]').getBoundingClientRect().top;
      return [...document.querySelectorAll('article p, article h1, article h2, article li')]
        .filter(e => e.offsetParent && e.getBoundingClientRect().bottom <= first).map(e => e.tagName);
    }""")
    assert above == ["H1", "P"], above
    context.close()


def test_each_link_from_the_form_lands_on_its_part_of_the_guide(browser, server):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    for where, words, part in FORM_LINKS[:-2]:  # the last two show as the writer goes on
        tab.goto(server.url + FORM)
        if where.startswith("details"):
            tab.get_by_text("Optional: date, original address, tags, summary").click()
        tab.locator(where).get_by_role("link", name=words, exact=True).click()
        tab.wait_for_url(f"**/{GUIDE}#{part}")
        target = tab.locator(f"[id='{part}']")
        target.wait_for()
        assert target.is_visible() and 0 <= target.bounding_box()["y"] < PHONE["height"], part
    context.close()


@pytest.mark.parametrize("part", ["front-matter-reference", "limits", "what-github-shows-differently",
                                  "1-get-set-up"])
def test_an_old_link_to_a_part_of_the_guide_on_the_forms_page_leads_there(browser, server, part):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(server.url + FORM + "#" + part)
    tab.wait_for_url(f"**/{GUIDE}#{part}")
    assert tab.locator(f"[id='{part}']").is_visible()
    # A part the form's page has stays where it is.
    tab.goto(server.url + FORM + "#without-git")
    tab.wait_for_timeout(300)
    assert tab.url.endswith(f"/{FORM}#without-git")
    context.close()


def test_a_guide_saved_with_windows_line_ends_is_split_the_same(project, tmp_path):
    guide = project.root / "CONTRIBUTING.md"
    guide.write_bytes(b"\xef\xbb\xbf" + guide.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    form, written = soup(tmp_path / "site", FORM), soup(tmp_path / "site", GUIDE)
    assert [text(h).rstrip("¶ ") for h in form.select("article h2")] == ["Without git"]
    assert "Every way ends in a pull request" in text(form.select_one("article"))
    assert "Every way ends in a pull request" not in text(written.select_one("article"))
    assert [text(h).rstrip("¶ ") for h in written.select("article h2")][:4] == GIT_STEPS
    assert text(written.select_one("article h1")).rstrip("¶ ") == "The writer’s guide"
