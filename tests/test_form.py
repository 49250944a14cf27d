"""Contributing without git: the essay form on the contribute page, used as a person would.

The file the form makes is taken from the link it offers, written into docs/essays/, and
checked by `make check`; invalid input shows the schema's own messages at the fields.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from anthology import __main__ as cli
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
    link = tab.get_by_role("link", name="Propose it on GitHub", exact=True)
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
    assert "pass every check this page can make" in form.locator("#swa-result-status").inner_text()
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
    tab.get_by_role("button", name="Copy the file").click()
    tab.get_by_text("Copied.").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == tab.locator("#swa-file").input_value()
    context.close()


def test_with_git_a_new_author_adds_the_registry_entry_the_form_shows(form, built, monkeypatch, capsys):
    form.get_by_label("Who wrote it").select_option("__new__")
    form.get_by_label("Your name, as the site should show it").fill("Zoë O'Brien")
    fill(form, title="My first ticket", author="__new__")
    entry = form.locator("#swa-author-entry").inner_text()
    assert "id: zoe-o-brien" in entry
    assert "With git, add this entry" in form.locator("#swa-new-author").inner_text()
    download = form.get_by_role("link", name="Download .md")
    filename = download.get_attribute("download")
    text = unquote(download.get_attribute("href").split(",", 1)[1])
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


def test_a_date_out_of_the_years_it_can_be_is_refused_in_the_checkers_words(form, built, monkeypatch, capsys):
    fill(form, date="1017-05-02")
    shown = form.locator("#swa-date-error").inner_text()
    assert form.locator("#swa-result").is_hidden()
    project = built[0]
    path = project.write("essays/old.md", "---\ntitle: Old\nauthor: sarah-wetzel\nprompt: what-keeps-you-going\n"
                         "date: 1017-05-02\n---\n\nText.\n")
    try:
        code, out = check(project, monkeypatch, capsys)
    finally:
        path.unlink()
    assert code == 1
    assert f"docs/essays/old.md:5: date: {shown}" in out.splitlines()
    assert shown == f"'1017-05-02' is outside the years 1900 to {dt.date.today().year + 1}: check the year"


def test_an_essay_too_long_for_an_address_goes_through_githubs_essay_form(form):
    fill(form, body="A sentence that goes on and on. " * 400)
    assert form.get_by_role("link", name="Propose it on GitHub", exact=True).is_hidden()
    assert "too long to send to GitHub in one address" in form.locator("#swa-issue-why").inner_text()
    assert form.get_by_role("link", name="Propose it through GitHub’s essay form").is_visible()
    assert form.get_by_role("link", name="Download .md").get_attribute("download") == "why-i-stay.md"


def test_an_essay_longer_than_an_issue_holds_is_offered_as_a_download(form):
    fill(form, body="A sentence that goes on and on. " * 1_900)  # 60,800 characters, about 11,400 words
    assert form.get_by_role("link", name="Propose it on GitHub", exact=True).is_hidden()
    assert "longer than a GitHub issue holds" in form.locator("#swa-issue-why").inner_text()
    assert form.locator("#swa-issue-steps").is_hidden()
    assert form.get_by_role("link", name="Download .md").is_visible()


def test_without_javascript_the_page_links_to_githubs_essay_form_and_explains_the_git_path(browser, built):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(built[1].url + "contribute/")
    assert tab.locator("#swa-essay-form").is_hidden()
    text = tab.locator("article").inner_text()
    assert "The essay form needs JavaScript" in text
    link = tab.get_by_role("link", name="propose your essay through GitHub’s essay form")
    assert link.get_attribute("href") == f"{REPO}/issues/new?template=essay.yml"
    # The git path is the writer's guide, a page of its own since #29: the page links to its steps.
    tab.locator("article").get_by_role("link", name="the writer’s guide").click()
    tab.wait_for_url("**/contribute/guide/#1-get-set-up")
    text = tab.locator("article").inner_text()
    assert "Open a pull request" in text and "make check" in text
    context.close()


# --- the draft: nothing typed is lost ---------------------------------------------------------------

TYPED = {"Title": "Half written", "Date first published": "2017-05-02", "Tags, separated by commas": "night shift",
         "The essay, in Markdown": "An hour of writing.\n\nAnd then the tab closed."}


def type_a_draft(tab) -> None:
    tab.get_by_label("Who wrote it").select_option("__new__")
    tab.get_by_label("Your name, as the site should show it").fill("Zoë O'Brien")
    tab.get_by_label("Prompt it answers").select_option("careers-in-support")
    tab.get_by_text("Optional: date, original address, tags, summary").click()
    for label, text in TYPED.items():
        tab.get_by_label(label).fill(text)


def assert_restored(tab) -> None:
    tab.get_by_text("Your draft is back, as you left it").wait_for()
    for label, text in TYPED.items():
        assert tab.get_by_label(label).input_value() == text, label
    assert tab.get_by_label("Who wrote it").input_value() == "__new__"
    assert tab.get_by_label("Your name, as the site should show it").input_value() == "Zoë O'Brien"
    assert tab.get_by_label("Prompt it answers").input_value() == "careers-in-support"
    assert tab.get_by_label("Date first published").is_visible()  # the optional part opens to show it
    assert "id: zoe-o-brien" in tab.locator("#swa-author-entry").inner_text()


def test_a_draft_comes_back_after_a_reload(form):
    type_a_draft(form)
    form.reload()
    assert_restored(form)


def test_a_draft_comes_back_in_a_new_tab_after_the_tab_is_closed(browser, built):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(built[1].url + "contribute/")
    type_a_draft(tab)
    tab.close()
    again = context.new_page()
    again.goto(built[1].url + "contribute/")
    assert_restored(again)
    context.close()


def test_start_over_clears_the_form_and_the_draft(form):
    type_a_draft(form)
    form.reload()
    assert_restored(form)
    form.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="Start over").click()
    assert form.get_by_label("The essay, in Markdown").input_value() == ""
    assert form.get_by_label("Title").input_value() == "" and form.get_by_label("Who wrote it").input_value() == ""
    assert form.locator("#swa-draft").is_hidden()
    assert form.evaluate("Object.keys(localStorage).filter(key => key.startsWith('swa-essay-draft'))") == []
    form.reload()
    form.get_by_role("button", name="Check and make the file").wait_for()
    assert form.get_by_label("The essay, in Markdown").input_value() == ""
    assert form.locator("#swa-draft").is_hidden()


def test_start_over_asks_first_and_keeps_the_draft_when_told_no(form):
    type_a_draft(form)
    form.reload()
    form.once("dialog", lambda dialog: dialog.dismiss())
    form.get_by_role("button", name="Start over").click()
    assert form.get_by_label("The essay, in Markdown").input_value() == TYPED["The essay, in Markdown"]
    form.reload()
    assert_restored(form)


@pytest.fixture
def two_tabs(browser, built):
    """The contribute page in two tabs of one browser, and the browser (for a third tab); the
    first tab has a title typed, which the second shows."""
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.goto(built[1].url + "contribute/")
        tab.get_by_role("button", name="Check and make the file").wait_for()
    first.get_by_label("Title").fill("Typed in the first tab")
    second.get_by_text("You changed your draft in another tab or window").wait_for()
    yield first, second, context
    context.close()


def test_two_tabs_keep_what_was_typed_in_each(two_tabs, built):
    # Before, each tab saved the whole form it showed: the last one to save wiped what the
    # other had typed. Now each shows what the other saves, so the draft holds both.
    first, second, context = two_tabs
    assert second.get_by_label("Title").input_value() == "Typed in the first tab"
    second.get_by_label("The essay, in Markdown").fill("Typed in the second tab.")
    first.get_by_text("You changed your draft in another tab or window").wait_for()
    assert first.get_by_label("The essay, in Markdown").input_value() == "Typed in the second tab."
    first.get_by_text("Optional: date, original address, tags, summary").click()
    first.get_by_label("Tags, separated by commas").fill("both")  # the first tab saves again
    first.close()
    second.close()
    again = context.new_page()
    again.goto(built[1].url + "contribute/")
    again.get_by_text("Your draft is back, as you left it").wait_for()
    assert again.get_by_label("Title").input_value() == "Typed in the first tab"
    assert again.get_by_label("The essay, in Markdown").input_value() == "Typed in the second tab."
    assert again.get_by_label("Tags, separated by commas").input_value() == "both"


def test_starting_over_in_one_tab_leaves_the_others_text_on_screen_and_says_so(two_tabs):
    first, second, _ = two_tabs
    first.reload()  # "Start over" is offered with a draft restored
    first.get_by_text("Your draft is back, as you left it").wait_for()
    first.once("dialog", lambda dialog: dialog.accept())
    first.get_by_role("button", name="Start over").click()
    second.get_by_text("You started over in another tab or window").wait_for()
    assert second.get_by_label("Title").input_value() == "Typed in the first tab"
    second.get_by_label("Title").fill("Typed again in the second tab")  # kept as the draft again
    first.reload()
    first.get_by_text("Your draft is back, as you left it").wait_for()
    assert first.get_by_label("Title").input_value() == "Typed again in the second tab"


def test_the_draft_never_leaves_the_browser(form):
    sent = []
    form.on("request", lambda request: sent.append((request.url, request.post_data or "")))
    type_a_draft(form)
    form.reload()
    assert_restored(form)
    fill(form, title="Half written", author="__new__", prompt="careers-in-support", body=TYPED["The essay, in Markdown"])
    assert sent  # the page, its scripts, styles and schema were fetched again
    for url, data in sent:
        assert "hour" not in url and "hour" not in data and "Half" not in url, url


# --- GitHub's essay form: always a second choice, and a new writer's one way ------------------------


def issue_link(tab) -> tuple[str, dict[str, str]]:
    href = tab.get_by_role("link", name="Propose it through GitHub’s essay form").get_attribute("href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/issues/new"
    return href, {name: values[0] for name, values in parse_qs(parts.query).items()}


def issue_form_options() -> dict[str, list[str]]:
    import yaml

    from conftest import ROOT

    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "essay.yml").read_text(encoding="utf-8"))
    return {e["id"]: e["attributes"]["options"] for e in form["body"] if e["type"] == "dropdown"}


def test_githubs_essay_form_is_always_a_second_choice_with_the_short_fields_filled_in(form):
    fill(form, date="2017-05-02", original_url="https://example.com/why", tags="motivation, team", summary="Why.")
    assert form.get_by_role("link", name="Propose it on GitHub", exact=True).is_visible()
    assert "Or propose it through GitHub’s essay form" in form.locator("#swa-issue-why").inner_text()
    _, query = issue_link(form)
    assert query == {"template": "essay.yml", "title": "Essay: Why I stay", "essay-title": "Why I stay",
                     "date": "2017-05-02", "original-url": "https://example.com/why", "tags": "motivation, team",
                     "summary": "Why."}
    # GitHub fills in no dropdown from an address: the steps name the choice to make, as the form words it.
    options = issue_form_options()
    author, prompt = form.locator("#swa-issue-author").inner_text(), form.locator("#swa-issue-prompt").inner_text()
    assert author == "Sarah Wetzel (sarah-wetzel)" and author in options["author"]
    assert prompt in options["prompt"] and prompt.endswith("(what-keeps-you-going)")
    steps = form.locator("#swa-issue ol").inner_text()
    assert "it opens with the title, the date, the original address, the tags and the summary filled in" in steps
    assert "Paste the essay into the Essay field" in steps and "A checker answers on the issue" in steps
    assert form.locator("#swa-issue-skipped").is_hidden()


def test_a_field_too_long_for_the_address_is_left_to_the_writer_and_said(form):
    fill(form, summary="字" * 1000)  # 9,000 characters once encoded
    href, query = issue_link(form)
    assert len(href) <= 8000 and "summary" not in query and query["essay-title"] == "Why I stay"
    assert form.locator("#swa-issue-skipped").inner_text() == ("Fill in the summary yourself: GitHub’s address "
                                                               "could not hold it too.")


@pytest.fixture
def clipboard_tab(browser, built):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    # GitHub is not reached from the tests: its pages answer with a stand-in.
    context.route("https://github.com/**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                                      body="<title>GitHub</title>"))
    tab = context.new_page()
    tab.goto(built[1].url + "contribute/")
    tab.get_by_role("button", name="Check and make the file").wait_for()
    yield tab
    context.close()


def test_a_new_writer_goes_through_githubs_essay_form_and_their_pull_request_passes_check(
        clipboard_tab, built, tmp_path, monkeypatch, capsys):
    from test_issue import Run, event, issue_body, pull_request_passes_check

    tab = clipboard_tab
    essay = "My first ticket was a refund.\n\n## What I learned\n\nTo *listen* -- first."
    tab.get_by_label("Who wrote it").select_option("__new__")
    tab.get_by_label("Your name, as the site should show it").fill("Zoë O'Brien")
    fill(tab, title="My first ticket", author="__new__", body=essay, tags="first steps")
    # One address cannot carry their authors.yml entry too: the new-file page is not offered.
    assert tab.get_by_role("link", name="Propose it on GitHub", exact=True).is_hidden()
    assert "As a new author" in tab.locator("#swa-issue-why").inner_text()
    href, query = issue_link(tab)
    assert query["display-name"] == "Zoë O'Brien" and query["essay-title"] == "My first ticket"
    assert "it opens with the title, your name and the tags filled in" in tab.locator("#swa-issue ol").inner_text()
    assert tab.locator("#swa-issue-author").inner_text() == "I’m new: add me"
    tab.get_by_role("button", name="Copy the essay").click()
    tab.get_by_text("Copied: paste it into the Essay field.").wait_for()
    tab.evaluate("navigator.clipboard.writeText('')")
    with tab.expect_popup() as opened:  # opening the form copies the essay too
        tab.get_by_role("link", name="Propose it through GitHub’s essay form").click()
    assert parse_qs(urlsplit(opened.value.url).query) == parse_qs(urlsplit(href).query)
    pasted = tab.evaluate("navigator.clipboard.readText()")
    assert pasted == essay
    # The issue GitHub makes of the form so filled in, as the workflow receives it.
    answers = {"essay-title": query["essay-title"], "display-name": query["display-name"], "tags": query["tags"],
               "author": tab.locator("#swa-issue-author").inner_text(),
               "prompt": tab.locator("#swa-issue-prompt").inner_text(), "essay": pasted.replace("\n", "\r\n")}
    project = Project(tmp_path / "anthology")
    result = Run(project, event(issue_body(answers)), monkeypatch, capsys)
    assert result.clean, result.comment
    files = result.files()
    assert sorted(files) == [".github/ISSUE_TEMPLATE/essay.yml", "docs/essays/my-first-ticket.md",
                             "docs/registry/authors.yml"]
    fresh = pull_request_passes_check(files, tmp_path / "pull-request")
    assert "id: zoe-o-brien" in (fresh.docs / "registry" / "authors.yml").read_text(encoding="utf-8")


def test_an_essay_that_fits_only_without_crlf_is_not_sent_to_an_issue(form):
    # 59,159 characters as typed (under 60,000); GitHub receives each of its 1,019 line ends as
    # CRLF: 60,178, past what the page lets an issue's essay be.
    fill(form, body=("x" * 57 + "\n") * 1_020)
    assert "longer than a GitHub issue holds" in form.locator("#swa-issue-why").inner_text()
    assert form.locator("#swa-issue-steps").is_hidden()


def test_the_page_says_a_github_account_is_needed_and_what_githubs_form_asks_more(form):
    intro = form.locator("#swa-essay-form > p").first.inner_text()
    assert "It then opens GitHub, where you propose the file as a pull request" not in intro
    assert "you need a free GitHub account" in intro and "GitHub’s essay form, which takes any essay" in intro
    form.get_by_label("Who wrote it").select_option("__new__")
    form.get_by_label("Your name, as the site should show it").fill("Jo Bloggs")
    fill(form, author="__new__")
    steps = form.locator("#swa-issue ol").inner_text()
    assert "you need a free GitHub account" in steps
    assert "About you, a line for your author page, and Your web page" in steps
    form.get_by_label("Who wrote it").select_option("sarah-wetzel")
    form.get_by_role("button", name="Check and make the file").click()
    assert form.locator("#swa-issue-new").is_hidden()


# The names of the converter's tests (test_issue.py), typed into the site's form: one id for both.
NAMES = ["Łukasz Żółć", "李小龙 (Li Xiaolong)", "Søren Ærø", "İlkin Ələkbərov", "ǅemal ﬁona", "Con", "Straße",
         "Zoë O'Brien", "Ŋgũgĩ wa Thiong'o", " ".join(["Word"] * 30), "x" * 120]


def test_a_new_authors_id_is_the_one_the_converter_makes(form):
    from anthology.rules.addresses import author_id_for

    form.get_by_label("Who wrote it").select_option("__new__")
    for name in NAMES:
        form.get_by_label("Your name, as the site should show it").fill(name)
        entry = form.locator("#swa-author-entry").inner_text()
        assert entry.startswith(f"  - id: {author_id_for(name)}\n"), (name, entry)


@pytest.mark.parametrize("name, expected", [
    ("李小龙", "has no Latin letter or digit, and your author page's address is made of them: write your name in "
              "Latin letters too, after it in brackets, like '李小龙 (Li Xiaolong)'"),
    ("!!!", "has no Latin letter or digit"),
    ("@AMY_breedonjay on  medium", "@amy_breedonjay on Medium is an author of the anthology already (id "
                                   "'amy-breedonjay'): if that is you, choose your name among the authors instead"),
    ("Sarah-Wetzel", "Sarah Wetzel is an author of the anthology already (id 'sarah-wetzel')"),
])
def test_a_new_name_that_makes_no_id_or_is_taken_is_said_as_the_converter_says_it(form, name, expected):
    form.get_by_label("Who wrote it").select_option("__new__")
    form.get_by_label("Your name, as the site should show it").fill(name)
    fill(form, author="__new__")
    assert form.locator("#swa-result").is_hidden()
    shown = form.locator("#swa-display_name-error").inner_text()
    assert shown.startswith(expected), shown


def test_the_converter_says_the_same_about_those_names(project, monkeypatch, capsys):
    from test_issue import Run, answers, event, issue_body

    shown = {}
    for name in ("李小龙", "@AMY_breedonjay on  medium"):
        result = Run(project, event(issue_body(answers(author="I’m new: add me", display_name=name))), monkeypatch,
                     capsys)
        shown[name] = dict(result.problems())["Your name, if you are new"]
    assert shown["李小龙"].startswith("has no Latin letter or digit")
    assert shown["@AMY_breedonjay on  medium"].startswith("@amy_breedonjay on Medium is an author of the anthology "
                                                          "already (id 'amy-breedonjay')")


# --- the file the form writes reads back as typed ---------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from anthology.rules import schema  # noqa: E402
from anthology.files.source import read_essay  # noqa: E402

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
    form.evaluate("localStorage.clear()")  # a fresh form for each example, with no draft
    form.reload()
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


# --- a stored draft is data: read, never trusted; the form never submits itself ---------------------

SECRET = "My secret essay, half written"  # what the planted draft and the writer's essay hold
CORRUPT_DRAFTS = {
    "a field that is an object": json.dumps({"title": {"a": 1}, "body": SECRET}),
    "a field that is null": json.dumps({"title": None, "body": SECRET}),
    "a field that is an array": json.dumps({"title": [SECRET], "body": SECRET}),
    "a field that is a number": json.dumps({"title": 7, "body": SECRET}),
    # main threw on this one while restoring it (new Date() of an object that cannot be text),
    # so the form, shown but never wired, submitted itself with the essay in its address
    "a date that cannot be text": json.dumps({"saved": {"toString": 0, "valueOf": 0}, "body": SECRET}),
    "a field the form does not have": json.dumps({"body": SECRET, "__proto__": {"title": "x"}}),
    "null": "null",
    "an array": json.dumps([SECRET]),
    "a string": json.dumps(SECRET),
    "text that is not JSON": SECRET + " {",
    "huge text": json.dumps({"title": "Huge", "body": SECRET + " " + "word " * 220_000}),
}


def recorded(tab) -> list[str]:
    """Every request the tab makes from now on: its address and what it sends."""
    sent = []
    tab.on("request", lambda request: sent.append(request.url + "\n" + (request.post_data or "")))
    return sent


def try_to_submit(tab) -> None:
    """Every way a person submits a form: the button, and Enter in a field."""
    tab.get_by_label("Who wrote it").select_option("sarah-wetzel")
    tab.get_by_label("Prompt it answers").select_option("what-keeps-you-going")
    tab.get_by_label("Title").fill("Typed " + SECRET)
    tab.get_by_label("The essay, in Markdown").fill(SECRET + "\n\nTyped after.")
    tab.get_by_role("button", name="Check and make the file").click()
    tab.get_by_label("Title").press("Enter")
    tab.wait_for_timeout(300)  # a navigation, if the form went anywhere, starts within this


@pytest.mark.parametrize("kind", list(CORRUPT_DRAFTS))
def test_a_corrupt_draft_is_set_aside_with_a_note_and_the_essay_never_leaves(browser, built, kind):
    context = browser.new_context()
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.goto(built[1].url + "contribute/")
    key = "swa-essay-draft:" + urlsplit(tab.url).path
    tab.evaluate("([key, text]) => localStorage.setItem(key, text)", [key, CORRUPT_DRAFTS[kind]])
    sent = recorded(tab)
    tab.reload()
    tab.get_by_role("button", name="Check and make the file").wait_for()
    shown = {label: tab.get_by_label(label).input_value() for label in ("Title", "The essay, in Markdown")}
    try_to_submit(tab)
    assert tab.url == built[1].url + "contribute/"
    assert sent and not [each for each in sent if "secret" in unquote(each).lower().replace("+", " ")], sent
    assert errors == []
    assert shown == {"Title": "", "The essay, in Markdown": ""}
    assert tab.locator("#swa-draft-status").inner_text() == (
        "This browser kept something for this form that is not a draft it can read, so the form starts empty. "
        "What was kept is set aside, untouched, in this browser's storage under “swa-essay-draft-set-aside:"
        "/contribute/”.")
    assert tab.evaluate("([key]) => localStorage.getItem(key.replace('swa-essay-draft:', "
                        "'swa-essay-draft-set-aside:'))", [key]) == CORRUPT_DRAFTS[kind]
    assert "pass every check this page can make" in tab.locator("#swa-result-status").inner_text()  # the page still works
    # The next visit starts from the draft typed since, and the one set aside stays aside.
    tab.reload()
    tab.get_by_text("Your draft is back, as you left it").wait_for()
    assert tab.get_by_label("Title").input_value() == "Typed " + SECRET
    context.close()


def test_the_form_never_submits_itself_even_when_its_script_breaks(browser, built):
    context = browser.new_context()
    # A script that shows the form and then fails, as any script can: nothing else is wired.
    context.route("**/assets/essay-form.js", lambda route: route.fulfill(
        content_type="text/javascript",
        body="document.getElementById('swa-essay-form').hidden = false; throw new Error('broken');"))
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.goto(built[1].url + "contribute/")
    sent = recorded(tab)
    try_to_submit(tab)
    assert tab.url == built[1].url + "contribute/"
    assert not [each for each in sent if "secret" in unquote(each).lower().replace("+", " ")], sent
    assert errors == ["broken"]  # once: the page was never loaded again
    context.close()
