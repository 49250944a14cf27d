"""`make serve` as a writer uses it: the site is served, and an edited essay shows up on reload.

A rebuild in `mkdocs serve` runs the hooks again in the same process; nothing rendered for the
previous build (shared navigation, cards, the search bundle) may leak into the next one.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import ENV

TIMEOUT = 90  # seconds: the first build, then one rebuild, of the five seed essays


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, text: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        status, body = fetch(url)
        if status == 200 and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show {text!r} within {TIMEOUT} s")


def test_serve_shows_an_edited_essay_after_rebuilding(project):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.config), "-a", f"127.0.0.1:{port}"],
        cwd=project.root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "essays/this-is-my-jam/", "This is my jam", server)
        essay = project.essay("this-is-my-jam")
        essay.write_text(essay.read_text(encoding="utf-8").replace("title: This is my jam",
                                                                   "title: Problem solving is my jam"),
                         encoding="utf-8")
        wait_for(base + "essays/this-is-my-jam/", "Problem solving is my jam", server)
        # The rebuilt site is whole: the prompt page lists the new title, its links lead to
        # pages, and the search bundle was written again.
        prompt = wait_for(base + "prompts/what-keeps-you-going/", "Problem solving is my jam", server)
        assert 'href="../../essays/this-is-my-jam/"' in prompt
        assert fetch(base + "essays/this-is-my-jam/")[1].count("Problem solving is my jam") >= 2
        assert fetch(base + "pagefind/pagefind-entry.json")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
