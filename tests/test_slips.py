"""The slips writers make most, as `make check` shows them: every problem at once, even beside
front matter YAML cannot read, each at its line with what to write instead, and the summary line
as the last thing a writer reads."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess

import pytest

from anthology import __main__ as cli
from conftest import ENV, ROOT

SHOWN = "docs/essays/the-hard-parts.md"
FRONT = "title: {title}\nauthor: sarah-wetzel\nprompt: what-keeps-you-going\n"
BODY = ("Customers don’t call to chat. They call because something they paid for isn’t doing what "
        "it promised, and they’d rather be anywhere else.\n")


def check(project, monkeypatch, capsys) -> tuple[int, list[str], str]:
    """check's exit code, its problem lines and its summary line."""
    monkeypatch.chdir(project.root)
    code = cli.main(["check"])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.strip()


# --- every problem at once, even beside broken YAML ------------------------------------------


def test_the_body_is_checked_when_the_front_matter_cannot_be_read(project, monkeypatch, capsys):
    project.write("essays/the-hard-parts.md", "---\n" + FRONT.format(title="Support: the hard parts") + "---\n\n"
                  "# Support: the hard parts\n\n" + BODY)
    code, lines, summary = check(project, monkeypatch, capsys)
    assert code == 1
    assert lines == [
        f"{SHOWN}:2: title: column 15: the ': ' inside the value reads as a new field; put it in quotes: "
        "title: 'Support: the hard parts'",
        f"{SHOWN}:7: a '# ' heading in the essay: the page already shows the title; use '## ' for a section heading",
    ]
    assert summary == "2 problems found."


def test_the_body_is_checked_beside_an_unclosed_quote(project, monkeypatch, capsys):
    project.write("essays/the-hard-parts.md", "---\n" + FRONT.format(title="\"Why I don’t leave") + "---\n\n"
                  + BODY + "\n[my blog](javascript:alert(1))\n")
    code, lines, _ = check(project, monkeypatch, capsys)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{SHOWN}:2: title: ")
    assert lines[1].startswith(f"{SHOWN}:9: ") and "javascript:" in lines[1]


# --- make check ends with its summary ---------------------------------------------------------


def interrupt(disposition):
    """Run a child with SIGINT handled as `disposition`: by default, as a writer's shell starts
    a command, whatever the tests were started with (a job a script put in the background has it
    ignored)."""
    return lambda: signal.signal(signal.SIGINT, disposition)


def make_check(folder, terminal: bool, *args: str, sigint=signal.SIG_DFL, target: str = "check",
               **env: str) -> tuple[int, str]:
    """`make check` (or `target`) in `folder` as a writer runs it (at a terminal) or as CI does
    (output to a pipe): its exit code and everything it printed."""
    venv = ROOT / ".venv"
    command = ["make", "--no-print-directory", "-C", str(folder), f"VENV={venv}", "-o", f"{venv}/.installed",
               "-o", f"{venv}/.installed-import", target, *args]
    environment = {key: value for key, value in ENV.items() if key not in ("CI", "MAKEFLAGS", "MAKELEVEL")}
    environment.update(env)
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300,
                              preexec_fn=interrupt(sigint))
        return done.returncode, done.stdout + done.stderr
    main, side = pty.openpty()
    process = subprocess.Popen(command, stdin=side, stdout=side, stderr=side, env=environment,
                               preexec_fn=interrupt(sigint))
    os.close(side)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal's far side closed (Linux says EIO)
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    return process.wait(timeout=300), output.decode("utf-8").replace("\r\n", "\n")


@pytest.fixture
def broken_copy(project):
    shutil.copy2(ROOT / "Makefile", project.root / "Makefile")
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project.root / name)
    project.write("essays/the-hard-parts.md", "---\n" + FRONT.format(title="Support: the hard parts") + "---\n\n"
                  "# Support: the hard parts\n\n" + BODY)
    return project


