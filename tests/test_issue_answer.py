"""What the essay workflow posts on GitHub: each text fits, and nothing of the issue's is live.

The converter's answer (comment.md) and the pull request's description (pull-request.md) are
posted by JavaScript actions, and GitHub keeps at most 65,536 characters of either: a longer
text is cut wherever the limit falls, and a cut inside a code span leaves the rest of that line
to render live. Lengths here are counted in UTF-16 code units (JavaScript's String.length): an
emoji is two of them and one code point, so a text within that count is within GitHub's limit
whichever of the two GitHub counts.

Each posted text is rendered here as GitHub renders it (cmark-gfm, through cmarkgfm: GitHub's
extensions, footnotes, raw HTML kept), from what GitHub would keep of it, and read for anything
the writer could have made live: a link, an image, raw HTML, a footnote, a task list's box, and,
in the text outside code, an @mention, an issue reference or a commit's hash, which GitHub links
after rendering.
"""

from __future__ import annotations

import json
import re
import shutil

import cmarkgfm
import pytest
from bs4 import BeautifulSoup, Comment
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anthology import __main__ as cli
from anthology.contributing.issueform import FIELDS, NEW_AUTHOR, PERMISSION
from anthology.contributing.proposal import COMMENT_MARK, GITHUB_LIMIT, MAX_LISTED, TOO_LONG, WORKFLOW_ROOM, Proposal, code_span
from test_issue import HOSTILE, SARAH, answers, event, fixture, issue_body, restore

# --- reading a posted text as GitHub shows it -------------------------------------------------------


