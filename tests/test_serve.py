"""`make serve` as a writer uses it: the site is served, and an edited essay shows up on reload.

A rebuild in `mkdocs serve` runs the hooks again in the same process; nothing rendered for the
previous build (shared navigation, cards, the search bundle) may leak into the next one.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request

from conftest import ENV, builder

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


def serve(project, port: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        builder("serve", "-f", str(project.config), "-a", f"127.0.0.1:{port}"),
        cwd=project.root, env=ENV, stdout=log, stderr=subprocess.STDOUT, text=True,
    )


def test_serve_shows_an_edited_essay_after_rebuilding(project):
    port = free_port()
    server = serve(project, port, subprocess.PIPE)
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
        # The ebooks are `mkdocs build`'s: a preview neither makes nor links them.
        assert fetch(base + "editions/anthology.epub")[0] == 404
        assert ".epub" not in wait_for(base + "about/", "About the anthology", server)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_keeps_answering_with_a_broken_essay_and_shows_its_problems(project, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = serve(project, port, log)
    base = f"http://127.0.0.1:{port}/"
    essay = project.essay("this-is-my-jam")
    good = essay.read_text(encoding="utf-8")
    try:
        wait_for(base + "essays/this-is-my-jam/", "This is my jam", server)
        essay.write_text(good.replace("author: amy-breedonjay", "author: amy-nobody")
                         .replace("title: This is my jam", "title: <b>This is my jam</b>"), encoding="utf-8")
        project.write("essays/sub/stray.md", "# Stray\n\n<script>alert(1)</script>\n")
        saved = time.monotonic()
        # Within a couple of seconds of saving, every page says what is wrong, at file and line ...
        home = wait_for(base, "docs/essays/this-is-my-jam.md:3: author: unknown author id", server)
        assert time.monotonic() - saved < 15
        for expected in ("docs/essays/this-is-my-jam.md:2: title: must be plain text: &#39;&lt;b&gt;&#39;",
                         "docs/essays/sub/stray.md: is not where essays go"):
            assert expected in home, home
        # ... the broken essay's own address shows its problems, the other essays still build,
        # and the stray file is not published: its address too shows only its problems.
        page = wait_for(base + "essays/this-is-my-jam/", "This essay has problems to fix", server)
        assert "unknown author id &#39;amy-nobody&#39;" in page
        assert "Problem solving is my jam" not in page
        assert fetch(base + "essays/support-the-movie/")[0] == 200
        stray = fetch(base + "essays/sub/stray/")[1]
        assert "is not where essays go" in stray and "alert(1)" not in stray
        # Fixed and saved: the essay is back, the banner gone.
        essay.write_text(good, encoding="utf-8")
        (project.docs / "essays" / "sub" / "stray.md").unlink()
        (project.docs / "essays" / "sub").rmdir()
        page = wait_for(base + "essays/this-is-my-jam/", "problem solving is my jam", server)
        assert "problems to fix" not in page
        # A registry that cannot be read: every essay waits on it, and says so at its address.
        authors = project.docs / "registry" / "authors.yml"
        registry = authors.read_text(encoding="utf-8")
        authors.write_text(registry + "\n  - id: [broken\n", encoding="utf-8")
        page = wait_for(base + "essays/support-the-movie/", "This essay has problems to fix", server)
        assert "docs/registry/authors.yml:" in page and "Liam Neeson" not in page
        authors.write_text(registry, encoding="utf-8")
        wait_for(base + "essays/support-the-movie/", "Liam Neeson", server)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    # A build and `make check` still stop on the same problems.
    essay.write_text(good.replace("author: amy-breedonjay", "author: amy-nobody"), encoding="utf-8")
    result = project.build()
    assert result.returncode != 0 and "docs/essays/this-is-my-jam.md:3: author: unknown author id" in result.stderr


def test_the_open_page_reloads_itself_after_each_save(project, browser, tmp_path):
    """The writer's loop: the essay is open in the preview; each save shows up in the same tab,
    the test never reloading it: an edit, then the problem page of a broken essay, then the
    essay again once fixed. MkDocs' live-reload script runs under the preview's policy."""
    from playwright.sync_api import expect

    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = serve(project, port, log)
    url = f"http://127.0.0.1:{port}/essays/this-is-my-jam/"
    essay = project.essay("this-is-my-jam")
    good = essay.read_text(encoding="utf-8")
    context = browser.new_context()
    try:
        wait_for(url, "This is my jam", server)
        preview = fetch(url)[1]
        assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline';" in preview
        tab = context.new_page()
        console: list[str] = []
        tab.on("console", lambda message: console.append(message.text))
        tab.goto(url)
        heading = tab.locator("h1")
        expect(heading).to_have_text("This is my jam")
        # MkDocs' script says so once it runs; the policy blocked it before (Chromium: "Refused
        # to execute inline script").
        for _ in range(100):
            if "Enabled live reload" in console:
                break
            tab.wait_for_timeout(100)
        assert "Enabled live reload" in console, console
        assert not any("Content Security Policy" in line for line in console), console

        essay.write_text(good.replace("title: This is my jam", "title: Problem solving is my jam"), encoding="utf-8")
        expect(heading).to_have_text("Problem solving is my jam", timeout=TIMEOUT * 1000)

        essay.write_text(good.replace("prompt: what-keeps-you-going", "prompt: what-keeps-you-gong"),
                         encoding="utf-8")
        expect(heading).to_have_text("This essay has problems to fix", timeout=TIMEOUT * 1000)
        expect(tab.locator("article")).to_contain_text("unknown prompt id 'what-keeps-you-gong'")

        essay.write_text(good, encoding="utf-8")
        expect(heading).to_have_text("This is my jam", timeout=TIMEOUT * 1000)
        assert tab.url == url
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=10)
        log.close()