def test_make_check_at_a_terminal_ends_with_the_summary_and_fails(broken_copy):
    # Bad input exits non-zero, at a terminal too (`make check && git push` must stop), and what
    # the writer reads last is the checker's summary, not make's "*** [...] Error 1".
    code, output = make_check(broken_copy.root, terminal=True)
    lines = output.strip().splitlines()
    assert code != 0, output
    assert lines[-1] == "2 problems found.", output
    assert "make:" not in output and "Error" not in output, output
    assert lines[0].startswith(f"{SHOWN}:2: title: ")  # no command line echoed before the problems


@pytest.mark.parametrize("target, args, said", [
    ("new", ["TITLE=Why I stay"], "make new needs AUTHOR and PROMPT"),
    ("import", ["SOURCE=no-such-post.html", "AUTHOR=jane-doe", "PROMPT=why"], "no-such-post.html"),
])
def test_make_new_and_import_at_a_terminal_end_with_their_message_and_fail(broken_copy, target, args, said):
    # As `make check` does: a writer's last line is what went wrong, not make's "*** [...] Error 1".
    code, output = make_check(broken_copy.root, True, *args, target=target)
    assert code != 0, output
    assert said in output.strip().splitlines()[-1], output
    assert "make:" not in output and "Error" not in output, output
    assert "-m anthology" not in output, output  # no command line echoed


@pytest.mark.parametrize("terminal, args, env", [
    (False, [], {}), (False, ["FORMAT=github"], {}), (True, [], {"CI": "true"}), (True, ["FORMAT=github"], {}),
], ids=["pipe", "pipe-github", "terminal-ci", "terminal-github"])
def test_make_check_fails_for_ci_and_scripts(broken_copy, terminal, args, env):
    code, output = make_check(broken_copy.root, terminal, *args, **env)
    assert code != 0, output
    assert "2 problems found." in output
    assert "make:" not in output, output


def test_make_check_and_what_follows_it_stop_on_problems(broken_copy):
    # As a writer chains it before pushing: the shell must not go on to the next command.
    venv = ROOT / ".venv"
    script = (f"make --no-print-directory -C {broken_copy.root} VENV={venv} -o {venv}/.installed check "
              "&& echo 'pushed anyway'; echo \"status $?\"")
    environment = {key: value for key, value in ENV.items() if key not in ("CI", "MAKEFLAGS", "MAKELEVEL")}
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=environment, timeout=300,
                          preexec_fn=interrupt(signal.SIG_DFL))
    assert "pushed anyway" not in done.stdout
    assert "status 130" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
def test_make_check_fails_where_sigint_is_ignored(broken_copy, terminal):
    # A job a script starts in the background ignores SIGINT, and so would make: the recipe
    # cannot stop it that way, and fails as any recipe does, make's own line and all.
    code, output = make_check(broken_copy.root, terminal, sigint=signal.SIG_IGN)
    assert code == 2, output
    assert "2 problems found." in output
    assert output.strip().splitlines()[-1].startswith("make: *** ["), output


def test_make_check_says_ok_and_succeeds_on_a_good_anthology(project):
    shutil.copy2(ROOT / "Makefile", project.root / "Makefile")
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project.root / name)
    code, output = make_check(project.root, terminal=True)
    assert code == 0, output
    assert "make:" not in output, output


# --- the slips writers make most, each at its line with what to write instead ------------------

ESSAY = "---\n" + FRONT.format(title="Why I stay") + "---\n\n" + BODY


def write(project, content: str | bytes) -> None:
    project.write("essays/the-hard-parts.md", content)


