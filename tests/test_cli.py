"""The contributor's commands: new, import, and --help on each, as a contributor runs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from anthology import __main__ as cli
from anthology.files.source import read_essay
from conftest import ROOT, SEEDS
from seeds import NOISE, SEED_ESSAYS

FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def in_project(project, monkeypatch):
    monkeypatch.chdir(project.root)
    return project


@pytest.mark.parametrize("command", ["check", "new", "import"])
def test_every_command_has_help(command):
    result = subprocess.run([sys.executable, "-m", "anthology", command, "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "usage:" in result.stdout and command in result.stdout


def test_new_scaffolds_a_valid_essay(in_project, capsys):
    assert cli.main(["new", "--title", "Why I Answer Tickets!", "--author", "sarah-wetzel",
                     "--prompt", "what-keeps-you-going"]) == 0
    path = in_project.essay("why-i-answer-tickets")
    assert path.is_file()
    assert "Created docs/essays/why-i-answer-tickets.md" in capsys.readouterr().out
    # Its front matter is whole; its one problem is the line left for the writer to replace.
    assert cli.main(["check"]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines() if line.startswith("docs/")]
    assert problems == ["docs/essays/why-i-answer-tickets.md:7: 'Write your essay here, in Markdown, in place of "
                        "this line.' is the line `make new` wrote for you to replace: write your essay in its place"]
    write_essay_in(path)
    assert cli.main(["check"]) == 0


def write_essay_in(path):
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Write your essay here, in Markdown, in place of this line.",
                                 "I answer tickets because every one of them is a person waiting."), encoding="utf-8")


@pytest.mark.parametrize("args, said", [
    (["--title", "", "--author", "", "--prompt", ""], "make new needs TITLE, AUTHOR and PROMPT, like this: make new "
     "TITLE=\"Why I stay\" AUTHOR=jane-doe PROMPT=careers-in-support (AUTHOR is your id in docs/registry/authors.yml"),
    (["--title", "Why I stay", "--author", " ", "--prompt", "careers-in-support"], "make new needs AUTHOR, like this"),
    (["--title", "Why I stay", "--author", "María López", "--prompt", "careers-in-support"],
     "AUTHOR 'María López' is not an id: ids are lowercase words joined by hyphens, like 'maria-lopez' "
     "(nothing was changed)"),
], ids=["nothing given", "no author", "a name, not an id"])
def test_new_says_what_it_needs_in_words(in_project, capsys, args, said):
    # As `make new` passes them: every variable, empty when the writer left it out.
    assert cli.main(["new", *args]) == 1
    err = capsys.readouterr().err
    assert said in err, err
    assert "pattern" not in err and "Traceback" not in err
    assert not any(in_project.docs.joinpath("essays").glob("why-i-stay*.md"))


def test_new_essay_titled_index_is_not_named_index(in_project, capsys):
    # essays/index.md would be the essays folder's own page: the slug steps aside.
    assert cli.main(["new", "--title", "Index", "--author", "sarah-wetzel", "--prompt", "what-keeps-you-going"]) == 0
    assert in_project.essay("index-essay").is_file()
    assert not in_project.essay("index").exists()
    write_essay_in(in_project.essay("index-essay"))
    assert cli.main(["check"]) == 0


def test_new_never_overwrites(in_project, capsys):
    existing = in_project.essay("this-is-my-jam")
    before = existing.read_bytes()
    assert cli.main(["new", "--title", "This is my jam", "--author", "sarah-wetzel",
                     "--prompt", "what-keeps-you-going"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_bytes() == before


def test_new_with_a_new_author_explains_the_registry(in_project, capsys):
    assert cli.main(["new", "--title", "Hello", "--author", "jane-doe", "--prompt", "careers-in-support"]) == 0
    out = capsys.readouterr().out
    assert "'jane-doe' is not in docs/registry/authors.yml yet" in out
    assert "  - id: jane-doe\n    display_name:" in out
    assert "Then run `make issue-form`" in out  # the essay form lists the authors: `make check` fails until then


def test_new_with_an_unknown_prompt_writes_nothing(in_project, capsys):
    before = in_project.snapshot()
    assert cli.main(["new", "--title", "Hello", "--author", "sarah-wetzel", "--prompt", "carers-in-support"]) == 1
    assert "did you mean 'careers-in-support'?" in capsys.readouterr().err
    assert in_project.snapshot() == before


@pytest.mark.parametrize("seed, slug", sorted(SEED_ESSAYS.items()))
def test_importing_each_seed_gives_the_checked_in_essay(in_project, capsys, seed, slug):
    checked_in = read_essay(ROOT / "docs" / "essays" / f"{slug}.md", slug)
    front = checked_in.front.data
    args = ["import", "--source", str(SEEDS / seed), "--author", front["author"], "--prompt", front["prompt"],
            "--slug", f"imported-{slug}"]
    if front.get("title_by_editors"):
        args += ["--title", front["title"]]
    assert cli.main(args) == 0, capsys.readouterr()
    imported = read_essay(in_project.essay(f"imported-{slug}"), slug)
    assert imported.body == checked_in.body
    assert imported.front.data["title"] == front["title"]
    assert bool(imported.front.data.get("title_by_editors")) == bool(front.get("title_by_editors"))
    out = capsys.readouterr().out
    for noise in NOISE:
        if noise in (SEEDS / seed).read_text(encoding="utf-8"):
            assert noise not in imported.body
            assert noise in out  # shown to the reviewer as removed
    assert cli.main(["check"]) == 0


def test_importing_a_scrape_without_title_asks_for_one(in_project, capsys):
    before = in_project.snapshot()
    assert cli.main(["import", "--source", str(SEEDS / "003_2eef02aa970bb644.txt")]) == 1
    assert 'give one with TITLE="..."' in capsys.readouterr().err
    assert in_project.snapshot() == before


def test_importing_a_saved_wordpress_page(in_project, capsys):
    assert cli.main(["import", "--source", str(FIXTURES / "wordpress-post.html"),
                     "--author", "sarah-wetzel", "--prompt", "what-keeps-you-going"]) == 0
    out = capsys.readouterr().out
    essay = read_essay(in_project.essay("why-i-stay-in-support"), "x")
    assert essay.front.data == {
        "title": "Why I stay in support", "author": "sarah-wetzel", "prompt": "what-keeps-you-going",
        "date": "2017-05-19", "original_url": "https://helpdeskdiaries.example.com/2017/05/19/why-i-stay-in-support/",
        "original_site": "Helpdesk Diaries",
    }
    assert essay.body == (
        "Every ticket is a small puzzle with a person attached to it, and I have never tired of that.\n\n"
        "## The people\n\n"
        "Customers write to us on their worst days. Turning such a day around is the best part of my job, "
        "and it happens more often than you would think.\n\n"
        "- patience with the first reply\n- curiosity about the second\n\n"
        "> Support is a team sport played one conversation at a time.\n\n"
        "I wrote this for the [Support Driven](https://supportdriven.com/) writing challenge, and I would write it again.\n"
    )
    for furniture in ("Leave a Reply", "Share this:", "Subscribe to Helpdesk Diaries", "Get Even More Visitors"):
        assert furniture in out
    assert cli.main(["check"]) == 0
    # A second import of the same page never overwrites the first.
    assert cli.main(["import", "--source", str(FIXTURES / "wordpress-post.html")]) == 1
    assert "already exists" in capsys.readouterr().err


def test_importing_a_saved_medium_page(in_project, capsys):
    assert cli.main(["import", "--source", str(FIXTURES / "medium-post.html"), "--prompt", "what-keeps-you-going"]) == 0
    out = capsys.readouterr().out
    essay = read_essay(in_project.essay("the-queue-is-a-conversation"), "x")
    assert essay.front.data["author"] == "sam-example"  # from the page's author, to confirm
    assert essay.front.data["date"] == "2017-06-16"
    assert essay.front.data["original_url"] == "https://medium.com/@sam.example/the-queue-is-a-conversation-1a2b3c4d5e6f"
    # The title is the page's own heading, not repeated in the body; numbered lists stay numbered.
    assert not essay.body.startswith("#")
    assert "1. What happened?\n2. What will happen next?" in essay.body
    assert "### Listening first" in essay.body
    assert "> The answer matters less than the feeling that someone is listening." in essay.body
    for furniture in ("claps", "Sign up", "More from Sam Example", "Responses (3)", "Open in app"):
        assert furniture not in essay.body
    assert "Responses (3)" in out and "'sam-example' is not in docs/registry/authors.yml yet" in out


def test_importing_a_saved_xhtml_page(in_project, capsys, tmp_path):
    # A page saved as XHTML starts with an XML declaration naming its encoding.
    page = tmp_path / "post.xhtml.html"
    page.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    + (FIXTURES / "wordpress-post.html").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["import", "--source", str(page), "--author", "sarah-wetzel",
                     "--prompt", "what-keeps-you-going"]) == 0, capsys.readouterr()
    assert read_essay(in_project.essay("why-i-stay-in-support"), "x").front.data["title"] == "Why I stay in support"