def units(text: str) -> int:
    """UTF-16 code units: what JavaScript's String.length, and so the posting actions, count."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def kept(text: str) -> str:
    """What GitHub keeps of a posted text: its first GITHUB_LIMIT UTF-16 code units."""
    return text.encode("utf-16-le", "surrogatepass")[:2 * GITHUB_LIMIT].decode("utf-16-le", "ignore")


def github(markdown: str) -> str:
    options = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=options)


# The elements the converter's own Markdown makes: headings, paragraphs, the list, bold, code.
OWN_ELEMENTS = {"h2", "h3", "p", "ul", "li", "strong", "code"}
# What GitHub links in text after rendering (never inside code): @mentions, #123, GH-123,
# owner/repo#123, a commit's hash, and bare addresses (its autolinker's, and cmark-gfm's).
LINKED_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_`])@[A-Za-z0-9]|#\d|\bGH-\d|\b[0-9a-f]{7,40}\b|https?:|www\.",
                            re.IGNORECASE)


def live(markdown: str, own: str = "") -> list[str]:
    """What of `markdown` GitHub would show live, besides the converter's mark and the issue
    references in `own` (its own words, such as "Closes #42.")."""
    soup = BeautifulSoup(github(kept(markdown)), "html.parser")
    found = [str(tag)[:80] for tag in soup.find_all(True) if tag.name not in OWN_ELEMENTS]
    found += [f"<!--{c}-->" for c in soup.find_all(string=lambda s: isinstance(s, Comment))
              if f"<!--{c}-->" != COMMENT_MARK]
    for code in soup.find_all("code"):
        code.decompose()
    text = soup.get_text()
    for reference in re.findall(r"#\d+", own):
        text = text.replace(reference, "")
    return found + [text[max(0, m.start() - 20):m.end() + 20] for m in LINKED_IN_TEXT.finditer(text)]


def assert_posted_texts_fit_and_are_inert(out, number: int) -> None:
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith(COMMENT_MARK + "\n")
    assert units(comment) <= GITHUB_LIMIT - WORKFLOW_ROOM, units(comment)
    assert live(comment) == []
    if (out / "pull-request.md").exists():
        description = (out / "pull-request.md").read_text(encoding="utf-8")
        assert units(description) <= GITHUB_LIMIT
        assert live(description, own=f"#{number}") == []


def test_the_reader_sees_what_github_would_make_live():
    # The checker of this file must be able to fail: each of these is live on GitHub.
    for markdown in ["@octocat", "see #12", "GH-3", "org/repo#4", "a5c3785ed8d6", "www.evil.example",
                     "[x](https://e.example)", "![x](https://t.example/p.gif)", "<img src=x>", "a[^1]\n\n[^1]: b",
                     "- [x] ticked", "<!-- hidden -->", "`x` and @octocat after it", "``a`` `unclosed @octocat"]:
        assert live(markdown), markdown
    assert live("`@octocat #12 www.e.example <img src=x>`") == []
    assert live("Closes #42.", own="#42") == []


# --- the answer fits whole -----------------------------------------------------------------------------


@pytest.fixture
def from_issue(project, monkeypatch, capsys):
    """`python -m anthology from-issue` on a payload, as the workflow runs it: (exit code, out folder, stdout, stderr)."""
    monkeypatch.chdir(project.root)
    runs = iter(range(10**6))

    def run(payload: dict):
        out = project.root / f"proposal-{next(runs)}"
        path = project.root / "event.json"
        path.write_text(json.dumps(payload), encoding="utf-8")  # ensure_ascii: a surrogate as \udXXX
        code = cli.main(["from-issue", "--event", str(path), "--out", str(out)])
        captured = capsys.readouterr()
        return code, out, captured.out, captured.err

    return run


def listed(comment: str) -> list[str]:
    return [line for line in comment.splitlines() if line.startswith("- **")]


MORE = re.compile(r"^- … and (\d+) more: fix these first$", re.MULTILINE)


def test_problems_beyond_githubs_limit_are_listed_whole_and_counted_never_cut(from_issue):
    # Invisible characters are quoted as \u200b, six for one: a 15 KB issue, three problems of
    # 24,000 characters each. GitHub would have cut the answer inside the third one's code span.
    # (Three classes in the essay, each quoted whole: an address is quoted at most 200 characters.)
    hidden = "\u200b" * 4_000
    essay = "\n\n".join(f'<a class="{hidden}{n}">page {n}</a>' for n in range(3))
    body = issue_body(answers(author=NEW_AUTHOR, display_name="Jo Bloggs", essay=essay))
    assert units(body) < 16_000
    code, out, stdout, stderr = from_issue(event(body))
    assert code == 0 and stdout.startswith("clean=false\nproposed=false\n")
    said = stderr.splitlines()  # every problem, whole, for the log
    assert len(said) == 3 and units("".join(said)) > GITHUB_LIMIT  # the premise: they do not fit together
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert units(comment) <= GITHUB_LIMIT - WORKFLOW_ROOM
    lines = listed(comment)
    assert len(lines) == 2 and MORE.search(comment).group(1) == "1"  # those that fit whole, then the count
    for line, whole in zip(lines, said):  # each quoted whole, to its last letter
        where, what = whole.split(": ", 1)
        assert line.startswith(f"- **{where}**") and line.endswith(f": {code_span(what)}")
    assert_posted_texts_fit_and_are_inert(out, 42)


def test_the_limit_is_counted_in_utf16_units_as_the_actions_count(from_issue):
    # Emoji are one code point and two UTF-16 units: counted in code points, these three
    # problems fit (about 60,000); in UTF-16 units, as the actions count, they do not.
    def name(n):
        return "\u200b" * 2_950 + "😀" * 2_060 + f"{n}"

    essay = "\n\n".join(f'<a class="{name(n)}">page {n}</a>' for n in range(3))
    body = issue_body(answers(author=NEW_AUTHOR, display_name="Jo Bloggs", essay=essay))
    code, out, _, stderr = from_issue(event(body))
    said = stderr.splitlines()
    assert len("".join(said)) < GITHUB_LIMIT - WORKFLOW_ROOM - 3_000 < GITHUB_LIMIT < units("".join(said))
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert units(comment) <= GITHUB_LIMIT - WORKFLOW_ROOM
    assert len(listed(comment)) == 2 and MORE.search(comment).group(1) == "1"
    assert all("😀" * 2_060 in line for line in listed(comment))
    assert_posted_texts_fit_and_are_inert(out, 42)


@pytest.mark.parametrize("sizes, whole, named, more", [
    ([100] * 40, MAX_LISTED, 0, 40 - MAX_LISTED),  # short ones: the first MAX_LISTED, then the count of the rest
    ([5_000] * 20, 12, 0, 8),  # those that fit whole, in order, then the count of the rest
    ([30_000, 40_000, 100], 1, 0, 2),  # the second would fit alone: after the first, it is counted
    ([70_000, 100, 100], 2, 1, 0),  # no comment could hold the first: named at its place, not quoted
])
@pytest.mark.parametrize("letter", ["a", "😀", "\u200b"], ids=["ascii", "astral", "invisible"])
def test_the_answer_lists_whole_problems_and_counts_the_rest(sizes, whole, named, more, letter):
    # About `size` UTF-16 units each in the comment: an emoji is two, U+200B is shown as \u200b.
    scale = {"a": 1, "😀": 2, "\u200b": 6}[letter]
    problems = [("Title", f"problem {n}: " + letter * (size // scale)) for n, size in enumerate(sizes)]
    comment = Proposal(7, problems=problems).comment()
    assert units(comment) <= GITHUB_LIMIT - WORKFLOW_ROOM
    lines = listed(comment)
    quoted = [line for line in lines if not line.endswith(TOO_LONG)]
    for line in quoted:  # each as the checker said it, to its last letter
        number = int(re.search(r"problem (\d+)", line).group(1))
        assert line == f"- **Title**: {code_span(problems[number][1])}"
    found = MORE.search(comment)
    assert (len(quoted), len(lines) - len(quoted), int(found.group(1)) if found else 0) == (whole, named, more)
    assert live(comment) == []


# --- nothing of the issue's is live --------------------------------------------------------------------

MENTIONS = "@octocat @org/team #1 GH-2 org/repo#3 a5c3785ed8d6a35868bc169f07e40e889087fd2e www.evil.example"
GALLERY = {
    "mentions in the title": {"essay-title": f"<b>{MENTIONS}</b>"},
    "backticks everywhere": {"essay-title": "``` `` ` <b> `` ```", "summary": "`<i>`@octocat`"},
    "an image and a link in a wrong choice": {"prompt": "![x](https://t.example/p.gif) [l](https://evil.example)"},
    "raw HTML and a comment": {"author": "<img src=x onerror=alert(1)><!-- x --> @octocat"},
    "a footnote and a task box": {"date": "[^1] - [x] done\n\n[^1]: @octocat"},
    "the essay, line by line": {"essay": "\r\n\r\n".join(f"{start} <kbd>k</kbd> {MENTIONS}" for start in
                                                           ["@octocat", "#1", "- [x]", "`", "``", "<img src=x>",
                                                            "[^1]:", "www.evil.example", "\\", "|", "&#64;x"])},
    "a backslash before the quote": {"tags": "a\\, b\\`, @octocat\\"},
    "invisible and bidi characters": {"essay-title": "\u202e@octocat\u200b<b>\u2066#1"},
    "a mention in the permission section": {"permission": f"- [X] {PERMISSION}\n- [X] @octocat #1"},
}


def gallery_body(changed: dict) -> str:
    body = issue_body(answers(**{k.replace("-", "_"): v for k, v in changed.items() if k != "permission"}))
    if "permission" in changed:
        body = body.replace(f"- [X] {PERMISSION}", changed["permission"])
    return body


@pytest.mark.parametrize("name", list(GALLERY))
def test_nothing_the_writer_typed_is_live_in_what_is_posted(from_issue, name):
    code, out, _, _ = from_issue(event(gallery_body(GALLERY[name])))
    assert code == 0  # a problem quoted in the comment, or (tags are free text) a pull request
    assert_posted_texts_fit_and_are_inert(out, 42)


@pytest.mark.parametrize("name", [case[0] for case in HOSTILE])
def test_the_hostile_texts_of_the_converters_tests_are_inert_in_what_is_posted(from_issue, name):
    changed = next(case[1] for case in HOSTILE if case[0] == name)
    code, out, _, _ = from_issue(event(gallery_body(changed)))
    assert code == 0
    assert_posted_texts_fit_and_are_inert(out, 42)


def test_a_clean_essay_full_of_mentions_gets_a_pull_request_that_mentions_no_one(from_issue):
    essay = f"{MENTIONS}\r\n\r\nText with `@octocat` and [a link](https://example.com/@octocat)."
    code, out, stdout, _ = from_issue(event(issue_body(answers(essay_title="Why I stay #1 @octocat", essay=essay))))
    assert stdout.startswith("clean=true\nproposed=true\n")
    assert_posted_texts_fit_and_are_inert(out, 42)


# --- Permission: the form's own box, ticked, and nothing else ------------------------------------------

NOT_GIVEN = ("this section holds the form's box and nothing else: tick “{p}” and keep only its line, as the form "
             "wrote it (other lines, or other words, are not taken as permission): a maintainer publishes only what "
             "its author agreed to").format(p=PERMISSION)


@pytest.mark.parametrize("section", [
    f"- [ ] {PERMISSION}\n- [X] I copied this essay from a blog I like",  # the box empty, another line ticked
    f"- [ ] {PERMISSION}\n\n- [x] {PERMISSION}",  # the box twice, ticked once
    f"- [X] {PERMISSION}\n\nBut not the part about my manager.",  # words added
    f"- [X] {PERMISSION}\n- [X] Also publish it on Medium",
    f"- [X] {PERMISSION[:-1]}",  # not the form's words
    f"- [X] {PERMISSION} (mostly)",
    f"- [X] {PERMISSION.lower()}",
    f"* [X] {PERMISSION}",
    f"- [X]  {PERMISSION}",
    f"- [✓] {PERMISSION}",
    f"> - [X] {PERMISSION}",
    "- [X] I copied this essay",
])
def test_only_the_forms_box_ticked_is_permission(from_issue, section):
    body = issue_body(answers()).replace(f"- [X] {PERMISSION}", section.replace("\n", "\r\n"))
    code, out, stdout, _ = from_issue(event(body))
    assert code == 0 and stdout.startswith("clean=false\nproposed=false\n")
    assert not (out / "pull-request.md").exists() and not (out / "files.txt").exists()
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert listed(comment) == [f"- **Permission**: {code_span(NOT_GIVEN)}"]
    assert_posted_texts_fit_and_are_inert(out, 42)


@pytest.mark.parametrize("section", [f"- [X] {PERMISSION}", f"- [x] {PERMISSION}", f"\n\n- [X] {PERMISSION}  \n\n"])
def test_the_box_ticked_in_the_form_or_on_the_issues_page_is_permission(from_issue, section):
    # GitHub writes `[X]`; a box ticked on the issue's page afterwards becomes `[x]`.
    body = issue_body(answers()).replace(f"- [X] {PERMISSION}", section)
    code, out, stdout, _ = from_issue(event(body))
    assert stdout.startswith("clean=true\nproposed=true\n")
    assert f"The writer ticked: “{PERMISSION}”" in (out / "pull-request.md").read_text(encoding="utf-8")


def test_an_empty_box_alone_is_asked_to_be_ticked(from_issue):
    body = issue_body(answers(), permission=False)
    _, out, _, _ = from_issue(event(body))
    assert listed((out / "comment.md").read_text(encoding="utf-8")) == [
        f"- **Permission**: `tick “{PERMISSION}”: a maintainer publishes only what its author agreed to`"]


# --- any string JSON can carry, in any field of the event -------------------------------------------------

# Lone surrogates (JSON's \ud800 escapes), U+0000, bidi and invisible characters, markup signs.
AWKWARD = st.sampled_from(["\ud800", "\udfff", "\udc00x\ud83d", "\x00", "\u202e", "\u200b", "`", "@", "#1", "\r\n",
                           "\n", "😀", "\ufeff", "\uffff", "<b>", "\\", "- [X] "])
ANY_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), AWKWARD), max_size=30).map("".join)
ANSWER = st.none() | ANY_TEXT | st.builds(str.__add__, st.sampled_from(["Jo", SARAH, NEW_AUTHOR, "https://x.example/"]),
                                          ANY_TEXT)


def string_paths(value, path=()):
    """The path to every string in the payload."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from string_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_paths(item, path + (index,))
    elif isinstance(value, str):
        yield path


