"""Front matter and registries are read as text: the schema alone decides what is a date, a
number or true/false, so YAML's own guesses never change what a writer typed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from anthology.rules import schema
from anthology.files.source import parse_yaml, read_essay, read_yaml_file
from conftest import ROOT
from test_untrusted import check, essay


class _Guessing(yaml.SafeLoader):
    """The loader before: YAML's implicit types (numbers, true/false, null), dates as text."""


_Guessing.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "essays").glob("*.md")), ids=lambda p: p.name)
def test_every_essay_on_main_reads_as_before(path: Path):
    front = read_essay(path, path.name).front.data
    text = path.read_text(encoding="utf-8").split("---\n")[1]
    before = yaml.load(text, Loader=_Guessing)
    assert schema.EssayFrontMatter.model_validate(front) == schema.EssayFrontMatter.model_validate(before)


@pytest.mark.parametrize("name, kind", [("authors.yml", schema.AuthorsFile), ("prompts.yml", schema.PromptsFile)])
def test_every_registry_on_main_reads_as_before(name, kind):
    path = ROOT / "docs" / "registry" / name
    before = yaml.load(path.read_text(encoding="utf-8"), Loader=_Guessing)
    assert kind.model_validate(read_yaml_file(path, name).data) == kind.model_validate(before)


@pytest.mark.parametrize("line, field, value", [
    ("title: 1984", "title", "1984"),
    ("title: null", "title", "null"),
    ("title: 3.14", "title", "3.14"),
    ("title: yes", "title", "yes"),
    ("title: 2017-05-12", "title", "2017-05-12"),
    ("title: 0x1F", "title", "0x1F"),
    ("title: .inf", "title", ".inf"),
    ("tags: [on-call, no, yes]", "tags", ["on-call", "no", "yes"]),
    ("tags: [1, 2.5, null, ~]", "tags", ["1", "2.5", "null", "~"]),
])
def test_a_value_is_the_text_written(line, field, value):
    assert parse_yaml(line, "f").data == {field: value}


def test_an_empty_value_is_no_value():
    assert parse_yaml("date:", "f").data == {"date": None}


@pytest.mark.parametrize("extra, expected", [
    ("title_by_editors: yes\n", "title_by_editors: 'yes' is not true or false: write true or false"),
    ("title_by_editors: 1\n", "title_by_editors: '1' is not true or false"),
    ("date: 2017-5-1\n", "date: '2017-5-1' is not a date written YYYY-MM-DD"),
    ("date: 2017-02-30\n", "date: '2017-02-30' is not a date written YYYY-MM-DD"),
])
def test_the_schema_reads_dates_and_true_or_false_from_the_text(project, monkeypatch, capsys, extra, expected):
    project.write("essays/typed.md", essay(extra=extra))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and f"docs/essays/typed.md:5: {expected}" in out, out


@pytest.mark.parametrize("title, tags", [("1984", "[no, yes]"), ("null", "[on-call, 'off']"), ("TRUE", "[2017]")])
def test_titles_and_tags_that_look_like_other_types_build_as_written(project, tmp_path, title, tags):
    from test_untrusted import html_of

    project.write("essays/typed.md", essay(title=title, extra=f"tags: {tags}\n"))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = html_of(tmp_path / "site", "essays/typed")
    assert page.select_one("h1").get_text(strip=True) == title
    shown = [a.get_text(strip=True) for a in page.select("nav.md-tags a")]
    assert shown == [t.strip(" '") for t in tags.strip("[]").split(",")]


@pytest.mark.parametrize("line, expected", [
    ("order: 2", 2), ("order: 02", 2), ("order: 123456789012", 123456789012)])
def test_a_whole_number_is_read_from_its_digits(line, expected):
    assert schema.read_whole_number(parse_yaml(line, "f").data["order"]) == expected


@pytest.mark.parametrize("text", ["-1", "1_000", "0x10", "1e3", "3.0", "", "1234567890123", "٣"])
def test_anything_but_digits_is_not_a_whole_number(text):
    with pytest.raises(ValueError, match="is not a whole number"):
        schema.read_whole_number(text)


# --- a comment YAML would cut, and syntax errors said in plain words ---------------------------


