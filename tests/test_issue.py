"""Contributing through GitHub's essay issue form: the form made from the registries, and an
issue turned into a pull request's files by `python -m anthology from-issue`, as the workflow runs it.

The converter reads payloads of GitHub's `issues` event: tests/fixtures/issues/opened.json is
one as GitHub sends it, its body written the way GitHub writes a filled-in form (`### <label>`
sections, `_No response_`, `- [X]`, the textarea's own CRLF line ends); the other payloads are
that one with another body. The files it writes are then put into a fresh copy of the
anthology, as the workflow puts them into the pull request, and checked there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from anthology import __main__ as cli
from anthology.files.tree import Sources
from anthology.catalog.assembly import load_catalog
from anthology.catalog.registries import load_registries
from anthology.contributing.issueform import FIELDS, ISSUE_FORM, NEW_AUTHOR, PERMISSION, issue_form_text, read_issue
from anthology.contributing.proposal import COMMENT_MARK, MAX_LISTED
from anthology.files.source import read_essay
from conftest import ENV, ROOT, Project

FIXTURE = ROOT / "tests" / "fixtures" / "issues" / "opened.json"
LABELS = {field.id: field.label for field in FIELDS}
SARAH = "Sarah Wetzel (sarah-wetzel)"
PROMPT = "Support Driven Spring 2017 Writing Challenge: What keeps you going (what-keeps-you-going)"


def fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def issue_body(answers: dict[str, str | None], permission: bool = True) -> str:
    """An issue's body as GitHub writes it for a filled-in form (the fixture shows one)."""
    sections = []
    for field in FIELDS:
        if field.kind == "checkboxes":
            answer = f"- [{'X' if permission else ' '}] {PERMISSION}"
        else:
            answer = answers.get(field.id) or "_No response_"
        sections.append(f"### {field.label}\n\n{answer}")
    return "\n\n".join(sections)


def answers(**changed) -> dict:
    """A writer already in the anthology, with a short essay; `changed` by field id (with _ for -)."""
    base = {"essay-title": "Why I stay", "author": SARAH, "prompt": PROMPT,
            "essay": "Every day brings a new puzzle.\r\n\r\n## Why\r\n\r\nBecause people are *kind*."}
    base.update({name.replace("_", "-"): value for name, value in changed.items()})
    return base


def event(body: str, number: int = 42, action: str = "opened") -> dict:
    payload = fixture()
    payload["action"] = action
    payload["issue"]["number"] = number
    payload["issue"]["body"] = body
    if action == "edited":
        payload["changes"] = {"body": {"from": fixture()["issue"]["body"]}}
    return payload


class Run:
    """`python -m anthology from-issue` on one payload, in a copy of the anthology, as the workflow runs it."""

    def __init__(self, project: Project, payload: dict | str, monkeypatch, capsys):
        self.project = project
        path = project.root / "event.json"
        path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
        self.out = project.root / "proposal"
        monkeypatch.chdir(project.root)
        self.code = cli.main(["from-issue", "--event", str(path), "--out", str(self.out)])
        captured = capsys.readouterr()
        self.stdout, self.stderr = captured.out, captured.err

    @property
    def outputs(self) -> dict[str, str]:
        """The lines for $GITHUB_OUTPUT: name=value, each once, nothing else on stdout."""
        lines = self.stdout.splitlines()
        assert [line.split("=", 1)[0] for line in lines] == ["clean", "proposed", "author"], self.stdout
        return dict(line.split("=", 1) for line in lines)

    @property
    def clean(self) -> bool:
        assert self.outputs["clean"] in ("true", "false"), self.stdout
        return self.outputs["clean"] == "true"

    @property
    def comment(self) -> str:
        return (self.out / "comment.md").read_text(encoding="utf-8")

    def problems(self) -> list[tuple[str, str]]:
        """(where, what) for each problem listed in the comment, the code span unwrapped."""
        return [(where, what) for where, _, what in problem_lines(self.comment)]

    def files(self) -> dict[str, bytes]:
        folder = self.out / "files"
        return {path.relative_to(folder).as_posix(): path.read_bytes()
                for path in sorted(folder.rglob("*")) if path.is_file()} if folder.is_dir() else {}


PROBLEM_LINE = re.compile(r"^- \*\*(.+?)\*\*(?: \(it begins (`+) ?(.*?) ?\2\))?: (`+) ?(.*?) ?\4$", re.MULTILINE)


def problem_lines(comment: str) -> list[tuple[str, str | None, str]]:
    """(where, how the line begins or None, what) for each problem a comment lists."""
    return [(where, start if fence else None, what) for where, fence, start, _, what in PROBLEM_LINE.findall(comment)]


@pytest.fixture
def run(project, monkeypatch, capsys):
    return lambda payload: Run(project, payload, monkeypatch, capsys)


def restore(project: Project, before: dict[str, bytes]) -> None:
    """The anthology's files as they were `before` (a snapshot), and no issue form written:
    each Hypothesis example starts from the same anthology."""
    after = project.snapshot()
    for name in set(after) - set(before):
        (project.docs / name).unlink()
    for name, content in before.items():
        if after.get(name) != content:
            (project.docs / name).write_bytes(content)
    (project.root / ISSUE_FORM).unlink(missing_ok=True)


