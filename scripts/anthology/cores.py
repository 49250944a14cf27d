"""Which CPUs the work beside the build may use: all but one, which is left to MkDocs.

MkDocs renders every page on one thread. What runs beside it — the Pagefind service
(`anthology.search`), the `mkdir` that makes page folders ahead (`anthology.folders`) and the
process reading half the essays (`anthology.catalog`) — is kept off one CPU, so that MkDocs' thread always has a core to itself. Free to use every CPU,
Pagefind's several threads took turns with MkDocs' thread on a two-core machine, which then
waited: six alternating builds of 1,000 essays each way took 7.4 s (median) with the service
on both cores and 6.7 s with it kept off one. With one CPU there is nothing to share out.
"""

from __future__ import annotations

import os
from contextlib import contextmanager


def spare_cpus() -> set[int] | None:
    """All of this thread's CPUs but the first; None where there is only one (or no way to
    choose: not Linux), meaning no limit."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    ours = sorted(os.sched_getaffinity(0))
    return set(ours[1:]) if len(ours) > 1 else None


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
