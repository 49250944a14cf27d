"""A MkDocs hooks file for `make bench --phases`: where a build's time goes.

Added to both the project's and the floor's configuration for one extra build each (never to
the timed builds). It writes, to the file named by BENCH_TIMING_OUT, the seconds from the
first hook to each phase's end, and the time spent building the pages of each top folder
(the time between one page's `on_post_page` and the next one's).
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections import defaultdict

_start = time.perf_counter()
_phases: dict[str, float] = {}
_kinds: dict[str, list] = defaultdict(lambda: [0.0, 0])
_last_page: list[float] = []


def _mark(name: str) -> None:
    _phases.setdefault(name, round(time.perf_counter() - _start, 3))


def on_config(config):
    _mark("config")


def on_files(files, config):
    _mark("files (catalog, generated pages)")


def on_env(env, config, files):
    _mark("pages read (Markdown)")
    return env


def on_post_page(output, page, config):
    now = time.perf_counter()
    if _last_page:  # the first page's time includes static files and theme templates
        kind = page.file.src_uri.split("/")[0] if "/" in page.file.src_uri else "top-level pages"
        _kinds[kind][0] += now - _last_page[0]
        _kinds[kind][1] += 1
    _last_page[:] = [now]
    return output


def on_post_build(config):
    _mark("pages built")
    atexit.register(_write)


def _write() -> None:
    _mark("done (after the post-build hooks)")
    kinds = {kind: {"pages": count, "seconds": round(seconds, 3), "ms_per_page": round(1000 * seconds / count, 2)}
             for kind, (seconds, count) in _kinds.items()}
    with open(os.environ["BENCH_TIMING_OUT"], "w", encoding="utf-8") as out:
        json.dump({"phases": _phases, "pages_by_folder": kinds}, out)
