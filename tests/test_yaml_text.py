"""Front matter and registries are read as text: the schema alone decides what is a date, a
number or true/false, so YAML's own guesses never change what a writer typed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from anthology import schema
from anthology.source import parse_yaml, read_essay, read_yaml_file
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
