"""A pull request cannot reach past its own text: each attack once tried on the anthology is
here, and each ends in a clear problem at its file and line, quickly, with nothing published.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from anthology.rendering.markdown import render as render_markdown
from anthology.rendering.sanitize import clean_essay
from fragments import html_problems
from conftest import ENV, ROOT, builder
from test_untrusted import PNG, check, essay, html_of

SECRET = "AUTHORIZATION: basic c2VjcmV0"
# Unix only: Windows needs privileges to make links, and has no device files or pipes.
unix = pytest.mark.skipif(os.name != "posix", reason="symbolic links, devices and pipes as on Linux and macOS")


def run_check(project, timeout: int = 60) -> subprocess.CompletedProcess:
    """`make check` as a separate process, so that a hang or a runaway is a failure, not a stall."""
    return subprocess.run([sys.executable, "-m", "anthology", "check"], cwd=project.root,
                          capture_output=True, text=True, env=ENV, timeout=timeout)


# --- files: nothing under docs/ reaches past itself ------------------------------------------


@unix
@pytest.mark.parametrize("link, target", [
    ("images/x.png", "{root}/secret.txt"),  # a file outside docs/ (.git/config in the attack)
    ("images/outside", "{root}/outside"),  # a whole folder outside docs/
    ("images/zero.png", "/dev/zero"),  # fills the disk when copied
    ("essays/zero.md", "/dev/zero"),  # eats all memory when read
    ("essays/loop", "."),  # a folder that holds itself
])
def test_a_symbolic_link_is_refused_in_check_and_build_and_nothing_is_published(project, tmp_path, link, target):
    (project.root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (project.root / "outside").mkdir()
    (project.root / "outside" / "notes.txt").write_text(SECRET, encoding="utf-8")
    path = project.docs / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target.format(root=project.root))
    checked = run_check(project)
    assert checked.returncode == 1
    assert f"docs/{link}: is a symbolic link" in checked.stdout, checked.stdout
    site = tmp_path / "site"
    built = project.build(site)
    assert built.returncode != 0 and f"docs/{link}: is a symbolic link" in built.stderr
    published = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert not any(SECRET in p.read_text(errors="replace") for p in published)


@unix
def test_a_pipe_or_a_device_is_refused_without_being_read(project):
    os.mkfifo(project.docs / "essays" / "pipe.md")  # reading it would wait for ever
    checked = run_check(project)
    assert checked.returncode == 1
    assert "docs/essays/pipe.md: is not a regular file" in checked.stdout


@unix
def test_a_preview_stops_on_a_link_before_following_it(project):
    (project.docs / "images").mkdir()
    (project.docs / "images" / "zero.png").symlink_to("/dev/zero")
    served = subprocess.run(
        builder("serve", "-f", str(project.config), "-a", "127.0.0.1:0"),
        cwd=project.root, env=ENV, capture_output=True, text=True, timeout=60)
    assert served.returncode != 0
    assert "docs/images/zero.png: is a symbolic link" in served.stderr + served.stdout


@pytest.mark.parametrize("name", ["assets/javascripts/theme-content.js", "assets/stylesheets/main.css",
                                  "assets/anthology.css", "search/index.html", "404.html", "pagefind/pagefind.js"])
def test_nothing_under_docs_takes_the_place_of_a_site_file(project, tmp_path, monkeypatch, capsys, name):
    project.write(name, "document.title = 'taken over'")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and f"docs/{name}: is not an essay, a registry or an image" in out, out
    result = project.build(tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/{name}: is not an essay" in result.stderr


def test_the_site_own_files_are_outside_the_contributors_folders():
    # The theme and overrides hold nothing where contributors may add files, so nothing a
    # contributor adds can take a theme file's place (MkDocs prefers docs/ to the theme).
    import material

    themes = [ROOT / "overrides", __import__("pathlib").Path(material.__file__).parent / "templates"]
    for theme in themes:
        for folder in ("essays", "images", "registry"):
            assert not (theme / folder).exists(), theme / folder
    assert sorted(p.name for p in (ROOT / "docs").iterdir()) == ["essays", "registry"]


@pytest.mark.parametrize("name, content, message", [
    ("photo.png", b"GIF89a" + bytes(20), "is not a PNG image, whatever its name says"),
    ("photo.jpg", b"<svg onload=alert(1)>", "is not a JPG image"),
    ("photo.svg", b"<svg/>", "is not an image name the site takes"),
    ("Photo 1.png", PNG, "is not an image name the site takes"),
    ("huge.png", PNG + bytes(1024 * 1024), "is 1,025 KB; images may be 1,024 KB at most"),
    ("wide.png", "pixels:8000x4000", "is more than 24 million pixels, the most an image may have"),
    ("bomb.png", "pixels:12000x12000", "is more than 24 million pixels, the most an image may have"),
    ("fine.gif", "pixels:640x480", None),
])
def test_an_image_is_what_its_name_says_within_its_size(project, monkeypatch, capsys, name, content, message):
    if isinstance(content, str):  # a real image of that many pixels, made small by compression
        from PIL import Image

        width, height = map(int, content.removeprefix("pixels:").split("x"))
        Image.new("1", (width, height)).save(project.docs / "images" / name if (project.docs / "images").is_dir()
                                             else project.write(f"images/{name}", b""))
    else:
        project.write(f"images/{name}", content)
    code, out = check(project, monkeypatch, capsys)
    if message is None:
        assert code == 0, out
        return
    assert code == 1 and f"docs/images/{name}: {message}" in out, out


def test_an_essay_larger_than_the_limit_is_refused_unread(project, monkeypatch, capsys):
    project.write("essays/long.md", essay(body="word " * 40_000))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/long.md: is larger than 128 KB" in out, out


# --- images: from the repository only --------------------------------------------------------


@pytest.mark.parametrize("body", ["![](https://tracker.example/pixel.gif)", '<img src="//tracker.example/x.gif">',
                                  '<img src="https://tracker.example/x.gif" alt="x">',
                                  "![x][t]\n\n[t]: http://tracker.example/x.gif"])
def test_an_image_from_another_site_is_refused_with_where_to_put_it(project, monkeypatch, capsys, body):
    project.write("essays/tracked.md", essay(body=f"Text.\n\n{body}"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    line = 9 + body.count("\n")  # where the address stands
    assert f"docs/essays/tracked.md:{line}: the image '" in out and "save it in docs/images/" in out, out
    assert "tracker.example" not in clean_essay(render_markdown(body))  # nor would it get past the build


def test_an_image_from_the_repository_is_shown(project, tmp_path, monkeypatch, capsys):
    project.write("images/our-team.png", PNG)
    project.write("essays/pictured.md", essay(body="Text.\n\n![Our team at the offsite](../images/our-team.png)"))
    assert check(project, monkeypatch, capsys)[0] == 0
    assert project.build(tmp_path / "site").returncode == 0
    image = html_of(tmp_path / "site", "essays/pictured").select_one("[data-pagefind-body] img")
    assert image["src"] == "../../images/our-team.png" and image["alt"] == "Our team at the offsite"
    assert (tmp_path / "site" / "images" / "our-team.png").read_bytes() == PNG


def test_an_image_that_is_not_in_the_repository_is_named(project, monkeypatch, capsys):
    project.write("essays/missing.md", essay(body="Text.\n\n![x](../images/nowhere.png)"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/missing.md:9: the image '../images/nowhere.png' is not a file in docs/images/" in out


# --- markup: what check passes, the sanitiser keeps --------------------------------------------


def test_a_quoted_angle_bracket_does_not_hide_a_handler(project, monkeypatch, capsys):
    project.write("essays/quoted.md", essay(body='Hello <img src="x>" onerror="alert(1)"> world'))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/quoted.md:7: attribute 'onerror' on <img> is not allowed" in out, out


def _page_own(soup) -> tuple[set[str], set[str]]:
    """The ids and classes of a built essay page outside the essay's own text."""
    content = soup.select_one("[data-pagefind-body] > div:not(.swa-essay-header)") or soup.new_tag("div")
    inside = set(map(id, content.find_all(True)))
    ids, classes = set(), set()
    for element in soup.find_all(True):
        if id(element) in inside:
            continue
        ids.update([element["id"]] if element.get("id") else [])
        classes.update(element.get("class", []))
    return ids, classes