PATHS = [path for path in string_paths(fixture()) if path != ("issue", "body")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_answers=st.fixed_dictionaries({field.id: ANSWER for field in FIELDS if field.kind != "checkboxes"}),
       permission=st.booleans(), others=st.dictionaries(st.sampled_from(PATHS), ANY_TEXT, max_size=6),
       whole_body=st.none() | ANY_TEXT)
def test_any_string_in_the_event_gets_an_answer_never_a_traceback(project, from_issue, given_answers, permission,
                                                                  others, whole_body):
    payload = event(whole_body if whole_body is not None else issue_body(given_answers, permission))
    for path, text in others.items():
        *parents, last = path
        target = payload
        for key in parents:
            target = target[key]
        target[last] = text
    before = project.snapshot()
    try:
        code, out, stdout, stderr = from_issue(payload)
        assert code == 0 and "Traceback" not in stderr
        assert [line.split("=", 1)[0] for line in stdout.splitlines()] == ["clean", "proposed", "author"]
        assert_posted_texts_fit_and_are_inert(out, 42)
    finally:  # the next example starts from the anthology as it was
        restore(project, before)
        for folder in project.root.glob("proposal-*"):
            shutil.rmtree(folder)


@pytest.mark.parametrize("field, where", [("essay", "Essay, line 3"), ("essay-title", "Title"),
                                          ("display-name", "Your name, if you are new"), ("tags", "Tags (optional)"),
                                          ("date", "Date first published (optional)")])