def pull_request_passes_check(files: dict[str, bytes], folder: Path) -> Project:
    """The pull request's content (the files, over a fresh copy of the anthology) passes check."""
    fresh = Project(folder)
    for relative, content in files.items():
        (fresh.root / relative).parent.mkdir(parents=True, exist_ok=True)
        (fresh.root / relative).write_bytes(content)
    checked = subprocess.run([sys.executable, "-m", "anthology", "check"], cwd=fresh.root,
                             capture_output=True, text=True, env=ENV, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return fresh


# --- the form ------------------------------------------------------------------------------------


def form_of(docs: Path) -> str:
    authors, prompts = load_registries(Sources(docs_dir=docs, shown_root=docs.parent))
    return issue_form_text(authors.values(), prompts.values())


def test_the_issue_form_is_what_make_issue_form_writes_from_the_registries():
    committed = (ROOT / ISSUE_FORM).read_text(encoding="utf-8")
    assert committed == form_of(ROOT / "docs"), (
        f"{ISSUE_FORM.as_posix()} and the registries disagree: run `make issue-form` and commit the file")


def test_the_form_and_registries_disagree_when_an_author_is_added(project):
    committed = (ROOT / ISSUE_FORM).read_text(encoding="utf-8")
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + "\n  - id: jane-doe\n    display_name: Jane Doe\n"
                       "    name_known: true\n", encoding="utf-8")
    assert form_of(project.docs) != committed
    assert "Jane Doe (jane-doe)" in form_of(project.docs)


def test_check_names_make_issue_form_when_an_author_is_added_without_it(project, monkeypatch, capsys):
    import shutil

    (project.root / ISSUE_FORM).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / ISSUE_FORM, project.root / ISSUE_FORM)
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 0
    capsys.readouterr()
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + "\n  - id: jane-doe\n    display_name: Jane Doe\n"
                       "    name_known: true\n", encoding="utf-8")
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    line = next(number for number, text in enumerate(form_of(project.docs).split("\n"), 1) if "Jane Doe" in text)
    assert out == (f".github/ISSUE_TEMPLATE/essay.yml:{line}: GitHub's essay form does not list the authors and "
                   "prompts of docs/registry/ yet: run `make issue-form`, then commit the file it writes\n")
    assert err.strip().endswith("1 problem found.")
    assert cli.main(["issue-form"]) == 0 and cli.main(["check"]) == 0


def test_make_issue_form_writes_the_file(project, monkeypatch, capsys):
    monkeypatch.chdir(project.root)
    assert cli.main(["issue-form"]) == 0
    assert (project.root / ISSUE_FORM).read_text(encoding="utf-8") == (ROOT / ISSUE_FORM).read_text(encoding="utf-8")


def test_the_form_follows_githubs_form_schema_and_offers_every_choice():
    form = yaml.safe_load((ROOT / ISSUE_FORM).read_text(encoding="utf-8"))
    assert form["labels"] == ["essay"] and form["name"] and form["description"]
    fields = [element for element in form["body"] if element["type"] != "markdown"]
    ids = [element["id"] for element in fields]
    labels = [element["attributes"]["label"] for element in fields]
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", name) for name in ids)
    assert ids[-1] == "essay" and "title" not in ids  # `title=` in an address is the issue's own title
    by_id = {element["id"]: element for element in fields}
    authors = by_id["author"]["attributes"]["options"]
    assert authors[0] == NEW_AUTHOR and SARAH in authors and len(authors) == len(set(authors)) == 6
    prompts = by_id["prompt"]["attributes"]["options"]
    assert prompts[0] == PROMPT and len(prompts) == len(set(prompts)) == 4
    # Grouped by challenge: every option names its challenge from the registry's `challenges:`.
    assert all(option.startswith("Support Driven Spring 2017 Writing Challenge: ") for option in prompts)
    required = {element["id"] for element in fields if element.get("validations", {}).get("required")}
    assert required == {"essay-title", "author", "prompt", "essay"}
    assert by_id["permission"]["attributes"]["options"] == [{"label": PERMISSION, "required": True}]


# GitHub's mention rule: `@` after the start or any character but a letter, digit or underscore.
MENTION = re.compile(r"(?<![A-Za-z0-9_])@")


def test_no_option_can_mention_anyone_when_it_is_written_into_the_issue(project):
    committed = yaml.safe_load((ROOT / ISSUE_FORM).read_text(encoding="utf-8"))
    options = [option for e in committed["body"] if e["type"] == "dropdown" for option in e["attributes"]["options"]]
    assert "amy_breedonjay on Medium (amy-breedonjay)" in options  # the registry's "@amy_breedonjay on Medium"
    # Names and titles made to mention: each `@` at a word's start is left out, an address's kept.
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + "\n  - id: team\n    display_name: \"(@org/team) @@x, "
                       "é@y jo@example.com\"\n    name_known: true\n", encoding="utf-8")
    prompts = project.docs / "registry" / "prompts.yml"
    prompts.write_text(prompts.read_text(encoding="utf-8") + "\n  - {id: at, challenge: spring-2017, order: 9, "
                       "title: \"Ask @support\", question: Q?, wording: editors}\n", encoding="utf-8")
    form = yaml.safe_load(form_of(project.docs))
    options = [option for e in form["body"] if e["type"] == "dropdown" for option in e["attributes"]["options"]]
    assert "(org/team) x, éy jo@example.com (team)" in options
    assert "Support Driven Spring 2017 Writing Challenge: Ask support (at)" in options
    assert [option for option in options if MENTION.search(option)] == []