def test_an_essay_cannot_take_an_id_of_the_page_around_it(project, site, tmp_path):
    ids, _ = _page_own(html_of(site, "essays/this-is-my-jam"))
    assert "__config" in ids and len(ids) > 10  # Material's configuration, the drawer, the search ...
    # Each id once: the Markdown heading makes "__config" (an id used twice is a problem of its own).
    body = "\n\n".join(f'<h2 id="{name}">Heading {n}</h2>' for n, name in enumerate(sorted(ids - {"__config"})))
    body += "\n\n## __config\n\nA note.[^__config]\n\n[^__config]: The note."
    project.write("essays/ids.md", essay(body=body))
    result = project.build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = html_of(tmp_path / "site", "essays/ids")
    for name in ids:
        assert len(page.select(f'[id="{name}"]')) == 1, name
    # The essay's own ids and in-page links still meet: a footnote leads to its note and back.
    reference = page.select_one("a.footnote-ref")
    assert page.select_one(f'[id="{reference["href"][1:]}"]') is not None
    assert reference["href"].startswith("#user-content-")


def test_an_essay_cannot_use_a_class_of_the_page_around_it(site):
    _, classes = _page_own(html_of(site, "essays/this-is-my-jam"))
    assert "md-consent__overlay" not in classes or True  # the attack's class, whether or not this page has one
    classes |= {"md-consent__overlay", "md-banner"}
    assert len(classes) > 20
    allowed = {"headerlink", "footnote-ref", "footnote-backref", "footnote"}
    for name in sorted(classes - allowed):
        for tag in ("code", "a", "div", "p", "span"):
            fragment = f'<{tag} class="{name}">x</{tag}>'
            assert html_problems(fragment), fragment
            assert name not in clean_essay(fragment), fragment


