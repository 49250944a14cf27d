"""A new writer adds themselves and an essay the way CONTRIBUTING.md says, and a pull request's
CI (.github/workflows/ci.yml: `make check FORMAT=github`, then `make test`) passes. Forgetting
`make issue-form` is caught by `make check`, which names the command, not by a failing test."""

from __future__ import annotations

import re
import shutil
import subprocess

from conftest import ENV, ROOT

VENV = ROOT / ".venv"
ESSAY = """\
Customers don’t call to chat. They call because something they paid for isn’t doing what it
promised, and they’d rather be anywhere else than on the phone with me.

What keeps me going is the moment the call turns: when “I’ve tried everything” becomes “oh, that
was it?” and we both laugh.
"""


def repository_copy(folder):
    """The repository's files as they are now (what a fresh clone of this branch holds)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    return folder


def make(folder, *args: str) -> subprocess.CompletedProcess:
    """`make ARGS` in the copy, with this checkout's installed environment (never reinstalled)."""
    command = ["make", "--no-print-directory", f"VENV={VENV}", "-o", f"{VENV}/.installed",
               "-o", f"{VENV}/.installed-test", *args]
    environment = {key: value for key, value in ENV.items() if key not in ("MAKEFLAGS", "MAKELEVEL")}
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600,
                          env={**environment, "CI": "true"})


def test_a_new_writer_following_contributing_passes_ci(tmp_path):
    clone = repository_copy(tmp_path / "clone")
    contributing = (clone / "CONTRIBUTING.md").read_text(encoding="utf-8")
    command = 'make new TITLE="What keeps me going" AUTHOR=jane-doe PROMPT=what-keeps-you-going'
    assert command in contributing and "make issue-form" in contributing

    new = make(clone, "new", "TITLE=What keeps me going", "AUTHOR=jane-doe", "PROMPT=what-keeps-you-going")
    assert new.returncode == 0, new.stdout + new.stderr
    # The entry to add, and what to run once it is added.
    assert "Then run `make issue-form`" in new.stdout, new.stdout
    entry = re.search(r"Add yourself there:\n\n((?:  .*\n)+)", new.stdout).group(1)
    entry = (entry.replace("Your Name", "Jane Doe").replace("One line about you (optional).", "Support lead; "
             "writes about queues.").replace("https://example.com", "https://jane.example.org"))
    authors = clone / "docs" / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8").rstrip("\n") + "\n" + entry, encoding="utf-8")
    essay = clone / "docs" / "essays" / "what-keeps-me-going.md"
    text = essay.read_text(encoding="utf-8")
    essay.write_text(text.replace("Write your essay here, in Markdown, in place of this line.\n", ESSAY),
                     encoding="utf-8")

    # A writer who skipped `make issue-form`: check says so, at the form, with the command.
    forgot = make(clone, "check", "FORMAT=github")
    assert forgot.returncode != 0
    assert ("::error file=.github/ISSUE_TEMPLATE/essay.yml,line=" in forgot.stdout
            and "run `make issue-form`, then commit the file it writes" in forgot.stdout), forgot.stdout
    assert forgot.stdout.count("::error") == 1, forgot.stdout

    form = make(clone, "issue-form")
    assert form.returncode == 0, form.stderr
    assert "Jane Doe (jane-doe)" in (clone / ".github" / "ISSUE_TEMPLATE" / "essay.yml").read_text(encoding="utf-8")

    # What the pull request's CI runs: check, then the build and the tests (here the test that
    # compares the form with the registries, as the whole suite would take too long).
    checked = make(clone, "check", "FORMAT=github")
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 6 essays"), checked.stdout + checked.stderr
    tested = make(clone, "test", "PYTEST_ARGS=tests/test_issue.py -k issue_form_is_what_make_issue_form_writes")
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]
    assert "1 passed" in tested.stdout