def test_the_converter_still_reads_an_option_written_before_mentions_were_left_out(run):
    result = run(event(issue_body(answers(author="@amy_breedonjay on Medium (amy-breedonjay)"))))
    assert result.clean, result.comment


def test_prompts_are_grouped_by_challenge_in_the_order_they_ran(project):
    # A challenge that ran first, written last in the registry, with its one prompt last too.
    prompts = project.docs / "registry" / "prompts.yml"
    text = prompts.read_text(encoding="utf-8").replace("\nprompts:\n", "\n  - id: fall-2016\n    title: Fall 2016 "
                                                          "Writing Challenge\n    organiser: Support Driven\n"
                                                          "    started: 2016-09\n\nprompts:\n")
    text += "\n  - {id: first-fall, challenge: fall-2016, order: 1, title: The first one, question: Q?, wording: editors}\n"
    prompts.write_text(text, encoding="utf-8")
    form = yaml.safe_load(form_of(project.docs))
    options = next(e for e in form["body"] if e.get("id") == "prompt")["attributes"]["options"]
    assert options[0] == "Fall 2016 Writing Challenge: The first one (first-fall)"
    assert options[1] == PROMPT and len(options) == 5


# --- the converter: issues become essays -----------------------------------------------------------


def test_the_fixture_issue_becomes_a_pull_request_that_passes_check(project, tmp_path):
    # As the workflow runs it: a separate process, the event file's path, $GITHUB_OUTPUT from stdout.
    out = tmp_path / "proposal"
    result = subprocess.run([sys.executable, "-m", "anthology", "from-issue", "--event", str(FIXTURE),
                             "--out", str(out)], cwd=project.root, capture_output=True, text=True, env=ENV, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("clean=true\nproposed=true\n"), result.stdout + result.stderr
    files = {p.relative_to(out / "files").as_posix(): p.read_bytes() for p in (out / "files").rglob("*") if p.is_file()}
    assert sorted(files) == [".github/ISSUE_TEMPLATE/essay.yml", "docs/essays/why-i-stay.md", "docs/registry/authors.yml"]
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith(COMMENT_MARK) and "passes every check" in comment
    assert (out / "pull-request.md").read_text(encoding="utf-8").startswith("Closes #42.")
    # What the writer typed is what the file says.
    essay = project.essay("why-i-stay")
    source = read_essay(essay, "why-i-stay.md")
    assert source.front.data == {"title": "Why I stay", "author": "zoe-o-brien", "prompt": "what-keeps-you-going",
                                 "tags": ["motivation", "night shift"]}
    body = fixture()["issue"]["body"].split("### Essay\n\n", 1)[1].replace("\r\n", "\n")
    assert source.body == body + "\n"
    fresh = pull_request_passes_check(files, tmp_path / "pull-request")
    # The new writer is in the registry, and in the issue form's dropdown for their next essay.
    assert "  - id: zoe-o-brien\n    display_name: Zoë O'Brien\n" in (fresh.docs / "registry" / "authors.yml").read_text()
    assert form_of(fresh.docs) == files[".github/ISSUE_TEMPLATE/essay.yml"].decode()
    assert "Zoë O'Brien (zoe-o-brien)" in files[".github/ISSUE_TEMPLATE/essay.yml"].decode()


def test_a_5000_word_essay_goes_through_whole(run, tmp_path):
    paragraph = ("Support is a craft: you listen, you ask, you [read the logs](https://example.com/logs), and "
                 "you answer in words a tired person can use. ") * 5  # 150 words
    parts = []
    for n in range(1, 34):
        parts += [f"## Part {n}", paragraph, "- one thing\n- another thing" if n % 5 == 0 else paragraph]
    text = "\r\n\r\n".join(parts) + "\r\n\r\nA claim.[^1]\r\n\r\n[^1]: The source."
    result = run(event(issue_body(answers(essay=text))))
    assert result.clean, result.comment
    files = result.files()
    assert sorted(files) == ["docs/essays/why-i-stay.md"]
    catalog = load_catalog(Sources(docs_dir=result.project.docs, shown_root=result.project.root))
    essay = next(e for e in catalog.essays if e.id == "why-i-stay")
    assert essay.words >= 5_000 and len(text) < 65_536  # GitHub's limit for an issue's body
    assert essay.markdown == text.replace("\r\n", "\n") + "\n"
    pull_request_passes_check(files, tmp_path / "pull-request")


def test_a_new_writer_gets_their_author_page_in_the_same_pull_request(run, tmp_path):
    new = answers(author=NEW_AUTHOR, display_name="Łukasz Nowak", bio="Support at a bakery supplier.",
                  link="https://lukasz.example/")
    result = run(event(issue_body(new)))
    assert result.clean, result.comment
    files = result.files()
    before = (ROOT / "docs" / "registry" / "authors.yml").read_text(encoding="utf-8")
    after = files["docs/registry/authors.yml"].decode()
    # Appended, with the rest of the registry (its comments too) as it was.
    assert after.startswith(before) and after[len(before):] == (
        "\n  - id: lukasz-nowak\n    display_name: Łukasz Nowak\n    name_known: true\n"
        "    bio: Support at a bakery supplier.\n    links:\n      - title: lukasz.example\n"
        "        url: https://lukasz.example/\n")
    fresh = pull_request_passes_check(files, tmp_path / "pull-request")
    built = fresh.build(tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "authors" / "lukasz-nowak" / "index.html").read_text(encoding="utf-8")
    assert "Łukasz Nowak" in page and "Why I stay" in page and "https://lukasz.example/" in page


LIMITS = {"essay-title": "T" * 200, "display-name": "N" * 1000, "bio": "B" * 1000, "summary": "S" * 1000,
          "tags": ", ".join(f"{n:02d}" + "t" * 48 for n in range(12)), "date": "2017-02-28",
          "original-url": "https://example.com/" + "p" * 2000, "link": "https://example.com/" + "l" * 2000}


def test_every_field_at_its_limit_passes(run, tmp_path):
    result = run(event(issue_body(answers(author=NEW_AUTHOR, **{k.replace("-", "_"): v for k, v in LIMITS.items()}))))
    assert result.clean, result.comment
    pull_request_passes_check(result.files(), tmp_path / "pull-request")


@pytest.mark.parametrize("field, value, expected", [
    ("essay-title", "T" * 201, "is longer than 200 characters; shorten it"),
    ("display-name", "N" * 1001, "is longer than 1000 characters; shorten it"),
    ("bio", "B" * 1001, "is longer than 1000 characters; shorten it"),
    ("summary", "S" * 1001, "is longer than 1000 characters; shorten it"),
    ("tags", ", ".join(f"t{n}" for n in range(13)), "more than 12 tags: each tag is a page of its own; keep the ones "
     "that say most"),
    ("tags", "x" * 51, "is longer than 50 characters; shorten it"),
    ("date", "2017-02-30", "'2017-02-30' is not a date written YYYY-MM-DD"),
])
def test_one_past_a_limit_is_said_at_its_field_in_the_checkers_words(run, field, value, expected):
    changed = {"author": NEW_AUTHOR, "display_name": "Jo Bloggs", field.replace("-", "_"): value}
    result = run(event(issue_body(answers(**changed))))
    assert not result.clean and result.files() == {}
    assert result.problems() == [(LABELS[field], expected)], result.comment
    assert not (result.out / "pull-request.md").exists()


# --- hostile texts: those of tests/test_untrusted.py and tests/test_reach.py, through the issue ------

HOSTILE = [
    ("markup in the title", {"essay-title": "<script>alert(1)</script>"}, "Title", "must be plain text: '<script>'"),
    ("a handler in the summary", {"summary": "Fine words <img src=x onerror=alert(1)>"}, "Summary (optional)",
     "must be plain text: '<img src=x onerror=alert(1)>'"),
    ("an entity in a tag", {"tags": "Q&amp;A"}, "Tags (optional)", "must be plain text: '&amp;'"),
    ("markup in a new name", {"author": NEW_AUTHOR, "display-name": "<svg onload=alert(1)>Sarah"},
     "Your name, if you are new", "must be plain text: '<svg onload=alert(1)>'"),
    ("a terminal escape in a name", {"author": NEW_AUTHOR, "display-name": "Sarah\x1b[2J Wetzel"},
     "Your name, if you are new", "holds the character U+001B, which is not text"),
    ("a line separator in the title", {"essay-title": "A fine essay\u2028original_url: https://evil.example/"},
     "Title", "the character U+2028 is not text"),
    ("a control character in the essay", {"essay": "First line.\r\n\r\nAn honest\x10 paragraph."}, "Essay, line 3",
     "column 10: the character U+0010 is not text"),
    ("a handler in the essay", {"essay": 'Hello <img src="x>" onerror="alert(1)"> world'}, "Essay, line 1",
     "attribute 'onerror' on <img> is not allowed"),
    ("a script in the essay", {"essay": "Text.\r\n\r\n<script>alert(1)</script>"}, "Essay, line 3", "<script>"),
    ("a tracker pixel", {"essay": "Text.\r\n\r\n![](https://tracker.example/pixel.gif)"}, "Essay, line 3",
     "save it in docs/images/"),
    ("a javascript: link", {"essay": "[x](javascript:alert(1))"}, "Essay, line 1", "javascript:"),
    ("a javascript: original", {"original-url": "javascript:alert(1)"}, "Where it was first published (optional)",
     "must be an http:// or https:// address"),
    ("a javascript: web page", {"author": NEW_AUTHOR, "display-name": "Jo", "link": "javascript:alert(1)"},
     "Your web page, if you are new (optional)", "must be an http:// or https:// address"),
    ("60 KB of '<a '", {"essay": "<a " * 20_000}, "Essay", "more than 500 HTML tags (code included)"),
    ("14 KB of brackets", {"essay": "[" * 14_000}, "Essay", "more than 100 '[' in one paragraph"),
    ("a table of 10,000 columns", {"essay": "|a" * 10_000 + "\n" + "|-" * 10_000}, "Essay", "more than 64 columns"),
    ("a title heading", {"essay": "# My title again\r\n\r\nText."}, "Essay, line 1", "a '# ' heading in the essay"),
    ("an address over two lines", {"essay": 'Hello <a href="nowhere/\n::error file=x,line=1::Injected">here</a> there.'},
     "Essay", "an address runs over more than one line"),
]


@pytest.mark.parametrize("name", [case[0] for case in HOSTILE])
def test_a_hostile_text_ends_in_a_problem_at_its_field(run, name):
    _, changed, where, expected = next(case for case in HOSTILE if case[0] == name)
    new = answers(**{k.replace("-", "_"): v for k, v in changed.items()})
    result = run(event(issue_body(new)))
    assert result.code == 0 and not result.clean and result.files() == {}
    found = result.problems()
    assert any(place.startswith(where) and expected in what for place, what in found), result.comment
    assert "Traceback" not in result.stderr
    # Nothing the writer typed reaches a log as a workflow command, nor stdout past its one line.
    assert not [line for line in result.stderr.splitlines() if line.startswith("::")]
    # The comment quotes it letter for letter: every quotation is a code span.
    assert_quoted_only_in_code_spans(result.comment)


def assert_quoted_only_in_code_spans(comment: str) -> None:
    for line in comment.splitlines():
        if line.startswith("- **"):
            found = PROBLEM_LINE.fullmatch(line)
            assert found, line
            where, _, start, fence, what = found.groups()
            assert fence not in what and (start is None or found.group(2) not in start), line
            assert re.fullmatch(r"[\w ,()'.:-]+", where), where  # the form's own label
        else:
            assert line in comment.split("\n- ", 1)[0], line  # the comment's own sentences


@pytest.mark.parametrize("address, host", [("https://[myblog].com", "[myblog].com"), ("http://[::1", "[::1"),
                                           ("https://example.com:99999/", "example.com:99999")])
@pytest.mark.parametrize("field", ["link", "original-url"])
def test_a_mistyped_address_is_a_problem_at_its_field_never_a_traceback(run, field, address, host):
    result = run(event(issue_body(answers(author=NEW_AUTHOR, display_name="Jo Bloggs", **{field.replace("-", "_"): address}))))
    assert result.code == 0 and "Traceback" not in result.stderr
    assert result.problems() == [(LABELS[field], f"is not an address a browser opens as written: '{host}' is not a "
                                  "host name (with a port from 0 to 65535, if any); check it for a typing mistake")]


def test_a_problem_in_the_essay_quotes_how_its_line_begins(run, project):
    essay = "First line.\r\n\r\n  An honest\x10 paragraph that goes on for a while.\r\n\r\n<kbd>`k`</kbd> keys"
    result = run(event(issue_body(answers(essay=essay))))
    assert problem_lines(result.comment) == [("Essay, line 3", "An honest\\u0010 paragraph that goe…",
                                              "column 12: the character U+0010 is not text (a control character, "
                                              "often pasted by accident); delete it")]
    assert_quoted_only_in_code_spans(result.comment)
    project.essay("why-i-stay").unlink()  # the next run starts from the repository, as the workflow's does
    result = run(event(issue_body(answers(essay="Fine.\r\n\r\n`<kbd>k</kbd>` <kbd>K</kbd>"))))
    [(where, start, what)] = problem_lines(result.comment)
    assert (where, start) == ("Essay, line 3", "`<kbd>k</kbd>` <kbd>K</kbd>") and "<kbd>" in what
    assert "- **Essay, line 3** (it begins `` `<kbd>k</kbd>` <kbd>K</kbd> ``): " in result.comment


def test_an_issue_not_made_with_the_form_is_told_only_what_is_missing(run):
    result = run(event("I'd like to add my essay.\r\n\r\nIt is about support.", action="labeled"))
    problems = result.problems()
    assert [where for where, _ in problems] == [field.label for field in FIELDS]
    assert all(what.startswith("this section is no longer in the issue") for _, what in problems), problems


@pytest.mark.parametrize("title, filename", [("../../.github/workflows/evil", "github-workflows-evil.md"),
                                             ("CON", "con-essay.md"), ("index", "index-essay.md"),
                                             ("C:\\Windows\\system32", "c-windows-system32.md")])
def test_a_title_cannot_name_a_file_outside_the_essays_folder(run, project, title, filename):
    before = project.snapshot()
    result = run(event(issue_body(answers(essay_title=title))))
    assert result.clean, result.comment
    assert sorted(result.files()) == [f"docs/essays/{filename}"]
    after = project.snapshot()
    assert set(after) - set(before) == {f"essays/{filename}"}
    assert all(after[name] == content for name, content in before.items())
    assert not (project.root / ".github").exists()


def test_an_essay_with_front_matter_of_its_own_keeps_the_forms(run, project):
    body = "---\r\ntitle: Evil\r\nauthor: nobody\r\noriginal_url: https://evil.example/\r\n---\r\n\r\nText."
    result = run(event(issue_body(answers(essay=body))))
    source = read_essay(project.essay("why-i-stay"), "why-i-stay.md")
    assert source.front.data == {"title": "Why I stay", "author": "sarah-wetzel", "prompt": "what-keeps-you-going"}
    assert source.body.startswith("---\ntitle: Evil\n")
    assert result.clean, result.comment


def test_a_mention_a_reference_and_an_image_in_the_title_stay_letters(run):
    title = "@octocat fixed #1 ``![x](https://tracker.example/p.gif)`` <b>"
    result = run(event(issue_body(answers(essay_title=title))))
    assert not result.clean
    assert result.problems() == [("Title", "must be plain text: '<b>' is HTML markup, which the site would show "
                                  "letter for letter; write the words (or the character) themselves")]
    assert_quoted_only_in_code_spans(result.comment)
    assert "@octocat" not in result.comment and "tracker" not in result.comment  # quoted only as far as needed


def test_bidi_and_invisible_characters_are_shown_escaped_in_the_comment(run):
    result = run(event(issue_body(answers(prompt="What\u202eever \x1b[31mred"))))
    assert result.problems() == [("Prompt", "'What\\u202eever \\u001b[31mred' is not one of the form's choices: "
                                  "choose one")]
    assert "\x1b" not in result.comment and "\u202e" not in result.comment


def test_a_body_written_with_crlf_reads_as_the_same_essay(run, project):
    body = issue_body(answers()).replace("\r\n", "\n")
    assert run(event(body.replace("\n", "\r\n"))).clean
    crlf = project.essay("why-i-stay").read_bytes()
    project.essay("why-i-stay").unlink()
    assert run(event(body)).clean
    assert project.essay("why-i-stay").read_bytes() == crlf


def test_headings_in_the_essay_are_the_essays_own(run, project):
    essay = "### Title\r\n\r\nNot the form's.\r\n\r\n### Tags (optional)\r\n\r\n### Permission\r\n\r\nStill the essay."
    result = run(event(issue_body(answers(essay_title="### Why I stay", essay=essay))))
    assert result.clean, result.comment
    source = read_essay(project.essay("why-i-stay"), "x")
    assert source.front.data["title"] == "### Why I stay"
    assert source.body == essay.replace("\r\n", "\n") + "\n"


# --- what only the form can get wrong --------------------------------------------------------------


def test_a_section_the_writer_deleted_is_named(run):
    body = issue_body(answers())
    body = re.sub(r"### Prompt\n\n[^\n]*\n\n", "", body)
    result = run(event(body, action="edited"))
    # Said once: the checker's "is required" for the same field would say less.
    assert result.problems() == [("Prompt", "this section is no longer in the issue: put back its heading "
                                  "'### Prompt' and the answer under it")]


def test_a_choice_the_form_no_longer_offers_is_checked_by_its_id(run):
    result = run(event(issue_body(answers(author="Somebody Gone (somebody-gone)", prompt="Whatever"))))
    problems = dict(result.problems())
    assert problems["Author"].startswith("unknown author id 'somebody-gone' (known: amy-breedonjay")
    assert problems["Prompt"] == "'Whatever' is not one of the form's choices: choose one"


def test_a_new_writer_needs_a_name_of_their_own(run):
    assert ("Your name, if you are new", "is required when you choose “I’m new: add me”") in \
        run(event(issue_body(answers(author=NEW_AUTHOR)))).problems()


TAKEN = ("{name} is an author of the anthology already (id '{id}'): if that is you, choose your name among the "
         "authors instead; if not, write your name so that it differs, with a middle initial say")


@pytest.mark.parametrize("name, taken", [
    ("Sarah Wetzel", ("Sarah Wetzel", "sarah-wetzel")),  # the same id
    ("  sarah   WETZEL ", ("Sarah Wetzel", "sarah-wetzel")),
    # Another id ('amy-breedonjay-on-medium'), but the name a reader sees is one author's already.
    ("@AMY_breedonjay on medium", ("@amy_breedonjay on Medium", "amy-breedonjay")),
])
def test_a_new_writer_with_a_name_already_in_the_anthology_is_told(run, name, taken):
    problems = run(event(issue_body(answers(author=NEW_AUTHOR, display_name=name)))).problems()
    assert problems == [("Your name, if you are new", TAKEN.format(name=taken[0], id=taken[1]))]


NO_LETTERS = ("has no Latin letter or digit, and your author page's address is made of them: write your name in "
              "Latin letters too, after it in brackets, like '李小龙 (Li Xiaolong)'")


@pytest.mark.parametrize("name", ["李小龙", "!!!", "Иван Петров"])
def test_a_new_writer_whose_name_makes_no_id_is_told_what_to_write(run, name):
    problems = run(event(issue_body(answers(author=NEW_AUTHOR, display_name=name)))).problems()
    assert problems == [("Your name, if you are new", NO_LETTERS)]


@pytest.mark.parametrize("name, author_id", [("Łukasz Żółć", "lukasz-zolc"), ("李小龙 (Li Xiaolong)", "li-xiaolong"),
                                             ("Søren Ærø", "soren-aero"), ("İlkin Ələkbərov", "ilkin-elekberov"),
                                             ("Con", "con-author")])
def test_a_new_writers_id_is_made_of_the_latin_letters_of_their_name(run, name, author_id):
    result = run(event(issue_body(answers(author=NEW_AUTHOR, display_name=name))))
    assert result.clean, result.comment
    assert f"\n  - id: {author_id}\n" in result.files()["docs/registry/authors.yml"].decode()


def test_the_checker_refuses_two_authors_of_one_name(project, monkeypatch, capsys):
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + "\n  - id: sarah-w\n    display_name: sarah  wetzel\n"
                       "    name_known: true\n", encoding="utf-8")
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    line = authors.read_text(encoding="utf-8").splitlines().index("    display_name: sarah  wetzel") + 1
    assert f"docs/registry/authors.yml:{line}: display_name: " + TAKEN.format(name="Sarah Wetzel", id="sarah-wetzel") \
        in capsys.readouterr().out


