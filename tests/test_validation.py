"""Bad input: every malformed essay or registry is named at its file and line, all at once,
with no traceback, and no source file is changed."""

from __future__ import annotations

import datetime as dt

import pytest

from anthology import __main__ as cli
from conftest import Project

GOOD_FRONT = "title: A test essay\nauthor: sarah-wetzel\nprompt: what-keeps-you-going\n"
BODY = "\nSome words of the essay.\n"


def essay(front: str = GOOD_FRONT, body: str = BODY) -> str:
    return f"---\n{front}---\n{body}"


ESSAY = "essays/bad-essay.md"
SHOWN = "docs/essays/bad-essay.md"
NEXT_YEAR = dt.date.today().year + 1  # the latest year of an essay's date
AUTHORS = "registry/authors.yml"
PROMPTS = "registry/prompts.yml"

# (case id, file under docs/, new content or a function of the old, expected output lines)
CASES = [
    ("missing title", ESSAY, essay("author: sarah-wetzel\nprompt: what-keeps-you-going\n"),
     [f"{SHOWN}:2: title: is required"]),
    ("missing author", ESSAY, essay("title: T\nprompt: what-keeps-you-going\n"),
     [f"{SHOWN}:2: author: is required"]),
    ("missing prompt", ESSAY, essay("title: T\nauthor: sarah-wetzel\n"),
     [f"{SHOWN}:2: prompt: is required"]),
    ("misspelt key", ESSAY, essay(GOOD_FRONT + "sumary: Hi\n"),
     [f"{SHOWN}:5: sumary: unknown field 'sumary'", "did you mean 'summary'?"]),
    ("unknown author id", ESSAY, essay(GOOD_FRONT.replace("sarah-wetzel", "sarah-wetzle")),
     [f"{SHOWN}:3: author: unknown author id 'sarah-wetzle'", "did you mean 'sarah-wetzel'?",
      "new here? Add yourself to docs/registry/authors.yml: `make new` prints the entry"]),
    ("unknown prompt id", ESSAY, essay(GOOD_FRONT.replace("what-keeps-you-going", "what-keeps-you")),
     [f"{SHOWN}:4: prompt: unknown prompt id 'what-keeps-you'", "did you mean 'what-keeps-you-going'?"]),
    ("impossible date", ESSAY, essay(GOOD_FRONT + "date: 2017-13-45\n"),
     [f"{SHOWN}:5: date: '2017-13-45' is not a date written YYYY-MM-DD"]),
    ("date in words", ESSAY, essay(GOOD_FRONT + "date: May 2017\n"),
     [f"{SHOWN}:5: date: 'May 2017' is not a date written YYYY-MM-DD"]),
    ("date with a time", ESSAY, essay(GOOD_FRONT + "date: 2017-05-12 10:30:00\n"),
     [f"{SHOWN}:5: date: '2017-05-12 10:30:00' is not a date written YYYY-MM-DD"]),
    ("date a thousand years early", ESSAY, essay(GOOD_FRONT + "date: 1017-05-12\n"),
     [f"{SHOWN}:5: date: '1017-05-12' is outside the years 1900 to {NEXT_YEAR}: check the year"]),
    ("date past next year", ESSAY, essay(GOOD_FRONT + f"date: {NEXT_YEAR + 1}-01-01\n"),
     [f"{SHOWN}:5: date: '{NEXT_YEAR + 1}-01-01' is outside the years 1900 to {NEXT_YEAR}: check the year"]),
    ("not UTF-8", ESSAY, essay().encode("utf-8") + "caf\u00e9\n".encode("latin-1"),
     [f"{SHOWN}:8: is not UTF-8 text (byte 0xe9)"]),
    ("broken YAML", ESSAY, essay('title: "unclosed\nauthor: sarah-wetzel\n'),
     [f"{SHOWN}:2: title: column 8: the quote \" that opens the value is never closed; put it in quotes: "
      'title: "unclosed"']),
    ("front matter is a list", ESSAY, essay("- title\n- author\n"),
     [f"{SHOWN}:2: the YAML is a list, not a mapping of keys to values"]),
    ("front matter is empty", ESSAY, essay(""),
     [f"{SHOWN}", "the YAML is empty"]),
    ("no front matter", ESSAY, "Just some text.\n",
     [f"{SHOWN}:1: has no front matter"]),
    ("unclosed front matter", ESSAY, "---\n" + GOOD_FRONT + "\nText\n",
     [f"{SHOWN}:1: front matter is not closed"]),
    ("empty body", ESSAY, essay(body="\n   \n"),
     [f"{SHOWN}:7: the essay has no words a reader would see after the front matter"]),
    ("javascript original_url", ESSAY, essay(GOOD_FRONT + "original_url: javascript:alert(1)\n"),
     [f"{SHOWN}:5: original_url: must be an http:// or https:// address"]),
    ("data original_url", ESSAY, essay(GOOD_FRONT + "original_url: 'data:text/html,<script>x</script>'\n"),
     [f"{SHOWN}:5: original_url: must be an http:// or https:// address"]),
    ("tags not a list", ESSAY, essay(GOOD_FRONT + "tags: support\n"),
     [f"{SHOWN}:5: tags: Input should be a valid list"]),
    ("empty title", ESSAY, essay(GOOD_FRONT.replace("A test essay", "''")),
     [f"{SHOWN}:2: title: must be non-empty text"]),
    ("yes for true", ESSAY, essay(GOOD_FRONT + "title_by_editors: yes\n"),
     [f"{SHOWN}:5: title_by_editors: 'yes' is not true or false: write true or false"]),
    ("key given twice", ESSAY, essay(GOOD_FRONT + "title: Again\n"),
     [f"{SHOWN}:5: title: is given twice"]),
    ("top-level heading in the body", ESSAY, essay(body="\nIntro.\n\n# A Section\n\nMore.\n"),
     [f"{SHOWN}:9: a '# ' heading in the essay"]),
    ("essay file named index", "essays/index.md", essay(),
     ["docs/essays/index.md: 'index.md' would be the essays folder's own page, not an essay's"]),
    ("author id index", AUTHORS, lambda old: old.replace("- id: sarah-wetzel", "- id: index"),
     ["docs/registry/authors.yml:", "id: 'index' is reserved: it is the address of the list page itself"]),
    ("prompt id index", PROMPTS, lambda old: old.replace("- id: what-keeps-you-going", "- id: index"),
     ["docs/registry/prompts.yml:", "id: 'index' is reserved: it is the address of the list page itself"]),
    ("bad file name", "essays/My Essay.md", essay(),
     ["docs/essays/My Essay.md: file name must be lowercase words joined by hyphens, like 'my-essay.md'"]),
    ("duplicate author id", AUTHORS, lambda old: old + "  - id: sarah-wetzel\n    display_name: Someone\n    name_known: true\n",
     ["docs/registry/authors.yml:", "id: author id 'sarah-wetzel' is used twice"]),
    ("author without display_name", AUTHORS, "authors:\n  - id: sarah-wetzel\n    name_known: true\n",
     ["docs/registry/authors.yml:2: authors.0.display_name: is required"]),
    ("author link with javascript", AUTHORS,
     "authors:\n  - id: sarah-wetzel\n    display_name: S\n    name_known: true\n    links:\n      - title: x\n        url: javascript:alert(1)\n",
     ["docs/registry/authors.yml:7: authors.0.links.0.url: must be an http:// or https:// address"]),
    ("authors registry not a mapping", AUTHORS, "- sarah-wetzel\n",
     ["docs/registry/authors.yml:1: the YAML is a list"]),
    ("prompt in unknown challenge", PROMPTS, lambda old: old.replace("challenge: spring-2017\n    order: 2", "challenge: spring-2071\n    order: 2"),
     ["docs/registry/prompts.yml:", "challenge: unknown challenge id 'spring-2071'", "did you mean 'spring-2017'?"]),
    ("prompt wording not allowed", PROMPTS, lambda old: old.replace("wording: original", "wording: ours"),
     ["docs/registry/prompts.yml:", "prompts.0.wording: Input should be 'original' or 'editors'"]),
    ("duplicate prompt id", PROMPTS, lambda old: old.replace("id: careers-in-support", "id: why-support-matters"),
     ["docs/registry/prompts.yml:", "prompt id 'why-support-matters' is used twice"]),
    ("unknown registry key", PROMPTS, lambda old: old + "promtps: []\n",
     ["docs/registry/prompts.yml:", "promtps: unknown field 'promtps'", "did you mean 'prompts'?"]),
]


