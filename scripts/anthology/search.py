"""The site's search: a Pagefind index of the essay pages, built after the site.

Pagefind splits its index into small chunks, so a reader fetches a few hundred kilobytes
before the first result instead of the full text of every page (Material's search). Only
elements marked `data-pagefind-body` are indexed: the essay template marks the essay and its
byline, so a search finds essays (by their words, title or author), not the pages listing them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"


class SearchIndexError(Exception):
    pass


def index_site(site_dir: Path) -> None:
    """Write the search bundle to `<site_dir>/pagefind/`."""
    # The pagefind package runs its bundled binary; no download happens at build time.
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n{result.stdout}{result.stderr}")