# --- characters that are not text -----------------------------------------------------------------


@pytest.mark.parametrize("where, text, expected", [
    ("body", "An honest\x10 paragraph.", "docs/essays/odd.md:7: column 10: the character U+0010 is not text"),
    ("body", "Delete\x7f me.", "docs/essays/odd.md:7: column 7: the character U+007F is not text"),
    ("body", "A C1 \x9b control.", "docs/essays/odd.md:7: column 6: the character U+009B is not text"),
    ("body", "Non\uffff character.", "docs/essays/odd.md:7: column 4: the character U+FFFF is not text"),
    ("title", '"Quoted \\x01 escape"', "docs/essays/odd.md:2: title: holds the character U+0001, which is not text"),
    ("tag", "tags: [\"on\\x7fcall\"]\n", "docs/essays/odd.md:5: tags.0: holds the character U+007F"),
    ("tag", "tags: [on\x7fcall]\n", "docs/essays/odd.md:5: column 10: the character U+007F is not text"),
])
def test_a_character_that_is_not_text_is_refused_at_its_line_and_column(project, monkeypatch, capsys, where, text, expected):
    if where == "body":
        content = essay(body=text)
    elif where == "title":
        content = essay(title=text)
    else:
        content = essay(extra=text)
    project.write("essays/odd.md", content)
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and expected in out, out