@pytest.mark.parametrize("line, expected", [
    ("title: Support is a team sport #teamwork",
     "2: title: YAML reads '#teamwork' as a comment and drops it; put the value in quotes: "
     "title: 'Support is a team sport #teamwork'"),
    ("summary: Read it all #support #tips",
     "5: summary: YAML reads '#support #tips' as a comment and drops it; put the value in quotes: "
     "summary: 'Read it all #support #tips'"),
    ("tags:\n  - C# #lang", "6: tags.0: YAML reads '#lang' as a comment and drops it; put the value in quotes: - 'C# #lang'"),
])
def test_a_comment_that_would_cut_a_value_is_refused_with_the_writers_text(project, monkeypatch, capsys, line, expected):
    if line.startswith("title"):
        content = essay(title=line.removeprefix("title: "))
    else:
        content = essay(extra=line + "\n")
    project.write("essays/cut.md", content)
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and f"docs/essays/cut.md:{expected}" in out, out


@pytest.mark.parametrize("title, expected", [
    ("Support: the hard parts", "column 15: the ': ' inside the value reads as a new field; "
     "put it in quotes: title: 'Support: the hard parts'"),
    ("@home and away", "a value starting with '@' means something else to YAML; put it in quotes: title: '@home and away'"),
    ("`git` for support", "a value starting with '`' means something else to YAML; put it in quotes: title: '`git` for support'"),
    ("*Bold* claims", "a value starting with '*' means something else to YAML; put it in quotes: title: '*Bold* claims'"),
    ("& more", "put it in quotes: title: '& more'"),
    ("!important", "the YAML tag '!important' is not allowed: write the value as plain text; if it is text, "
     "put it in quotes: title: '!important'"),
    ("%50 off", "a value starting with '%' means something else to YAML; put it in quotes: title: '%50 off'"),
    ("| pipes", "a value starting with '|' means something else to YAML; put it in quotes: title: '| pipes'"),
    ("> quoted", "a value starting with '>' means something else to YAML; put it in quotes: title: '> quoted'"),
    ("{curly} words", "a value starting with '{' means something else to YAML; put it in quotes: title: '{curly} words'"),
    ("[draft] My essay", "a value starting with '[' means something else to YAML; put it in quotes: title: '[draft] My essay'"),
    ('"Hello" world', "text follows the closing quote \"; put it in quotes: title: '\"Hello\" world'"),
    ("'It's here'", "text follows the closing quote '; put it in quotes: title: \"It's here\""),
    ('"Hello', "the quote \" that opens the value is never closed; put it in quotes: title: \"Hello\""),
])
def test_a_yaml_error_says_what_to_change_and_shows_the_fixed_line(project, monkeypatch, capsys, title, expected):
    project.write("essays/broken.md", essay(title=title))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/broken.md:2: title: " in out and expected in out, out
    for jargon in ("mapping values", "token", "scalar", "block end", "<", "context"):
        assert jargon not in out.split("title: ", 1)[1], out
    # The fixed line, put back in the file, passes.
    fixed = out.split("put it in quotes: ", 1)[1].strip() if "put it in quotes: " in out else None
    out = out.replace("if it is text, put it in quotes", "")  # a tag's message says so too
    if fixed:
        project.write("essays/broken.md", essay(title=fixed.removeprefix("title: ")))
        assert check(project, monkeypatch, capsys)[0] == 0


