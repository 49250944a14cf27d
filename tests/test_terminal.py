"""A terminal is never written to by contributed text: `check`, `new` and `import` print an
author id, title, tag, file name or a saved page's text with its control characters (and the
bidi and invisible characters that disguise text) escaped as \\uXXXX, never raw.

Each test runs the real CLI in a subprocess and reads the bytes it wrote. Whether `check`
passes does not matter here (a reader may refuse such characters as problems): what it prints
must hold none of them either way.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from anthology.rules.problems import Problem, visible
from conftest import ENV, ROOT

CLI = ("-m", "anthology")
FIXTURES = ROOT / "tests" / "fixtures"

# What a terminal acts on or hides. Written out here, not imported, so that the tests do not
# trust the code they test: C0 but the newline that ends each printed line, DEL, C1, bidi
# controls, invisible formatting characters, and lone surrogates (a raw undecodable byte).
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                 r"\u2066-\u2069\ufeff\ud800-\udfff]")

# The attack from the report: retitle the window, ring, clear the screen, print a green OK;
# then a one-character CSI (C1) and a right-to-left override.
ATTACK = "\x1b]0;title\x07\x1b[2J\x1b[32mOK\x9b\u202e"
# The same, as YAML double-quoted escapes: the file holds no control character, the value does.
YAML_ATTACK = r"\e]0;title\a\e[2J\e[32mOK\x9b\u202e"
SHOWN = r"\u001b]0;title\u0007\u001b[2J\u001b[32mOK\u009b\u202e"


def run(project, *args: str, **env: str) -> str:
    """Run `python -m anthology --docs <project docs> ARGS` in the project folder; return what it printed."""
    result = subprocess.run([sys.executable, *CLI, "--docs", str(project.docs), *args],
                            capture_output=True, cwd=project.root, env={**ENV, **env})
    return printed(result.stdout + result.stderr)


def printed(out: bytes) -> str:
    """`out` as text, after asserting that none of it would act on or hide from a terminal."""
    assert b"\x1b" not in out, out
    assert b"\x07" not in out, out
    text = out.decode("utf-8", errors="surrogateescape")  # a raw 0x9b byte becomes '\udc9b'
    assert "\x9b" not in text and "\udc9b" not in text, text
    assert "\u202e" not in text, text
    assert not RAW.search(text), f"{RAW.search(text).group()!r} printed raw in:\n{text}"
    return text


def set_author_id(project, value: str) -> None:
    authors = project.docs / "registry" / "authors.yml"
    text = authors.read_text(encoding="utf-8")
    assert "  - id: sarah-wetzel\n" in text
    authors.write_text(text.replace("  - id: sarah-wetzel\n", f'  - id: "sarah-wetzel{value}"\n'),
                       encoding="utf-8")


# --- check ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_check_shows_an_author_id_in_the_registry_escaped(project, fmt):
    set_author_id(project, YAML_ATTACK)
    out = run(project, "check", "--format", fmt)
    assert f"sarah-wetzel{SHOWN}" in out
    assert "docs/registry/authors.yml" in out.replace("%3A", ":")
    if fmt == "github":
        problems = [line for line in out.splitlines() if line.startswith("::error ")]
        assert problems and all("\\u001b" in line for line in problems if "authors.yml" in line)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_check_with_control_characters_raw_in_the_registry_prints_none(project, fmt):
    # Raw in the file: the YAML reader (or a stricter one) refuses it; the message names the
    # file, and whatever it quotes of the text is escaped.
    set_author_id(project, ATTACK)
    out = run(project, "check", "--format", fmt)
    assert "authors.yml" in out


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_check_shows_front_matter_escaped(project, fmt):
    essay = project.essay("this-is-my-jam")
    text = essay.read_text(encoding="utf-8")
    # Markup in a title or tag is refused with the markup quoted; an unknown author id and an
    # unknown field are quoted too: each of them reaches the terminal today.
    text = text.replace("title: This is my jam", f'title: "Jam <b{YAML_ATTACK}>"')
    text = text.replace("tags: [problem solving", f'tags: ["<i{YAML_ATTACK}>", problem solving')
    text = text.replace("author: amy-breedonjay", f'author: "amy{YAML_ATTACK}"')
    text = text.replace("prompt:", f'"extra{YAML_ATTACK}": 1\nprompt:', 1)
    essay.write_text(text, encoding="utf-8")
    out = run(project, "check", "--format", fmt)
    assert f"amy{SHOWN}" in out  # the author id
    assert f"extra{SHOWN}" in out  # the unknown field
    assert "docs/essays/this-is-my-jam.md" in out


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_check_shows_a_file_name_escaped(project, fmt):
    project.write(f"essays/bad{ATTACK}.md", "---\ntitle: Bad\n---\n\nText.\n")
    out = run(project, "check", "--format", fmt)
    assert f"docs/essays/bad{SHOWN}.md" in out


def test_check_shows_an_undecodable_file_name_escaped(project):
    # A file name that is not UTF-8: Python holds byte 0x9b as '\udc9b', which a terminal set to
    # surrogateescape (as under the C locale) would get back as the raw C1 byte.
    name = b"bad\x9b.md".decode("utf-8", errors="surrogateescape")
    (project.docs / "essays" / name).write_text("---\ntitle: Bad\n---\n\nText.\n", encoding="utf-8")
    out = run(project, "check", PYTHONIOENCODING="utf-8:surrogateescape")
    assert "docs/essays/bad\\udc9b.md" in out


def test_a_line_break_cannot_forge_a_second_message(project):
    set_author_id(project, r"\nOK: 5 essays, 1 challenge, 4 prompts, 4 authors.\r")
    out = run(project, "check")
    assert not any(line.startswith("OK") for line in out.splitlines())
    assert r"\u000aOK: 5 essays" in out and r"\u000d" in out


# --- new -----------------------------------------------------------------------------------


def test_new_shows_an_unknown_prompt_id_escaped(project):
    out = run(project, "new", "--title", "Hello", "--author", "jane-doe", "--prompt", f"careers{ATTACK}")
    assert f"careers{SHOWN}" in out


def test_new_shows_a_refused_slug_escaped(project):
    before = project.snapshot()
    out = run(project, "new", "--title", "Hello", "--author", "jane-doe",
              "--prompt", "careers-in-support", "--slug", f"hello{ATTACK}")
    assert f"SLUG 'hello{SHOWN}' must be lowercase words joined by hyphens" in out
    assert project.snapshot() == before  # no file named with escapes


def test_new_refuses_a_title_with_control_characters(project):
    out = run(project, "new", "--title", f"Hello{ATTACK}", "--author", "jane-doe", "--prompt", "careers-in-support")
    assert "TITLE: holds the character U+001B, which is not text" in out and "Created" not in out


# --- import --------------------------------------------------------------------------------


def evil_page() -> str:
    """The saved WordPress page, with the attack in its title, byline, site name, body and
    in the blog furniture that the import removes and lists for review."""
    page = (FIXTURES / "wordpress-post.html").read_text(encoding="utf-8")
    swaps = [
        ("<title>Why I stay in support", f"<title>Why I stay{ATTACK} in support"),
        ('content="Why I stay in support"', f'content="Why I stay{ATTACK} in support"'),
        ('<h1 class="entry-title">Why I stay in support', f'<h1 class="entry-title">Why I stay{ATTACK} in support'),
        ('content="Helpdesk Diaries"', f'content="Helpdesk{ATTACK}"'),
        ('<meta charset="utf-8">', f'<meta charset="utf-8">\n<meta name="author" content="Mal{ATTACK} Lory">'),
        ("<h2>The people</h2>", f"<h2>The {ATTACK}people</h2>"),
        ("worst days.", f"worst{ATTACK} days."),
        ("Get Even More Visitors", f"Get{ATTACK} Even More Visitors"),
        ("Subscribe to Helpdesk Diaries", f"Subscribe{ATTACK} to Helpdesk Diaries"),
    ]
    for old, new in swaps:
        assert old in page, old
        page = page.replace(old, new)
    return page


def test_import_of_a_saved_page_prints_nothing_raw(project, tmp_path):
    source = tmp_path / "evil.html"
    source.write_text(evil_page(), encoding="utf-8")
    out = run(project, "import", "--source", str(source))
    assert "Created " in out and "docs/essays/" in out
    # The furniture it removed is listed for review, escaped.
    assert f"Get{SHOWN} Even More Visitors" in out
    assert f"Subscribe{SHOWN} to Helpdesk Diaries" in out


def test_import_under_hostile_names(project, tmp_path):
    # The source's file name, the slug and the author id given on the command line are echoed.
    source = tmp_path / f"evil{ATTACK}.html"
    source.write_text(evil_page(), encoding="utf-8")
    args = ["import", "--source", str(source), "--slug", "evil"]
    out = run(project, *args)
    assert f"docs/essays/evil.md from {tmp_path}/evil{SHOWN}.html" in out
    # Again: it exists now, and the error names the path.
    assert "docs/essays/evil.md already exists" in run(project, *args)
    missing = run(project, "import", "--source", str(tmp_path / f"gone{ATTACK}.html"))
    assert f"gone{SHOWN}.html: no such file" in missing
    # A slug or an author id that is not an id is refused, as `make new` refuses it: said escaped.
    slug = run(project, "import", "--source", str(source), "--slug", f"evil{ATTACK}")
    assert f"error: SLUG 'evil{SHOWN}' must be lowercase words joined by hyphens" in slug
    author = run(project, "import", "--source", str(source), "--slug", "evil-2", "--author", f"mal{ATTACK}")
    assert f"{tmp_path}/evil{SHOWN}.html: author: 'mal{SHOWN}' is not an id" in author
    assert not project.essay("evil-2").exists() and not list(project.docs.rglob(f"*{ATTACK}*"))


def test_import_of_a_text_scrape_prints_nothing_raw(project, tmp_path):
    source = tmp_path / "scrape.txt"
    source.write_text(
        "A Title Here\n"
        "By Mal Lory\n"
        "The first paragraph of the essay, long enough to be a paragraph and not a heading.\n"
        "Leave a Reply\n"
        f"Comment{ATTACK} text that the import cuts and lists.\n",
        encoding="utf-8",
    )
    out = run(project, "import", "--source", str(source))
    assert f"Comment{SHOWN} text that the import cuts and lists." in out


# --- the one function ----------------------------------------------------------------------


def test_visible_escapes_what_a_terminal_acts_on_and_keeps_the_rest():
    assert visible(ATTACK) == SHOWN
    assert visible("a\tb\rc\nd\x00\x7f\u0085") == r"a\u0009b\u000dc\u000ad\u0000\u007f\u0085"
    assert visible("\u200b\u200f\u202a\u2066\u2069\ufeff") == r"\u200b\u200f\u202a\u2066\u2069\ufeff"
    # A literal backslash stays; ordinary non-ASCII text stays.
    assert visible(r"C:\new \u001b") == r"C:\new \u001b"
    assert visible("Café “quoted” — ünïcode, עברית") == "Café “quoted” — ünïcode, עברית"


def test_problem_is_escaped_for_the_terminal_then_for_github():
    problem = Problem(f"docs/a{ATTACK},b.md", 3, "title", "50%\nnext\x1b[2J")
    assert str(problem) == f"docs/a{SHOWN},b.md:3: title: 50%\\u000anext\\u001b[2J"
    # The newline is a terminal's \u000a, not GitHub's %0A; GitHub's escaping still applies after.
    assert problem.github() == (
        f"::error file=docs/a{SHOWN}%2Cb.md,line=3::title: 50%25\\u000anext\\u001b[2J"
    )