def apply(project: Project, relative: str, change) -> None:
    path = project.docs / relative
    content = change(path.read_text(encoding="utf-8")) if callable(change) else change
    project.write(relative, content)


@pytest.mark.parametrize("name, relative, change, expected", CASES, ids=[c[0] for c in CASES])
def test_check_names_file_line_and_problem(project, monkeypatch, capsys, name, relative, change, expected):
    apply(project, relative, change)
    before = project.snapshot()
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    for piece in expected:
        assert piece in out, f"{piece!r} not in:\n{out}"
    assert "Traceback" not in out + err
    assert project.snapshot() == before


def test_every_problem_is_reported_at_once(project, monkeypatch, capsys):
    project.write("essays/first-bad.md", essay(GOOD_FRONT.replace("sarah-wetzel", "nobody")))
    project.write("essays/second-bad.md", essay(GOOD_FRONT + "date: soon\n"))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "docs/essays/first-bad.md:3: author: unknown author id 'nobody'" in out
    assert "docs/essays/second-bad.md:5: date: 'soon' is not a date" in out


def test_a_registry_that_cannot_be_read_is_reported_alone(project, monkeypatch, capsys):
    # Not also once per essay as an "unknown author id": every id would be unknown then.
    apply(project, AUTHORS, lambda old: old.replace("- id: sarah-wetzel", "- id: Sarah Wetzel"))
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [line for line in out.splitlines() if line.startswith("docs/registry/authors.yml:")]
    assert "'Sarah Wetzel' is not an id" in out


