"""The slips writers make most, as `make check` shows them: every problem at once, even beside
front matter YAML cannot read, each at its line with what to write instead, and the summary line
as the last thing a writer reads."""

from __future__ import annotations

import os
import pty
import shutil
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


def make_check(folder, terminal: bool, *args: str, **env: str) -> tuple[int, str]:
    """`make check` in `folder` as a writer runs it (at a terminal) or as CI does (output to a
    pipe): its exit code and everything it printed."""
    venv = ROOT / ".venv"
    command = ["make", "--no-print-directory", "-C", str(folder), f"VENV={venv}", "-o", f"{venv}/.installed", "check", *args]
    environment = {key: value for key, value in ENV.items() if key not in ("CI", "MAKEFLAGS", "MAKELEVEL")}
    environment.update(env)
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)
        return done.returncode, done.stdout + done.stderr
    main, side = pty.openpty()
    process = subprocess.Popen(command, stdin=side, stdout=side, stderr=side, env=environment)
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


def test_make_check_at_a_terminal_ends_with_the_summary(broken_copy):
    code, output = make_check(broken_copy.root, terminal=True)
    lines = output.strip().splitlines()
    assert lines[-1] == "2 problems found.", output
    assert "***" not in output and "Error" not in output, output
    assert lines[0].startswith(f"{SHOWN}:2: title: ")  # no command line echoed before the problems


@pytest.mark.parametrize("terminal, args, env", [
    (False, [], {}), (False, ["FORMAT=github"], {}), (True, [], {"CI": "true"}), (True, ["FORMAT=github"], {}),
], ids=["pipe", "pipe-github", "terminal-ci", "terminal-github"])
def test_make_check_fails_for_ci_and_scripts(broken_copy, terminal, args, env):
    code, output = make_check(broken_copy.root, terminal, *args, **env)
    assert code != 0, output
    assert "2 problems found." in output