@pytest.mark.parametrize("before, expected", [
    ("\n", "1: the file starts with a blank line before the front matter's '---': delete it, so that the file "
     "starts with '---': front matter is read only there"),
    ("\n   \n", "1: the file starts with 2 blank lines before the front matter's '---': delete them"),
    (" ", "1: a space before the front matter's '---': delete it, so that the file starts with '---'"),
    ("\t", "1: a tab before the front matter's '---': delete it"),
], ids=["blank line", "two blank lines", "space", "tab"])
def test_front_matter_after_a_blank_line_or_a_space(project, monkeypatch, capsys, before, expected):
    write(project, before + ESSAY)
    code, lines, summary = check(project, monkeypatch, capsys)
    assert code == 1 and len(lines) == 1 and lines[0].startswith(f"{SHOWN}:{expected}"), lines
    # The rest is read as usual: its problems come with it, at their lines.
    write(project, before + ESSAY.replace("author: sarah-wetzel", "author: sarah-wetzle") + "\n# Why I stay\n")
    code, lines, summary = check(project, monkeypatch, capsys)
    shift = before.count("\n")
    assert [line.split(": ", 1)[0] for line in lines] == [f"{SHOWN}:1", f"{SHOWN}:{3 + shift}", f"{SHOWN}:{9 + shift}"]
    assert "did you mean 'sarah-wetzel'?" in lines[1] and "'# ' heading" in lines[2]
    write(project, ESSAY)
    assert check(project, monkeypatch, capsys)[0] == 0


def test_a_closing_fence_with_a_space_before_it(project, monkeypatch, capsys):
    write(project, ESSAY.replace("---\n\n", " ---\n\n", 1))
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"{SHOWN}:5: the '---' that closes the front matter must start its line: delete the space "
                     "before it"]


@pytest.mark.parametrize("tags, expected, fixed", [
    ("tags:\n\t- queues\n", "6: column 1: a tab indents this line, and YAML takes only spaces: use spaces: - queues",
     "tags:\n  - queues\n"),
    ("tags:\n  -\tqueues\n", "6: column 4: a tab follows the '-', and YAML takes only spaces: use spaces: - queues",
     "tags:\n  - queues\n"),
    ("\tsummary: Why I don’t leave\n", "5: summary: column 1: a tab indents this line, and YAML takes only spaces: "
     "use spaces: summary: Why I don’t leave", "summary: Why I don’t leave\n"),
], ids=["list item", "after the dash", "field"])
def test_a_tab_in_the_front_matter(project, monkeypatch, capsys, tags, expected, fixed):
    write(project, ESSAY.replace("---\n\n", tags + "---\n\n", 1))
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"{SHOWN}:{expected}"], lines
    write(project, ESSAY.replace("---\n\n", fixed + "---\n\n", 1))
    assert check(project, monkeypatch, capsys)[0] == 0


@pytest.mark.parametrize("title, summary, expected", [
    ('"Why I don’t leave', None, "2: title: column 8: the quote \" that opens the value is never closed; "
     "put it in quotes: title: \"Why I don’t leave\""),
    # An editor's smart quotes turned the closing quote curly.
    ('"Why I stay”', None, "2: title: column 8: the quote \" that opens the value is never closed: the ” at its "
     "end is a curly quote, which YAML does not read as one; end it with a straight \": title: \"Why I stay\""),
    ("'Why I don’t leave’", None, "2: title: column 8: the quote ' that opens the value is never closed: the ’ "
     "at its end is a curly quote, which YAML does not read as one; end it with a straight ': "
     "title: 'Why I don’t leave'"),
    # A quote a line below closes it: YAML stumbles there, the slip is above.
    ('"Why I stay', 'She said "thank you" and hung up.', "2: title: column 8: the quote \" that opens the value is "
     "never closed on its line, so YAML reads the lines after it as part of the value; put it in quotes: "
     "title: \"Why I stay\""),
], ids=["never closed", "curly close", "curly close in single quotes", "closed a line below"])
def test_an_unclosed_quote(project, monkeypatch, capsys, title, summary, expected):
    extra = "" if summary is None else f"summary: {summary}\n"
    write(project, "---\n" + FRONT.format(title=title) + extra + "---\n\n" + BODY)
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"{SHOWN}:{expected}"], lines
    fixed = lines[0].rsplit(": title: ", 1)[1]
    write(project, "---\n" + FRONT.format(title=fixed) + "---\n\n" + BODY)
    assert check(project, monkeypatch, capsys)[0] == 0


WINDOWS = (ESSAY + "\nWhen “I’ve tried everything” becomes “oh, that was it?” we both laugh.\n\n"
           "Café au lait – always.\n")