def test_permission_must_be_given(run):
    result = run(event(issue_body(answers(), permission=False)))
    assert result.problems() == [("Permission", f"tick “{PERMISSION}”: a maintainer publishes only what its author "
                                  "agreed to")]


def test_a_title_already_taken_gets_the_authors_id(run, project):
    before = project.essay("this-is-my-jam").read_bytes()
    result = run(event(issue_body(answers(essay_title="This is my jam"))))
    assert result.clean, result.comment
    assert sorted(result.files()) == ["docs/essays/this-is-my-jam-sarah-wetzel.md"]
    assert project.essay("this-is-my-jam").read_bytes() == before


def test_an_empty_issue_lists_what_is_missing(run):
    result = run(event(""))
    assert not result.clean
    places = [where for where, _ in result.problems()]
    assert places[:len(FIELDS)] == [field.label for field in FIELDS]


def test_many_problems_are_summed_up(run):
    result = run(event(issue_body(answers(essay="\r\n\r\n".join(f"Line {n} <kbd>k</kbd>" for n in range(60))))))
    assert len(result.problems()) == MAX_LISTED
    assert re.search(r"^- … and \d+ more: fix these first$", result.comment, re.MULTILINE)


def test_an_edit_that_fixes_the_problems_turns_the_answer_clean(run, project):
    first = run(event(issue_body(answers(essay_title="<b>Bold</b>")), action="opened"))
    assert not first.clean and first.comment.startswith(COMMENT_MARK)
    project.essay("b-bold-b").unlink()  # the next run starts from the repository, as the workflow's does
    second = run(event(issue_body(answers(essay_title="Bold")), action="edited"))
    assert second.clean and second.comment.startswith(COMMENT_MARK) and "passes every check" in second.comment