def test_a_lone_surrogate_is_said_at_its_field(from_issue, field, where):
    changed = {"author": NEW_AUTHOR, "display-name": "Jo Bloggs", "tags": "support", "date": "2017-05-12",
               "essay": "First.\r\n\r\nA half\ud83d of an emoji."}
    if field != "essay":
        changed[field] = changed.get(field, "") + " half\ud83d"
    code, out, stdout, _ = from_issue(event(issue_body(answers(**{k.replace("-", "_"): v for k, v in changed.items()}))))
    assert code == 0 and stdout.startswith("clean=false\nproposed=false\n")
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert any(line.startswith(f"- **{where}**") and "U+D83D is half of a character, not text" in line
               for line in listed(comment)), comment
    assert not (out / "files.txt").exists()


@pytest.mark.parametrize("item, expected", [
    ('"a\\uD83D"', "column 9: this \\u escape names no character (\\uD800 to \\uDFFF are halves of one): write the "
                    "character itself, or leave it out"),
    ("'night shift", "column 5: the quote ' that opens the value is never closed; put it in quotes: - \"night shift\""),
    ("@support", "column 5: a value starting with '@' means something else to YAML; put it in quotes: - '@support'"),
    ('"night" shift', "column 13: text follows the closing quote \"; put it in quotes: - '\"night\" shift'"),
])
def test_a_list_item_yaml_cannot_read_is_a_problem_for_check_not_a_traceback(project, monkeypatch, capsys, item,
                                                                             expected):
    # `make check` on an essay whose tag YAML refuses: the explanation read only `key: value`
    # lines, and a list's item (`- value`) ended in a traceback. The converter writes its own
    # YAML, so a lone surrogate in an issue never reaches it (it is a problem at its field).
    project.write("essays/tagged.md", "---\ntitle: Tagged\nauthor: sarah-wetzel\nprompt: what-keeps-you-going\n"
                  f"tags:\n  - {item}\n---\n\nText.\n")
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    assert f"docs/essays/tagged.md:6: {expected}" in capsys.readouterr().out
