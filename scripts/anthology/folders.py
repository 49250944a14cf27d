"""Page folders, made ahead of the pages on a thread beside the build.

MkDocs writes each page into a folder of its own (essays/x/index.html) and makes that folder
just before writing the page. Making a folder is kernel work, about 0.5 ms each on this
machine's file system: 0.6 s of MkDocs' one thread in a build of 1,000 essays (1,318 pages).
Every page's folder is known once the files are (`on_nav`), well before the first page is
written, so a thread on a spare CPU (`anthology.cores`) makes them all while MkDocs renders
Markdown, and MkDocs' own `os.makedirs(..., exist_ok=True)` then finds them there. Whichever
comes first for a folder, the outcome is the same: both only ever create.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

from .cores import keep_to_spare_cpus


def make_folders_ahead(page_paths: Iterable[str]) -> threading.Thread:
    """Start making the folder of each page path; join the thread before the build ends."""
    folders = sorted({os.path.dirname(path) for path in page_paths})
    thread = threading.Thread(target=_make, args=(folders,), name="page-folders", daemon=True)
    thread.start()
    return thread


def _make(folders: list[str]) -> None:
    keep_to_spare_cpus()
    for folder in folders:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            # Not ours to report: MkDocs makes the folder itself when it writes the page, and
            # says what is wrong (a full disk, a file in the way) with the page's name.
            return
