"""Contributing without git: the essay form on the contribute page, used as a person would.

The file the form makes is taken from the link it offers, written into docs/essays/, and
checked by `make check`; invalid input shows the schema's own messages at the fields.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

import cli
from anthology_dev.static_server import SiteServer
from conftest import Project

REPO = "https://github.com/example/anthology"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A throwaway anthology built as the deploy workflow builds it (the repository known)."""
    folder = tmp_path_factory.mktemp("form")
    project = Project(folder / "anthology")
    result = project.build(folder / "site", ANTHOLOGY_REPO_URL=REPO)
    assert result.returncode == 0, result.stderr
    server = SiteServer(folder / "site")
    yield project, server
    server.stop()


@pytest.fixture
def form(browser, built):
    context = browser.new_context()
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.goto(built[1].url + "contribute/")
    tab.get_by_role("button", name="Check and make the file").wait_for()
    yield tab
    context.close()
    assert errors == []


def fill(tab, title="Why I stay", author="sarah-wetzel", prompt="what-keeps-you-going", body=None, **optional):
    tab.get_by_label("Title").fill(title)
    tab.get_by_label("Who wrote it").select_option(author)
    tab.get_by_label("Prompt it answers").select_option(prompt)
    if optional:
        tab.get_by_text("Optional: date, original address, tags, summary").click()
    labels = {"date": "Date first published", "original_url": "Where it was first published",
              "tags": "Tags, separated by commas", "summary": "Summary"}
    for name, text in optional.items():
        tab.get_by_label(labels[name]).fill(text)
    tab.get_by_label("The essay, in Markdown").fill(body or "Every day brings a new puzzle.\n\n## Why\n\nBecause "
                                                 "people are *kind* -- mostly.\n")
    tab.get_by_role("button", name="Check and make the file").click()


