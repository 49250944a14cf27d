"""Which CPUs the work beside the build may use: all but one, which is left to MkDocs.

MkDocs renders every page on one thread. What runs beside it — the Pagefind service
(`anthology.search`), the `mkdir` that makes page folders ahead (`anthology.folders`), the
process reading half the essays (`anthology.catalog`) and the one rendering the generated pages
(`anthology.forked`) — is kept off one CPU, so that MkDocs' thread always has a core to itself.
Free to use every CPU, Pagefind's several threads took turns with MkDocs' thread on a two-core
machine, which then waited: six alternating builds of 1,000 essays each way took 7.4 s (median)
with the service on both cores and 6.7 s with it kept off one. Once MkDocs' thread has nothing
left but to wait for them, they get every CPU back (`to_every_cpu`). With one CPU there is
nothing to share out.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager


def spare_cpus() -> set[int] | None:
    """All of this thread's CPUs but the first; None where there is only one (or no way to
    choose: not Linux), meaning no limit."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    ours = sorted(os.sched_getaffinity(0))
    return set(ours[1:]) if len(ours) > 1 else None


def can_fork() -> bool:
    """Whether a forked copy of this process may work on a spare CPU: Linux, a CPU to spare,
    and no thread but this one (a fork copies only the calling thread; a lock another thread
    held would stay held in the copy for ever)."""
    return sys.platform == "linux" and threading.active_count() == 1 and spare_cpus() is not None


@contextmanager
def on_spare_cpus():
    """Limit the calling thread to the spare CPUs for the block: a process started in it keeps
    them (with all its threads), and this thread gets all of its CPUs back at the end."""
    if spare_cpus() is None:
        yield
        return
    ours = os.sched_getaffinity(0)
    keep_to_spare_cpus()
    try:
        yield
    finally:
        os.sched_setaffinity(0, ours)


def keep_to_spare_cpus() -> None:
    """Limit the calling thread to the spare CPUs from now on (0: the calling thread only, on
    Linux): the main thread of a forked helper process, or the block of `on_spare_cpus`."""
    cpus = spare_cpus()
    if cpus is not None:
        os.sched_setaffinity(0, cpus)


def to_every_cpu(pid: int) -> None:
    """Let every thread of process `pid` use all of this thread's CPUs again: called when
    MkDocs' thread has nothing left to do but wait for that process."""
    if spare_cpus() is None:
        return
    ours = os.sched_getaffinity(0)
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:  # it has ended
        return
    for thread in threads:
        try:
            os.sched_setaffinity(int(thread), ours)
        except OSError:  # that thread has ended meanwhile
            pass