def test_a_file_saved_as_windows_1252(project, monkeypatch, capsys):
    write(project, WINDOWS.encode("cp1252"))
    code, lines, summary = check(project, monkeypatch, capsys)
    advice = "save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"
    assert lines == [
        f"{SHOWN}:7: is not UTF-8 text (byte 0x92): the file seems saved as Windows-1252 (\"ANSI\"), where that byte "
        f"is ’, in 'don’t'; {advice}",
        f"{SHOWN}:9: is not UTF-8 text (byte 0x93): the file seems saved as Windows-1252 (\"ANSI\"), where that byte "
        f"is “, in '“I’ve'; {advice}",
        f"{SHOWN}:11: is not UTF-8 text (byte 0xe9): the file seems saved as Windows-1252 (\"ANSI\"), where that byte "
        f"is é, in 'Café'; {advice}",
    ], lines
    assert summary == "3 problems found."
    write(project, WINDOWS.encode("utf-8"))
    assert check(project, monkeypatch, capsys)[0] == 0


def test_a_file_saved_as_utf_16(project, monkeypatch, capsys):
    write(project, WINDOWS.encode("utf-16"))
    _, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"{SHOWN}:1: is saved as UTF-16 text, not UTF-8; save it as UTF-8 (in Notepad: File, Save as, "
                     "Encoding: UTF-8)"]


def test_a_quote_inside_a_block_of_text_is_not_taken_for_the_slip(project, monkeypatch, capsys):
    # authors.yml quotes an essay in a `>-` block, a '"' never closed on its line: the slip below
    # is still named at its own line.
    authors = project.docs / "registry" / "authors.yml"
    text = authors.read_text(encoding="utf-8")
    assert 'own words: "Liam Neeson' in text
    authors.write_text(text + "\n  - id: [broken\n", encoding="utf-8")
    line = len((text + "\n").splitlines()) + 1
    _, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"docs/registry/authors.yml:{line}: id: column 9: the list opened by '[' is not closed: end it "
                     "with ']', or put the value in quotes if it is text: - id: '[broken'"]


# --- what `make new` wrote for the writer to replace ------------------------------------------


def test_an_essay_left_as_make_new_wrote_it_is_a_problem_at_the_line(project, monkeypatch, capsys):
    write(project, "---\n" + FRONT.format(title="Why I stay") + "---\n\n"
          "Write your essay here, in Markdown, in place of this line.\n")
    code, lines, _ = check(project, monkeypatch, capsys)
    assert code == 1
    assert lines == [f"{SHOWN}:{2 + FRONT.count(chr(10)) + 2}: 'Write your essay here, in Markdown, in place of this "
                     "line.' is the line `make new` wrote for you to replace: write your essay in its place"]


def test_an_author_entry_left_as_make_new_printed_it_is_a_problem_at_each_line(project, monkeypatch, capsys):
    authors = project.docs / "registry" / "authors.yml"
    entry = ("  - id: jane-doe\n    display_name: Your Name\n    name_known: true\n"
             "    bio: One line about you (optional).\n    links:\n      - title: My blog\n"
             "        url: https://example.com\n")
    authors.write_text(authors.read_text(encoding="utf-8").rstrip("\n") + "\n" + entry, encoding="utf-8")
    code, lines, _ = check(project, monkeypatch, capsys)
    assert code == 1
    said = "\n".join(lines)
    assert "display_name: 'Your Name' is the example `make new` printed: write your own" in said, said
    assert "bio: 'One line about you (optional).' is the example `make new` printed: write your own, or leave " \
           "the field out" in said, said
    assert "'https://example.com' is the example `make new` printed" in said, said
    assert "My blog" not in said  # a title a writer may well keep


def test_a_class_on_raw_html_is_refused_with_words_that_agree(project, monkeypatch, capsys):
    # Told that <div> allows class, a writer tries one, and must not be refused as if told nothing.
    write(project, ESSAY + '\n<div onclick="go()" class="note">A note.</div>\n')
    code, lines, _ = check(project, monkeypatch, capsys)
    assert code == 1
    said = "\n".join(lines)
    assert "attribute 'onclick' on <div> is not allowed in essays (allowed: class (footnote only))" in said, said
    assert ("class 'note' on <div> is not allowed in essays: classes mark the site's own parts only (footnote), "
            "and an essay is shown in the site's style: take the class off") in said, said