def test_a_tag_named_index_gets_a_page_of_its_own(project, tmp_path):
    from bs4 import BeautifulSoup

    project.write("essays/indexing.md", essay(GOOD_FRONT + "tags: [Index]\n"))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    tags = BeautifulSoup((tmp_path / "site" / "tags" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert tags.select_one("h1").get_text(strip=True) == "Tags", "the list of tags keeps its page"
    assert tags.select_one('a[href="index-tag/"]') is not None
    tag = (tmp_path / "site" / "tags" / "index-tag" / "index.html").read_text(encoding="utf-8")
    assert "A test essay" in tag


def test_github_format_annotates_the_line(project, monkeypatch, capsys):
    project.write(ESSAY, essay(GOOD_FRONT + "date: soon\n"))
    monkeypatch.chdir(project.root)
    assert cli.main(["check", "--format", "github"]) == 1
    assert f"::error file={SHOWN},line=5::date: 'soon' is not a date written YYYY-MM-DD" in capsys.readouterr().out


def test_real_anthology_passes_check(monkeypatch, capsys):
    from conftest import ROOT
    monkeypatch.chdir(ROOT)
    assert cli.main(["check"]) == 0
    assert "OK: 5 essays" in capsys.readouterr().out


@pytest.mark.parametrize("name, relative, change, expected",
                         [c for c in CASES if c[0] in ("misspelt key", "not UTF-8", "duplicate author id", "broken YAML")],
                         ids=lambda v: v if isinstance(v, str) and " " in v else "")
def test_mkdocs_build_stops_with_the_same_message(project, name, relative, change, expected):
    apply(project, relative, change)
    before = project.snapshot()
    result = project.build()
    assert result.returncode != 0
    for piece in expected:
        assert piece in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert project.snapshot() == before
