"""What runs beside the build keeps off one CPU, and page folders are made ahead of the pages."""

from __future__ import annotations

import os

import pytest

import subprocess

from anthology.cores import on_spare_cpus, to_every_cpu
from anthology.folders import PageFolders

needs_affinity = pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="CPU affinity is Linux's")


@needs_affinity
def test_a_process_started_beside_the_build_leaves_one_cpu_and_the_build_gets_all_back():
    ours = os.sched_getaffinity(0)
    with on_spare_cpus():
        inside = os.sched_getaffinity(0)
    assert inside == (ours - {min(ours)} if len(ours) > 1 else ours)
    assert os.sched_getaffinity(0) == ours


@needs_affinity
def test_a_process_waited_for_gets_every_cpu_back():
    ours = os.sched_getaffinity(0)
    with on_spare_cpus():
        helper = subprocess.Popen(["sleep", "30"])
    try:
        to_every_cpu(helper.pid)
        assert os.sched_getaffinity(helper.pid) == ours
    finally:
        helper.kill()
        helper.wait()
    to_every_cpu(helper.pid)  # ended: nothing to do, nothing raised


def test_every_page_folder_is_made(tmp_path):
    pages = [tmp_path / "site" / "essays" / slug / "index.html" for slug in ("a", "b", "a")]
    pages += [tmp_path / "site" / "index.html", tmp_path / "site" / "authors" / "x" / "y" / "index.html"]
    PageFolders(str(page) for page in pages).wait()
    for page in pages:
        assert page.parent.is_dir()
        assert not page.exists(), "folders only: MkDocs writes the pages"


def test_a_folder_that_cannot_be_made_is_left_to_mkdocs(tmp_path, capfd):
    (tmp_path / "essays").write_text("a file where a folder should be")
    PageFolders([str(tmp_path / "essays" / "a" / "index.html"), str(tmp_path / "tags" / "t" / "index.html")]).wait()
    assert (tmp_path / "tags" / "t").is_dir()
    assert capfd.readouterr().err == "", "nothing printed: MkDocs reports the page it cannot write"