def test_a_control_character_in_a_registry_is_refused(project, monkeypatch, capsys):
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8").replace("Sarah Wetzel", "Sarah\x1b[2J Wetzel"), encoding="utf-8")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "the character U+001B is not text" in out and "\x1b" not in out, out


# --- bounded: every cost has a limit and a plain message ---------------------------------------------

ATTACKS = {
    "60 KB of '<a '": ("body", "<a " * 20_000, "more than 500 HTML tags (code included)"),
    "120 KB of '<a '": ("body", "<a " * 40_000, "more than 500 HTML tags (code included)"),
    "14 KB of nested brackets": ("body", "[" * 14_000, "more than 100 '[' in one paragraph"),
    "120 KB of brackets": ("body", "[" * 120_000, "more than 100 '[' in one paragraph"),
    "60,000 unfinished link targets": ("body", "](" * 60_000, "the essay has no words a reader would see"),
    "60,000 unfinished images": ("body", "![" * 60_000, "more than 100 '[' in one paragraph"),
    # An escaped backtick is no code span: what it seems to open is counted like the rest.
    "brackets after an escaped backtick": ("body", "Intro.\n\n\\`" + "[[" * 60_000 + "`", "more than 100 '['"),
    "tags after an escaped backtick": ("body", "Intro.\n\n\\`" + '<code class="language-x">' * 4_000 + "`",
                                       "more than 500 HTML tags"),
    "a paragraph of unclosed images": ("body", "![" * 7_000, "more than 100 '[' in one paragraph"),
    "300 nested list levels": ("body", "".join("  " * i + "- x\n" for i in range(300)),
                               "lists and quotes nest more than 16 levels deep"),
    "1,000 list markers on one line": ("body", "- " * 1_000 + "x", "lists and quotes nest more than 16 levels deep"),
    # GitHub nests a list by two spaces: 17 levels fit in 34 columns.
    "17 list levels nested by two spaces": ("body", "".join("  " * i + "- x\n" for i in range(17)),
                                            "lists and quotes nest more than 16 levels deep"),
    # '>>>' is three quotes, as GitHub reads it: 2,900 paragraphs quoted 40 deep took 17 s to refuse.
    "17 quotes written without spaces": ("body", ">" * 17 + " x\n", "lists and quotes nest more than 16 levels deep"),
    "2,900 paragraphs quoted 40 deep": ("body", "\n\n".join([">" * 40 + " x"] * 2_900),
                                        "lists and quotes nest more than 16 levels deep"),
    "30,000 list items": ("body", "- a\n" * 30_000, "more than 2,000 list items"),
    "12,000 web addresses in a paragraph": ("body", "www.a.com " * 12_000,
                                            "more than 100 web or e-mail addresses in one paragraph"),
    "13,000 line breaks in a paragraph": ("body", "a\\\n" * 13_000, "more than 100 line breaks in one paragraph"),
    # Each line carried on under a list 16 deep is read with 64 spaces before it: 128 KB made 4 MB.
    # Within the line limit (past it, the blocks are not read at all).
    "lines carried on under 16 nested lists": ("body", "".join("  " * i + "- x\n" for i in range(16)) + "a\n" * 19_900,
                                                "too many lines under lists nested deep"),
    # ... and under 11 quotes, each line is read again for each quote (anthology.rules.limits.MAX_QUOTE_READS)
    "lines carried on under quotes and lists": ("body", "".join("> " * i + "- x\n" for i in range(1, 12)) + "a\n" * 19_900,
                                                 "too many lines read under quotes in one paragraph"),
    "32,000 rules": ("body", "***\n" * 32_000, "more than 300 rules"),
    "3,000 rules in a quote": ("body", "> ---\n" * 3_000, "more than 300 rules"),
    "21,000 underlined headings": ("body", "a\n---\n" * 21_000, "more than 300 rules"),
    "a paragraph of 32,000 emphases": ("body", "*a* " * 32_000, "more than 1,000 of * _ ` ~ in one paragraph"),
    "a table of 10,000 columns": ("body", "|a" * 10_000 + "\n" + "|-" * 10_000, "a table row of more than 64 columns"),
    "2,000 tags": ("extra", "tags: [" + ", ".join(f"t{n}" for n in range(2_000)) + "]\n", "tags: more than 12 tags"),
    "a 5,000-digit number": ("extra", "date: " + "9" * 5_000 + "\n", "date: '" + "9" * 39 + "…' is not a date written YYYY-MM-DD"),
    "20,000 nested '[' in tags": ("extra", "tags: " + "[" * 20_000 + "\n", "nest more than 6 deep"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_an_attack_on_time_or_memory_ends_in_a_plain_message(project, name):
    where, text, expected = ATTACKS[name]
    project.write("essays/attack.md", essay(body=text) if where == "body" else essay(extra=text))
    started = time.monotonic()
    checked = run_check(project, timeout=60)
    assert checked.returncode == 1, checked.stdout
    assert expected in checked.stdout and "Traceback" not in checked.stderr, checked.stdout + checked.stderr
    assert time.monotonic() - started < 60  # run_check's timeout says it too: no stall


def test_a_long_hexadecimal_number_in_the_registry_is_refused_by_check_not_the_build(project, tmp_path):
    prompts = project.docs / "registry" / "prompts.yml"
    text = prompts.read_text(encoding="utf-8")
    prompts.write_text(text.replace("number: 1", "number: 0x" + "f" * 5_000, 1), encoding="utf-8")
    assert "number: 0x" in prompts.read_text(encoding="utf-8")
    checked = run_check(project)
    said = "number: '0xfffffffffffffffffffffffffffffffffffff…' is not a whole number"
    assert checked.returncode == 1 and said in checked.stdout, checked.stdout
    result = project.build(tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr and said in result.stderr


def test_within_the_limits_a_long_honest_essay_passes(project, monkeypatch, capsys):
    # A note referred to from each paragraph (1,500 references to one note are past MAX_FOOTNOTES).
    paragraph = "A [link](https://example.com) and *emphasis*, `code` and some words. " * 20 + "A note.[^1]"
    body = "\n\n".join([paragraph] * 75) + "\n\n[^1]: The note.\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    project.write("essays/long.md", essay(body=body, extra="tags: [" + ", ".join(f"t{n}" for n in range(12)) + "]\n"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 0, out
    assert len(body.encode()) > 100_000


def test_a_registry_of_a_million_entries_is_refused_without_a_flood(project):
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + "  - [" + "1," * 1_000_000 + "1]\n", encoding="utf-8")
    checked = run_check(project)
    assert checked.returncode == 1
    assert "docs/registry/authors.yml" in checked.stdout and "holds more than 100,000 values" in checked.stdout
    assert len(checked.stdout) < 10_000, len(checked.stdout)


def test_an_unknown_id_among_thousands_is_said_in_a_line(project, monkeypatch, capsys):
    authors = project.docs / "registry" / "authors.yml"
    extra = "".join(f"  - id: author-{n}\n    display_name: Author {n}\n    name_known: true\n" for n in range(5_000))
    authors.write_text(authors.read_text(encoding="utf-8") + extra, encoding="utf-8")
    project.write("essays/typo.md", essay().replace("author: sarah-wetzel", "author: author-4999x"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "unknown author id 'author-4999x'" in out and "did you mean 'author-4999'?" in out, out[:500]
    assert len(out) < 2_000


def test_many_schema_problems_in_one_file_are_summed_up(project, monkeypatch, capsys):
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + "  - 1\n" * 500, encoding="utf-8")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/registry/authors.yml: and 480 more problems like these in this file" in out, out[-500:]


# --- found by the second attack ---------------------------------------------------------------------

@pytest.mark.parametrize("line", ['summary: !!int "x"', 'title_by_editors: !!bool "maybe"', 'summary: !!float "abc"',
                                  'date: !!timestamp "2017-02-30"', 'summary: !!int "1:1:1:1:1:1:1:1:1:1:1:1:1:1"',
                                  "summary: !custom text"])
def test_an_explicit_yaml_tag_is_refused_without_a_traceback(project, line):
    project.write("essays/tagged.md", essay(extra=line + "\n"))
    checked = run_check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    field = line.split(":")[0]
    assert f"docs/essays/tagged.md:5: {field}: the YAML tag '" in checked.stdout, checked.stdout
    assert "is not allowed" in checked.stdout


def test_a_long_number_behind_a_yaml_tag_in_a_registry_stops_check_not_the_build(project, tmp_path):
    prompts = project.docs / "registry" / "prompts.yml"
    prompts.write_text(prompts.read_text(encoding="utf-8").replace("number: 1", 'number: !!int "0x' + "f" * 4000 + '"', 1),
                       encoding="utf-8")
    checked = run_check(project)
    assert checked.returncode == 1 and "the YAML tag 'tag:yaml.org,2002:int' is not allowed" in checked.stdout
    assert "Traceback" not in project.build(tmp_path / "site").stderr


@pytest.mark.parametrize("name, body, expected", [
    ("unclosed fences", "```x\n" * 26_000, "more than 200 lines of fenced code fences"),
    ("repeated headings", "## x\n" * 26_000, "more than 300 headings"),
    ("a fake fence hiding tags", "Intro.\n\n~~~!\n" + ("<a " * 10).rstrip() + "\n" + "~~~!\n" * 1, None),
    ("open tags copied into every paragraph", "Intro.\n\n" + "".join(f'<code class="language-{i}">' for i in range(250))
     + "<p>x" * 250, "makes more than 10,000 elements"),
])
def test_markdown_that_multiplies_work_is_refused_by_check(project, name, body, expected):
    project.write("essays/heavy.md", essay(body=body))
    checked = run_check(project)
    if expected is None:  # within the limits: it passes, and quickly
        assert checked.returncode == 0, checked.stdout
        return
    assert checked.returncode == 1 and expected in checked.stdout, checked.stdout


def test_a_link_address_over_two_lines_cannot_write_a_line_into_a_log(project, tmp_path):
    # In Markdown a line break ends the address (GitHub shows "[here](<nowhere/" as text); in HTML it does not.
    body = 'Hello <a href="nowhere/\n::error file=.github/workflows/ci.yml,line=1::Injected annotation">here</a> and there.'
    project.write("essays/log.md", essay(body=body))
    checked = run_check(project)
    assert checked.returncode == 1 and "an address runs over more than one line" in checked.stdout
    result = project.build(tmp_path / "site")
    assert result.returncode != 0
    assert not [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("::")]


def test_more_prompts_than_the_navigation_can_carry_are_refused(project, monkeypatch, capsys):
    prompts = project.docs / "registry" / "prompts.yml"
    extra = "".join(f"  - {{id: p{n}, challenge: spring-2017, order: {n + 10}, title: T{n}, question: Q, "
                    "wording: editors}\n" for n in range(301))
    prompts.write_text(prompts.read_text(encoding="utf-8") + extra, encoding="utf-8")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "prompts: more than 300 prompts" in out, out[-300:]


def test_the_printable_edition_gives_every_essay_ids_of_its_own(project, tmp_path):
    project.write("essays/essay-x.md", essay(title="Decoy", body="Intro.\n\n## y\n\nText."))
    project.write("essays/x-user-content-y.md", essay(title="Victim", body="The real essay."))
    assert project.build(tmp_path / "site").returncode == 0
    page = html_of(tmp_path / "site", "print")
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert page.select_one('a[href="#essay-x-user-content-y"]').get_text() == "Victim"


@unix
def test_an_essay_file_name_ending_in_a_line_break_is_refused(project, monkeypatch, capsys):
    project.write("essays/abc\n.md", essay())
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "file name must be lowercase words joined by hyphens" in out


def test_a_line_separator_is_refused_where_a_reader_would_not_see_a_line(project, monkeypatch, capsys):
    project.write("essays/hidden.md", essay(title="A fine essay\u2028original_url: https://evil.example/"))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "docs/essays/hidden.md:2: column 20: the character U+2028 is not text" in out, out


@unix
def test_a_contributing_guide_that_is_a_link_is_refused(project, tmp_path):
    guide = project.root / "CONTRIBUTING.md"
    guide.unlink()
    guide.symlink_to("/etc/hostname")
    result = project.build(tmp_path / "site")
    assert result.returncode != 0 and "CONTRIBUTING.md is a symbolic link" in result.stderr


@pytest.mark.parametrize("name, expected", [
    ("essays/con.md", "docs/essays/con.md: 'con.md' is a name Windows keeps for a device"),
    ("images/aux.png", "docs/images/aux.png: 'aux.png' is a name Windows keeps for a device"),
])
def test_a_name_windows_keeps_for_a_device_is_refused(project, monkeypatch, capsys, name, expected):
    project.write(name, PNG if name.endswith(".png") else essay())
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and expected in out, out


def test_an_author_id_windows_keeps_is_refused_and_a_tag_gets_another_address(project, monkeypatch, capsys):
    from anthology.catalog.essays import tag_slug_of as _tag_slug

    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8").replace("id: sarah-wetzel", "id: nul"), encoding="utf-8")
    code, out = check(project, monkeypatch, capsys)
    assert code == 1 and "id: 'nul' is a name Windows keeps for a device" in out, out
    assert _tag_slug("CON") == "con-tag" and _tag_slug("LPT1") == "lpt1-tag"