def file_from_link(tab) -> tuple[str, str]:
    link = tab.get_by_role("link", name="Propose it on GitHub")
    href = link.get_attribute("href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/new/main/docs/essays"
    query = parse_qs(parts.query)
    download = unquote(tab.get_by_role("link", name="Download .md").get_attribute("href").split(",", 1)[1])
    assert download == query["value"][0]
    return query["filename"][0], query["value"][0]


def check(project, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.chdir(project.root)
    code = cli.main(["check"])
    return code, capsys.readouterr().out


def test_the_form_makes_an_essay_that_passes_check(form, built, monkeypatch, capsys):
    fill(form, date="2017-05-02", original_url="https://example.com/why-i-stay", tags="motivation, team",
         summary="Why the work keeps me.")
    assert "passes every check" in form.locator("#swa-result-status").inner_text()
    filename, text = file_from_link(form)
    assert filename == "why-i-stay.md"
    project = built[0]
    path = project.docs / "essays" / filename
    path.write_text(text, encoding="utf-8")
    try:
        code, out = check(project, monkeypatch, capsys)
        assert code == 0, out
        assert "OK: 6 essays" in out
    finally:
        path.unlink()


def test_copy_puts_the_file_on_the_clipboard(browser, built):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(built[1].url + "contribute/")
    fill(tab)
    tab.get_by_role("button", name="Copy").click()
    tab.get_by_text("Copied.").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == tab.locator("#swa-file").input_value()
    context.close()


def test_a_new_author_with_the_registry_entry_the_form_shows(form, built, monkeypatch, capsys):
    form.get_by_label("Who wrote it").select_option("__new__")
    form.get_by_label("Your name, as the site should show it").fill("Zoë O'Brien")
    fill(form, title="My first ticket", author="__new__")
    entry = form.locator("#swa-author-entry").inner_text()
    assert "id: zoe-o-brien" in entry
    filename, text = file_from_link(form)
    assert "author: \"zoe-o-brien\"" in text
    project = built[0]
    authors = project.docs / "registry" / "authors.yml"
    before = authors.read_text(encoding="utf-8")
    path = project.docs / "essays" / filename
    try:
        authors.write_text(before.rstrip("\n") + "\n" + entry, encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        code, out = check(project, monkeypatch, capsys)
        assert code == 0, out
    finally:
        authors.write_text(before, encoding="utf-8")
        path.unlink(missing_ok=True)


def test_invalid_input_shows_the_checkers_own_messages_at_the_fields(form, built, monkeypatch, capsys, tmp_path):
    values = {"title": "<b>Bold</b> claims", "date": "2017-13-45", "original_url": "ftp://example.com/x"}
    form.get_by_label("Prompt it answers").select_option("")
    fill(form, title=values["title"], prompt="", date=values["date"], original_url=values["original_url"])
    shown = {name: form.locator(f"#swa-{name}-error").inner_text()
             for name in ("title", "prompt", "date", "original_url")}
    assert form.locator("#swa-result").is_hidden()
    assert form.get_by_label("Title").get_attribute("aria-invalid") == "true"
    # The same input in a file: `make check` must say the same thing about each field.
    project = Project(tmp_path / "same")
    project.write("essays/same.md", f"---\ntitle: \"{values['title']}\"\nauthor: sarah-wetzel\n"
                  f"date: {values['date']}\noriginal_url: {values['original_url']}\n---\n\nText.\n")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    said = dict(re.findall(r"^docs/essays/same\.md:\d+: (\w+): (.*)$", out, re.MULTILINE))
    assert said == shown, (said, shown)


def test_an_essay_too_long_for_an_address_is_offered_as_a_download(form):
    fill(form, body="A sentence that goes on and on. " * 400)
    assert form.get_by_role("link", name="Propose it on GitHub").is_hidden()
    assert "too long to send to GitHub" in form.locator("#swa-too-long").inner_text()
    assert form.get_by_role("link", name="Download .md").get_attribute("download") == "why-i-stay.md"


def test_without_javascript_the_page_explains_the_git_path(browser, built):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(built[1].url + "contribute/")
    assert tab.locator("#swa-essay-form").is_hidden()
    text = tab.locator("article").inner_text()
    assert "The essay form needs JavaScript" in text
    assert "Open a pull request" in text and "make check" in text
    context.close()


# --- the file the form writes reads back as typed ---------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from anthology import schema  # noqa: E402
from anthology.source import read_essay  # noqa: E402

# Words with what YAML gives a meaning: '#', ':', quotes, leading symbols, numbers, yes/no.
TRICKY = st.lists(st.sampled_from(list("ab Z09#:'\"@`*&!%|>{}[]-?.~\\/") + [
    "yes", "no", "null", "1984", "true", " #", ": ", "\u2028", "\u2029", "é", "字", "🚀"]),
    min_size=1, max_size=10).map("".join).map(str.strip).filter(bool)


def _accepted(text: str) -> bool:
    try:
        schema.EssayFrontMatter.model_validate({"title": text, "author": "a", "prompt": "b", "tags": [text],
                                                "summary": text})
        return True
    except ValueError:
        return False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TRICKY.filter(_accepted), tag=TRICKY.filter(lambda t: "," not in t and _accepted(t)),
       summary=TRICKY.filter(_accepted))
def test_the_file_the_form_writes_reads_back_exactly_as_typed(form, tmp_path_factory, title, tag, summary):
    form.reload()  # a fresh form for each example
    form.get_by_role("button", name="Check and make the file").wait_for()
    fill(form, title=title, tags=tag, summary=summary)
    text = form.locator("#swa-file").input_value()
    path = tmp_path_factory.mktemp("form") / "essay.md"
    path.write_text(text, encoding="utf-8")
    front = read_essay(path, "essay.md").front.data
    assert (front["title"], front["tags"], front["summary"]) == (title, [tag], summary), text


@pytest.mark.parametrize("title, filename", [("Index", "index-essay.md"), ("Con", "con-essay.md"), ("LPT1", "lpt1-essay.md")])
def test_a_title_that_cannot_be_a_file_name_gets_one_that_can(form, title, filename):
    fill(form, title=title)
    assert form.locator("#swa-filename").inner_text() == f"docs/essays/{filename}"
