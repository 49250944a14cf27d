"""The generated pages, rendered by a forked copy of the build while MkDocs renders the essays.

MkDocs reads, then renders, pages one after another on one thread. The pages the anthology
generates — author, tag and prompt pages, the indexes — took 0.4-0.5 s of that thread at 1,000
essays (`scripts/cli.py bench --phases`), while the spare CPU, busy with Pagefind, was idle half the
time as the essays' Markdown was rendered. Those pages show nothing of an essay's Markdown, so
once they have been read (they are read before the essays: scripts/hooks.py), a copy of the
process (fork) renders them, with MkDocs' own page builder and the same hooks, on the spare CPU
(anthology.cores), while this process renders the essays and skips those pages; then it writes
the feeds and the public catalog, which are made from the catalog alone. What the copy logs
comes back and is logged here, so `--strict` counts its warnings, and an error there fails
the build here.

Only `mkdocs build` forks (not `mkdocs serve`, which rebuilds beside its server's threads), on
Linux with a CPU to spare, before any other thread has started.
"""

from __future__ import annotations

import logging
import multiprocessing
from typing import Callable

from . import cores

FORK_FROM = 50  # pages; a fork takes a few milliseconds, a page about one: for fewer, not worth it


def can_fork(command: str | None, pages: list) -> bool:
    """`command`: what MkDocs was started for (on_startup); None when not from the command line."""
    return command in ("build", "gh-deploy") and len(pages) >= FORK_FROM and cores.can_fork()


class ForkedPages:
    """Pages that a forked copy of this process renders, each with `render(page)`; then it
    calls `then`, if given (other files the build writes, from what it has read)."""

    def __init__(self, pages: list, render: Callable, then: Callable | None = None) -> None:
        context = multiprocessing.get_context("fork")
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_render_job, args=(pages, render, then, sender),
                                        name="anthology-pages", daemon=True)
        self._process.start()
        sender.close()  # the copy's end: reading sees the end of it when the copy has gone
        # MkDocs logs each page it skips here ("Generated empty output"): these are not skipped.
        skipped = {f"Page skipped: '{page.file.src_uri}'. Generated empty output." for page in pages}
        self._filter = _NotSkipped(skipped)
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)

    def finish(self) -> str | None:
        """Wait for the copy; log what it logged. Returns its error, if it failed."""
        # This process has nothing left to render: the copy may use every CPU now.
        cores.to_every_cpu(self._process.pid)
        try:
            answer = self._results.recv()
        except EOFError:  # it ended without an answer: killed, out of memory
            answer = None
        self._end()
        if answer is None:
            return f"the process rendering them stopped (exit code {self._process.exitcode})"
        records, error = answer
        for name, level, message in records:
            logging.getLogger(name).log(level, message)
        return error

    def close(self) -> None:
        """The build failed: end the copy, if it still runs. (Waiting instead could wait for
        ever: a copy with a lot to say waits for its answer to be read.)"""
        self._process.terminate()
        self._end()

    def _end(self) -> None:
        self._process.join()
        self._results.close()
        logging.getLogger("mkdocs.commands.build").removeFilter(self._filter)


class _NotSkipped(logging.Filter):
    def __init__(self, messages: set[str]) -> None:
        super().__init__()
        self.messages = messages

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.messages


class _Recorder(logging.Handler):
    """Keeps the copy's log records, as plain data, for the parent to log."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _render_job(pages: list, render: Callable, then: Callable | None, sender) -> None:
    """In the forked copy: render the pages; send back what was logged and any error."""
    cores.keep_to_spare_cpus()
    recorder = _Recorder()
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):  # printed by the parent, once
        logger.removeHandler(handler)
    logger.addHandler(recorder)
    error = None
    try:
        for page in pages:
            render(page)
        if then is not None:
            then()
    except Exception as err:  # MkDocs has logged which page; the parent reports it
        error = f"{type(err).__name__}: {err}"
    sender.send((recorder.records, error))
    sender.close()