def test_the_commit_is_the_writers_never_the_one_who_labelled_the_issue(run):
    payload = event(issue_body(answers()), action="labeled")
    payload["sender"] = {"login": "a-maintainer", "id": 1}
    assert run(payload).outputs["author"] == "zoe-writes <98765432+zoe-writes@users.noreply.github.com>"


@pytest.mark.parametrize("user", [{"login": "evil\nclean=true", "id": 5}, {"login": "x" * 40, "id": 5},
                                  {"login": "zoe-writes", "id": "5"}, None])
def test_an_account_github_would_not_make_gets_the_bot_as_author(run, user):
    payload = event(issue_body(answers()))
    payload["issue"]["user"] = user
    result = run(payload)
    assert result.outputs["author"] == "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
    assert result.clean


def test_with_an_approval_label_a_clean_essay_waits_for_it(project, monkeypatch, capsys):
    def with_label(payload, label):
        path = project.root / "event.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        monkeypatch.chdir(project.root)
        out = project.root / f"proposal-{len(payload['issue']['labels'])}"
        assert cli.main(["from-issue", "--event", str(path), "--out", str(out), "--approval-label", label]) == 0
        return dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines()), out

    payload = event(issue_body(answers()))
    outputs, out = with_label(payload, "approved")
    assert (outputs["clean"], outputs["proposed"]) == ("true", "false")
    assert "when they give this issue the label `approved`, a pull request proposes it" in \
        (out / "comment.md").read_text(encoding="utf-8")
    assert not (out / "files.txt").exists() and not (out / "pull-request.md").exists()
    project.essay("why-i-stay").unlink()
    payload["issue"]["labels"].append({"id": 2, "name": "approved"})
    outputs, out = with_label(payload, "approved")
    assert (outputs["clean"], outputs["proposed"]) == ("true", "true")
    assert (out / "files.txt").read_text(encoding="utf-8") == "docs/essays/why-i-stay.md\n"