def test_a_tab_before_a_field_says_use_spaces(project, monkeypatch, capsys):
    project.write("essays/tabbed.md", essay(extra="\tsummary: Indented by a tab\n"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/tabbed.md:5: summary: column 1: a tab indents this line" in out
    assert "use spaces: summary: Indented by a tab" in out


def test_a_colon_in_a_registry_value_is_explained_at_its_line(project, monkeypatch, capsys):
    authors = project.docs / "registry" / "authors.yml"
    text = authors.read_text(encoding="utf-8")
    authors.write_text(text.replace("display_name: Sarah Wetzel", "display_name: Sarah: support lead"), encoding="utf-8")
    line = text.splitlines().index("    display_name: Sarah Wetzel") + 1
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert (f"docs/registry/authors.yml:{line}: display_name: column 24: the ': ' inside the value reads as a new "
            "field; put it in quotes: display_name: 'Sarah: support lead'") in out, out


# --- what `make new` writes reads back as typed --------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from anthology.contributing.scaffold import essay_text  # noqa: E402

# Text with what YAML gives a meaning: '#', ':', quotes, leading symbols, numbers, yes/no.
TRICKY = st.lists(st.sampled_from(list("ab Z09#:'\"@`*&!%|>{}[],-?.~\\/") + ["yes", "no", "null", "1984",
                  "true", " #", ": ", "\u2028", "é", "字", "🚀", "\t"]), min_size=1, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(TRICKY, TRICKY, TRICKY)
def test_make_new_front_matter_reads_back_exactly_as_typed(title, tag, summary):
    front = {"title": title, "author": "jane-doe", "prompt": "what-keeps-you-going", "tags": [tag], "summary": summary}
    written = essay_text(front, "Body.")
    read = parse_yaml(written.split("---\n")[1], "new.md", first_line=2).data
    assert read == front, written


# --- a slip named at its own line, and never a "fix" that is the line as written -----------------

from anthology.files.source import SourceError  # noqa: E402

FRONT_LINES = {
    "title": "title: The ticket that taught me patience", "title_by_editors": "title_by_editors: false",
    "author": "author: maria-lopez", "prompt": "prompt: what-keeps-you-going", "date": "date: 2017-05-12",
    "original_url": "original_url: https://example.com/the-ticket", "original_site": "original_site: Acme blog",
    "tags": "tags: [patience, first year]", "summary": "summary: Why I stayed with a hard ticket.",
}
ENTRY_LINES = {"id": "  - id: maria-lopez", "display_name": "    display_name: María López",
               "name_known": "    name_known: true", "attribution": "    attribution: She signs the essay.",
               "bio": "    bio: Lead at Acme", "links": "    links:\n      - title: Blog\n        url: https://example.com"}


def problems_in(text: str, model) -> list:
    try:
        parse_yaml(text, "f", model=model)
    except SourceError as err:
        return err.problems
    return []


@settings(max_examples=200, deadline=None)
@given(st.permutations(sorted(FRONT_LINES)), st.data())
def test_any_field_without_its_space_is_named_at_its_line(order, data):
    fields = order[: data.draw(st.integers(2, len(order)))]
    broken = data.draw(st.sets(st.sampled_from(fields), min_size=1))
    lines = [FRONT_LINES[name].replace(": ", ":", 1) if name in broken else FRONT_LINES[name] for name in fields]
    problems = problems_in("\n".join(lines) + "\n", schema.EssayFrontMatter)
    assert [(p.line, p.field) for p in problems] == [(i + 1, name) for i, name in enumerate(fields) if name in broken]
    for problem in problems:
        assert problem.message.endswith(f"put a space after the colon: {FRONT_LINES[problem.field]}")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([name for name in ENTRY_LINES if name != "links"]), st.booleans())
def test_any_author_field_without_its_space_is_named_at_its_line(name, last):
    # Last: on the file's last line, where YAML stumbles past the end. `- id:` starts the entry.
    last = last and name != "id"
    order = [key for key in ENTRY_LINES if key != name] + [name] if last else list(ENTRY_LINES)
    text = "authors:\n" + "\n".join(ENTRY_LINES[key].replace(": ", ":", 1) if key == name else ENTRY_LINES[key]
                                    for key in order) + "\n"
    line = text.splitlines().index(ENTRY_LINES[name].replace(": ", ":", 1)) + 1
    problems = problems_in(text, schema.AuthorsFile)
    assert [(p.line, p.field) for p in problems] == [(line, name)], problems
    assert problems[0].message.endswith(f"put a space after the colon: {ENTRY_LINES[name].strip()}")


# Lines as a hurried writer types them: fields, list items, quotes, colons, indentation.
PIECES = st.sampled_from(["title", "author", "tags", "summary", "id", "- ", "  ", "    ", ":", ": ", '"', "'", "[",
                          "]", "Note", " #x", "María", "支持", "https://x", ">-", "-"])
MESSY = st.lists(st.lists(PIECES, max_size=6).map("".join), min_size=1, max_size=8).map("\n".join)


@settings(max_examples=500, deadline=None)
@given(MESSY, st.sampled_from([schema.EssayFrontMatter, schema.AuthorsFile, None]))
def test_a_message_names_a_line_of_the_file_and_never_suggests_it_as_written(text, model):
    lines = text.split("\n")
    for problem in problems_in(text, model):
        assert problem.line is None or 1 <= problem.line <= len(lines), (problem, text)
        for said in ("put it in quotes: ", "in quotes if it is text: ", "put a space after the colon: "):
            if said in problem.message:
                assert problem.message.split(said, 1)[1] != lines[problem.line - 1].strip(), (problem, text)