# --- a slip YAML stumbles over later: named at the writer's line, never the next one ------------

TICKET = ("---\ntitle: The ticket that taught me patience\nauthor: maria-lopez\nprompt: what-keeps-you-going\n"
          "tags: [patience, first year]\n---\n\n" + BODY)
TICKET_SHOWN = "docs/essays/the-ticket.md"
MARIA = "\n  - id: maria-lopez\n    display_name: María López\n    name_known: true\n    bio: Lead at Acme\n"


def add_maria(project, entry: str = MARIA) -> tuple[object, str]:
    """authors.yml with María's entry after the others, as a writer adds it; its text before."""
    authors = project.docs / "registry" / "authors.yml"
    text = authors.read_text(encoding="utf-8")
    authors.write_text(text + entry, encoding="utf-8")
    return authors, text


def lines_in(project, relative: str) -> int:
    return len((project.docs / relative).read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("written, line, expected", [
    ("author:maria-lopez", 3, "author: column 7: put a space after the colon: author: maria-lopez"),
    ("prompt:what-keeps-you-going", 4, "prompt: column 7: put a space after the colon: prompt: what-keeps-you-going"),
    ("  title: The ticket that taught me patience", 2, "title: column 1: this field is indented by two spaces, "
     "and the fields beside it are not: remove the indentation, so that it starts its line"),
], ids=["author", "prompt", "indented title"])
def test_a_front_matter_slip_is_named_at_its_own_line(project, monkeypatch, capsys, written, line, expected):
    add_maria(project)
    field = written.strip().split(":")[0]
    right = next(text for text in TICKET.splitlines() if text.startswith(field + ":"))
    project.write("essays/the-ticket.md", TICKET.replace(right, written))
    code, lines, summary = check(project, monkeypatch, capsys)
    assert (code, lines, summary) == (1, [f"{TICKET_SHOWN}:{line}: {expected}"], "1 problem found."), lines
    assert not any("put it in quotes" in text for text in lines)
    project.write("essays/the-ticket.md", TICKET)
    assert check(project, monkeypatch, capsys)[0] == 0


def test_every_slip_in_the_front_matter_at_once(project, monkeypatch, capsys):
    # Each at its own line; a colon inside a quoted title and a web address are no slips.
    add_maria(project)
    broken = TICKET.replace("title: The ticket that taught me patience", 'title: "Note:this ticket"').replace(
        "author: maria-lopez", "author:maria-lopez").replace("prompt: what-keeps-you-going", "prompt:what-keeps-you-going"
    ).replace("tags: [patience, first year]", "tags:[patience, first year]\noriginal_url: https://example.com/x")
    project.write("essays/the-ticket.md", broken)
    code, lines, _ = check(project, monkeypatch, capsys)
    assert [line.split(": column")[0] for line in lines] == [
        f"{TICKET_SHOWN}:3: author", f"{TICKET_SHOWN}:4: prompt", f"{TICKET_SHOWN}:5: tags"], lines
    assert lines[2].endswith("put a space after the colon: tags: [patience, first year]")


def test_a_field_name_at_the_start_of_a_quoted_values_line_is_no_slip(project, monkeypatch, capsys):
    add_maria(project)
    broken = TICKET.replace("author: maria-lopez", 'summary: "We stayed late.\n  title:less work, more care"\n'
                            "author:maria-lopez")
    project.write("essays/the-ticket.md", broken)
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"{TICKET_SHOWN}:5: author: column 7: put a space after the colon: author: maria-lopez"], lines


@pytest.mark.parametrize("right, written, expected", [
    ("display_name: María López", "display_name:María López",
     "display_name: column 17: put a space after the colon: display_name: María López"),
    ("bio: Lead at Acme", "bio:Lead at Acme", "bio: column 8: put a space after the colon: bio: Lead at Acme"),
], ids=["display_name", "bio on the last line"])
def test_a_registry_slip_is_named_at_its_own_line(project, monkeypatch, capsys, right, written, expected):
    authors, before = add_maria(project, MARIA.replace(right, written))
    line = (before + MARIA).splitlines().index("    " + right) + 1
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"docs/registry/authors.yml:{line}: {expected}"], lines
    assert line <= lines_in(project, "registry/authors.yml")


