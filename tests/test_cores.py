"""Work beside the build keeps off one CPU, and page folders are made ahead of the pages."""

from __future__ import annotations

import os
import threading

import pytest

from anthology.cores import keep_to_spare_cpus, on_spare_cpus
from anthology.folders import make_folders_ahead

needs_affinity = pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="CPU affinity is Linux's")


@needs_affinity
def test_a_background_thread_leaves_one_cpu_to_the_build():
    ours = os.sched_getaffinity(0)
    seen = []

    def work():
        keep_to_spare_cpus()
        seen.append(os.sched_getaffinity(0))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [ours - {min(ours)} if len(ours) > 1 else ours]
    assert os.sched_getaffinity(0) == ours, "only the background thread is limited"


@needs_affinity
def test_the_build_thread_gets_its_cpus_back_after_starting_something():
    ours = os.sched_getaffinity(0)
    with on_spare_cpus():
        inside = os.sched_getaffinity(0)
    assert inside == (ours - {min(ours)} if len(ours) > 1 else ours)
    assert os.sched_getaffinity(0) == ours


def test_every_page_folder_is_made(tmp_path):
    pages = [tmp_path / "site" / "essays" / slug / "index.html" for slug in ("a", "b", "a")]
    pages += [tmp_path / "site" / "index.html", tmp_path / "site" / "authors" / "x" / "y" / "index.html"]
    make_folders_ahead(str(page) for page in pages).join()
    for page in pages:
        assert page.parent.is_dir()
        assert not page.exists(), "folders only: MkDocs writes the pages"


def test_a_folder_that_cannot_be_made_is_left_to_mkdocs_to_report(tmp_path, monkeypatch):
    (tmp_path / "essays").write_text("a file where a folder should be")
    failures = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    make_folders_ahead([str(tmp_path / "essays" / "a" / "index.html"), str(tmp_path / "tags" / "t" / "index.html")]).join()
    assert failures == [], "the thread must end quietly; MkDocs names the page that fails"
