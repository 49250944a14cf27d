"""The generated pages rendered by a forked copy of the build: the same pages, the same messages."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from anthology.forked import ForkedPages

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forking is for POSIX systems")


class _File:
    def __init__(self, src_uri: str) -> None:
        self.src_uri = src_uri


class _Page:
    """What ForkedPages reads of a MkDocs page: its file's source path."""

    def __init__(self, src_uri: str) -> None:
        self.file = _File(src_uri)


def test_the_copy_renders_every_page_and_what_it_logs_is_logged_here(tmp_path, caplog):
    pages = [_Page(f"authors/a{i}.md") for i in range(3)]

    def render(page):
        (tmp_path / page.file.src_uri.replace("/", "-")).write_text(str(os.getpid()))
        logging.getLogger("mkdocs.hooks.test").warning(f"look at {page.file.src_uri}")

    def then():
        (tmp_path / "feed.xml").write_text(str(os.getpid()))

    with caplog.at_level(logging.INFO, logger="mkdocs"):
        error = ForkedPages(pages, render, then).finish()
    assert error is None
    written = sorted(tmp_path.iterdir())
    assert [p.name for p in written] == ["authors-a0.md", "authors-a1.md", "authors-a2.md", "feed.xml"]
    assert {p.read_text() for p in written} != {str(os.getpid())}, "rendered by another process"
    # Logged again here, by the same logger at the same level: `--strict` counts warnings here.
    warned = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert warned == [("mkdocs.hooks.test", logging.WARNING, f"look at authors/a{i}.md") for i in range(3)]


def test_an_error_in_the_copy_comes_back_with_what_mkdocs_logged(caplog):
    def render(page):
        logging.getLogger("mkdocs.commands.build").error(f"Error building page '{page.file.src_uri}': boom")
        raise ValueError("boom")

    with caplog.at_level(logging.INFO, logger="mkdocs"):
        error = ForkedPages([_Page("tags/x.md"), _Page("tags/y.md")], render).finish()
    assert error == "ValueError: boom"
    assert caplog.messages == ["Error building page 'tags/x.md': boom"], "it stops at the first error"


def test_a_copy_that_dies_is_reported_not_waited_for_for_ever():
    error = ForkedPages([_Page("tags/x.md")], lambda page: os._exit(3)).finish()
    assert error == "the process rendering them stopped (exit code 3)"


def test_a_failed_build_ends_the_copy_even_when_it_has_a_lot_to_say(tmp_path):
    # More than a pipe holds: the copy waits for its answer to be read, which a failed build
    # never does.
    def render(page):
        for i in range(20_000):
            logging.getLogger("mkdocs.hooks.test").warning(f"warning {i} " + "x" * 40)

    forked = ForkedPages([_Page("tags/x.md")], render)
    forked._process.join(timeout=1)
    assert forked._process.is_alive(), "still waiting to send its answer"
    forked.close()
    assert not forked._process.is_alive()


def test_mkdocs_does_not_call_these_pages_skipped_while_the_copy_renders_them(caplog):
    build_log = logging.getLogger("mkdocs.commands.build")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        forked = ForkedPages([_Page("tags/x.md")], lambda page: None)
        build_log.info("Page skipped: 'tags/x.md'. Generated empty output.")
        build_log.info("Page skipped: 'notes.md'. Generated empty output.")
        forked.finish()
        build_log.info("Page skipped: 'tags/x.md'. Generated empty output.")
    assert caplog.messages == ["Page skipped: 'notes.md'. Generated empty output.",
                               "Page skipped: 'tags/x.md'. Generated empty output."]


def _build(config: Path, site: Path, cpus: set[int]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        preexec_fn=lambda: os.sched_setaffinity(0, cpus))


def _files(site: Path) -> dict[str, bytes]:
    # Pagefind's filter and meta files differ between any two builds of the same pages.
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="choosing CPUs is Linux's")
def test_a_forked_build_writes_exactly_the_site_a_one_cpu_build_writes(tmp_path):
    # 107 essays: 27 authors, 40 tags, 20 prompts and the indexes, enough to fork for. On one
    # CPU there is nothing to fork to, and every page renders in MkDocs' own process.
    from anthology.bench import make_sites
    from conftest import ROOT

    config, _ = make_sites(ROOT, tmp_path, 107)
    cpus = os.sched_getaffinity(0)
    both = _build(config, tmp_path / "forked", cpus)
    one = _build(config, tmp_path / "one", {min(cpus)})
    assert both.returncode == 0, both.stderr
    assert one.returncode == 0, one.stderr
    forked = [line for line in both.stderr.splitlines() if "rendered by a forked copy" in line]
    assert forked or len(cpus) == 1, "with a spare CPU, the generated pages render in a forked copy"
    assert not [line for line in one.stderr.splitlines() if "rendered by a forked copy" in line]
    assert "Page skipped" not in both.stderr
    built, expected = _files(tmp_path / "forked"), _files(tmp_path / "one")
    assert len([name for name in built if name.endswith(".html")]) > 107 + 80
    assert built.keys() == expected.keys()
    assert [name for name in built if built[name] != expected[name]] == []