PASTED = "\n- id: maria-lopez\n  display_name: María López\n  name_known: true\n"


@pytest.mark.parametrize("entry", [PASTED, PASTED.replace("maria-lopez", '"maria-lopez"')], ids=["plain", "quoted"])
def test_an_author_pasted_without_the_indentation_of_the_others(project, monkeypatch, capsys, entry):
    # The entries of the real authors.yml stand two spaces in, under `authors:`; a writer pastes
    # one from the guide at the start of the line.
    authors, before = add_maria(project, entry)
    assert "\n  - id: sarah-wetzel\n" in before
    line = len(before.splitlines()) + 2
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"docs/registry/authors.yml:{line}: id: column 1: indent this entry like the ones above it: two "
                     "spaces before '- id:', and two spaces more before each of its other lines"], lines
    authors.write_text(before + entry.replace("\n", "\n  ").removesuffix("  "), encoding="utf-8")
    assert check(project, monkeypatch, capsys)[0] == 0


def test_an_entry_indented_more_than_the_others(project, monkeypatch, capsys):
    authors, before = add_maria(project, PASTED.replace("\n", "\n    ").removesuffix("    "))
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"docs/registry/authors.yml:{len(before.splitlines()) + 2}: id: column 1: indent this entry "
                     "like the ones above it: two spaces before '- id:', and two spaces fewer before each of its "
                     "other lines"], lines


# --- never a "fix" that is the line as written ---------------------------------------------------


def test_a_quoted_value_on_a_line_indented_unlike_its_neighbours(project, monkeypatch, capsys):
    # Quoting the value again would change nothing: the message says what is wrong with the line.
    authors, before = add_maria(project, MARIA.replace("    name_known: true", '   name_known: "true"'))
    line = len(before.splitlines()) + 4
    code, lines, _ = check(project, monkeypatch, capsys)
    assert lines == [f"docs/registry/authors.yml:{line}: name_known: column 4: YAML cannot read this line (it is not "
                     "written as YAML expects); it is indented by 3 spaces and the field above it by 4: indent it "
                     "like that field"], lines
    authors.write_text(before + MARIA, encoding="utf-8")
    assert check(project, monkeypatch, capsys)[0] == 0


def test_the_line_quoted_as_suggested_is_not_suggested_again():
    # YAML without a schema (no field names to look for): the slip above is not found, and the
    # line YAML stumbles at is already in quotes, as the message before this fix had asked.
    from anthology.files.source import SourceError, parse_yaml

    text = ("title: The ticket that taught me patience\nauthor: maria-lopez\nprompt:what-keeps-you-going\n"
            "tags: '[patience, first year]'\n")
    with pytest.raises(SourceError) as raised:
        parse_yaml(text, "f", first_line=2)
    [problem] = raised.value.problems
    assert (problem.line, problem.field) == (5, "tags")
    assert "put it in quotes" not in problem.message
    assert problem.message == ("column 1: YAML cannot read this line (it is not written as YAML expects); look at how "
                               "the line is indented beside the lines above it, and whether the line above it is complete")


def test_on_windows_make_check_fails_as_any_recipe_does():
    # Windows has no POSIX signals between processes: a check there must never pass by a kill
    # that did nothing. Read as make would run it there (a dry run with OS=Windows_NT).
    venv = ROOT / ".venv"
    done = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(ROOT), "OS=Windows_NT", f"VENV={venv}",
                           "-o", f"{venv}/.installed", "check"], capture_output=True, text=True, timeout=60,
                          env={key: value for key, value in ENV.items() if key not in ("MAKEFLAGS", "MAKELEVEL")})
    recipe = done.stdout.strip().splitlines()[-1]
    assert recipe.endswith("-m anthology check  || exit 1"), done.stdout + done.stderr
    assert "kill" not in done.stdout
