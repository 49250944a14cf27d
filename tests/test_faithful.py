"""What the writer wrote is what the reader reads: tags keep their own pages and spellings, and
an essay with nothing to read is not published as one."""

from __future__ import annotations

import pytest

from anthology.catalog.essays import tag_slug_of as _tag_slug
from test_untrusted import check, essay, html_of


@pytest.mark.parametrize("name, slug", [
    ("C++", "c-plus-plus"), ("C#", "c-sharp"), ("F#", "f-sharp"), ("Q&A", "q-and-a"), ("🚀 launch", "rocket-launch"),
    ("on-call", "on-call"), ("CI/CD", "ci-cd"), ("100%", "100-percent"), ("Index", "index-tag"), ("中文", "zhong-wen"),
])
def test_a_tag_address_a_person_can_read(name, slug):
    assert _tag_slug(name) == slug


def test_c_plus_plus_and_c_sharp_each_have_a_page_and_keep_their_names(project, tmp_path):
    project.write("essays/cpp.md", essay(title="On C++", extra="tags: [C++]\n"))
    project.write("essays/cs.md", essay(title="On C#", extra="tags: [C#]\n"))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert html_of(site, "tags/c-plus-plus").select_one("h1").get_text(strip=True) == "Tagged “C++”"
    assert html_of(site, "tags/c-sharp").select_one("h1").get_text(strip=True) == "Tagged “C#”"
    assert [a.get_text() for a in html_of(site, "essays/cpp").select("nav.md-tags a")] == ["C++"]
    assert [a.get_text() for a in html_of(site, "essays/cs").select("nav.md-tags a")] == ["C#"]


def test_two_spellings_of_one_address_are_named_at_both_files(project, monkeypatch, capsys):
    project.write("essays/first.md", essay(extra="tags: [Remote work]\n"))
    project.write("essays/second.md", essay(title="Other", extra="tags: [motivation, remote work]\n"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert ("docs/essays/first.md:5: tags.0: 'Remote work' and 'remote work' (docs/essays/second.md) would share "
            "one tag page, tags/remote-work/") in out, out
    assert ("docs/essays/second.md:5: tags.1: 'remote work' and 'Remote work' (docs/essays/first.md) would share "
            "one tag page, tags/remote-work/") in out, out


def test_a_tag_clash_is_named_beside_another_front_matter_problem(project, monkeypatch, capsys):
    """All problems at once: a wrong date in one essay does not hide its tag's clash with another's
    (nor the other's with it) until the next check."""
    project.write("essays/first.md", essay(extra="tags: [Remote work]\n"))
    project.write("essays/second.md", essay(title="Other", extra="date: 2017-02-30\ntags: [motivation, ' remote work']\n"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert "docs/essays/second.md:5: date:" in out, out
    assert ("docs/essays/second.md:6: tags.1: 'remote work' and 'Remote work' (docs/essays/first.md) would share "
            "one tag page, tags/remote-work/") in out, out
    assert ("docs/essays/first.md:5: tags.0: 'Remote work' and 'remote work' (docs/essays/second.md) would share "
            "one tag page, tags/remote-work/") in out, out


def test_tags_the_schema_refuses_are_not_compared(project, monkeypatch, capsys):
    """Tags that fail the schema are reported as such, not as a clash."""
    project.write("essays/first.md", essay(extra="tags: [Remote work]\n"))
    project.write("essays/second.md", essay(title="Other", extra="date: 2017-02-30\ntags: [remote work, '']\n"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert "docs/essays/second.md:6: tags.1:" in out and "would share one tag page" not in out, out


@pytest.mark.parametrize("body", ["<!-- more -->", "<!-- more -->\n\n<!-- and more -->", "   \n\n\t", "<br>\n\n***"])
def test_an_essay_with_nothing_to_read_is_refused_with_its_path(project, monkeypatch, capsys, body):
    project.write("essays/empty.md", essay(body=body))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/empty.md:7: the essay has no words a reader would see" in out, out