@pytest.mark.parametrize("content, expected", [
    ("not json", "the event file is not JSON"),
    (json.dumps({"action": "created", "comment": {"body": "x"}}), "not an `issues` event"),
    (json.dumps({"issue": {"number": "42", "body": "x"}}), "not an `issues` event"),
    ("[" * 100_000, "the event file is not JSON"),
    (json.dumps({"issue": {"number": 1, "body": "x" * (2 * 1024 * 1024)}}), "larger than 2,048 KB"),
])
def test_a_file_that_is_not_an_issue_event_is_refused_plainly(run, content, expected):
    result = run(content)
    assert result.code == 1 and expected in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == "" and not (result.out / "comment.md").exists()


def test_an_answer_runs_to_the_next_heading_of_the_form():
    body = "### Title\n\nT\n\n" + "### Essay x\n" * 1_000  # headings, but none of the form's
    found = read_issue(body)
    assert found.values["essay-title"] == "T\n\n" + "\n".join(["### Essay x"] * 1_000)
    assert [field.id for field in found.missing] == [field.id for field in FIELDS[1:]]


# --- the reader, on any text ----------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HEADINGS = {f"### {field.label}" for field in FIELDS}
LINE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x85\u2028\u2029"), max_size=40)
ONE_LINE = LINE.map(str.strip).filter(lambda text: text and text != "_No response_" and text not in HEADINGS)
# An essay: any lines, the form's headings among them, blank lines around; never only blank.
ESSAY = st.lists(st.one_of(LINE, st.sampled_from(sorted(HEADINGS))), min_size=1, max_size=12).map("\n".join) \
    .map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_body_reads_as_answers_or_missing_sections(body):
    found = read_issue(body)
    assert set(found.values) == {field.id for field in FIELDS}
    assert all(value is None or (isinstance(value, str) and value == value.strip()) for value in found.values.values())
    assert all(found.values[field.id] is None for field in found.missing)


