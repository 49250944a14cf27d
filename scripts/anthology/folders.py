"""Page folders, made ahead of the pages by `mkdir -p` on a spare CPU.

MkDocs writes each page into a folder of its own (essays/x/index.html) and makes that folder
just before writing the page. Making a folder is kernel work, about 0.5 ms each on this
machine's file system: 0.6 s of MkDocs' one thread in a build of 1,000 essays (1,318 pages).
Every page's folder is known once the files are (`on_nav`), well before the first page is
written, so `mkdir -p` makes them all on a spare CPU (`anthology.cores`) while MkDocs renders
Markdown, and MkDocs' own `os.makedirs(..., exist_ok=True)` then finds them there. Whichever
comes first for a folder, the outcome is the same: both only ever create.

A separate process rather than a thread: a thread takes Python's lock between system calls,
and each time it did, MkDocs' thread had to stop for it (measured: the build's thread waited
0.1-0.2 s longer). Where there is no `mkdir` program, MkDocs makes every folder itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable

from .cores import on_spare_cpus

BATCH = 1000  # folders per `mkdir -p`: far below any system's limit on a command's length


class PageFolders:
    """The `mkdir -p` processes making page folders; `wait()` before the build ends."""

    def __init__(self, page_paths: Iterable[str]) -> None:
        folders = sorted({os.path.dirname(path) for path in page_paths})
        mkdir = shutil.which("mkdir")
        self._processes: list[subprocess.Popen] = []
        if mkdir is None:
            return
        with on_spare_cpus():
            for start in range(0, len(folders), BATCH):
                # Errors are not reported here: MkDocs, making the same folder, names the page.
                self._processes.append(subprocess.Popen(
                    [mkdir, "-p", "--", *folders[start:start + BATCH]],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    def wait(self) -> None:
        for process in self._processes:
            process.wait()