@settings(max_examples=200, deadline=None)
@given(inputs=st.fixed_dictionaries({field.id: st.none() | ONE_LINE for field in FIELDS
                                     if field.kind in ("input", "dropdown")}), essay=ESSAY, crlf=st.booleans())
def test_what_the_form_wrote_reads_back_as_typed(inputs, essay, crlf):
    body = issue_body({**inputs, "essay": essay})
    found = read_issue(body.replace("\n", "\r\n") if crlf else body)
    assert found.missing == []
    assert {name: found.values[name] for name in inputs} == inputs
    assert found.values["essay"] == essay and found.checked("permission")


# --- the converter, on any answers -----------------------------------------------------------------

from anthology.contributing.proposal import propose  # noqa: E402

ANY = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
# Beginnings that have broken parsers: markup, mentions, YAML's and the form's own signs.
STARTS = ["<b>", "@", "#1 ", "---\n", "- [X] ", "### Essay\n", "`", "&amp;", "\x1b", "\u202e", "李小龙", "!!!"]
ADDRESSES = ["https://", "http://[", "https://[x].com", "http://[::1", "https://a.example:99999/", "javascript:",
             "https://example.com/"]  # mistyped, hostile and fine
ANSWER = st.none() | ANY | st.builds(str.__add__, st.sampled_from(STARTS), ANY)
MADE_UP = st.builds(str.__add__, st.sampled_from(ADDRESSES), ANY)
ADDRESS = st.one_of(MADE_UP, MADE_UP, ANSWER)
# Each field's answers, the choices and names that lead the converter furthest most often.
AUTHOR = st.sampled_from([NEW_AUTHOR, NEW_AUTHOR, SARAH, "@amy_breedonjay on Medium (amy-breedonjay)", "Gone (gone)"])
NAME = st.sampled_from(["Jo Bloggs", "Łukasz Żółć", "Sarah Wetzel", "李小龙"])
STRATEGIES = {"author": st.one_of(AUTHOR, AUTHOR, ANSWER), "display-name": st.one_of(NAME, NAME, ANSWER),
              "prompt": st.sampled_from([PROMPT, "Whatever (nothing-here)"]) | ANSWER,
              "link": ADDRESS, "original-url": ADDRESS}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_answers=st.fixed_dictionaries({field.id: STRATEGIES.get(field.id, ANSWER)
                                            for field in FIELDS if field.kind != "checkboxes"}),
       permission=st.booleans(), drop=st.sets(st.sampled_from([field.label for field in FIELDS]), max_size=3))
def test_any_answers_end_in_an_answer_never_a_traceback(project, given_answers, permission, drop):
    body = issue_body(given_answers, permission)
    for label in drop:  # a section the writer deleted
        body = body.replace(f"### {label}\n", "", 1)
    before = project.snapshot()
    try:
        proposal = propose(event(body.replace("\n", "\r\n")), Sources(docs_dir=project.docs, shown_root=project.root),
                           project.root)
        comment = proposal.comment()
        assert comment.startswith(COMMENT_MARK)
        assert_quoted_only_in_code_spans(comment)
        assert proposal.clean == (not problem_lines(comment)) and proposal.clean == ("passes every check" in comment)
        assert all((project.root / path).is_file() for path in proposal.files)
    finally:  # the next example starts from the anthology as it was
        restore(project, before)
