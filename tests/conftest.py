"""Shared fixtures: the real site built once, and small anthologies in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from anthology_dev.sandbox import project_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # raw scrapes of the founding essays

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The builder the suite builds and serves with: the Makefile's BUILDER (mkdocs, or properdocs).
BUILDER = os.environ.get("ANTHOLOGY_BUILDER", "mkdocs")


def builder(*args: str) -> list[str]:
    """The command line that runs the builder (`mkdocs` or `properdocs`) with these arguments."""
    return [sys.executable, "-m", BUILDER, *args]


def run_mkdocs_build(config: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        builder("build", "--strict", "-f", str(config), "-d", str(site_dir)),
        capture_output=True, text=True, env={**ENV, **env}, cwd=config.parent,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real anthology, built with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    before = docs_snapshot(ROOT / "docs")
    result = run_mkdocs_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    # The build must never write into docs/: generated pages stay virtual.
    assert docs_snapshot(ROOT / "docs") == before
    return out


def docs_snapshot(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


class Project:
    """A throwaway copy of the anthology: the real config, templates and hooks, own docs/."""

    def __init__(self, folder: Path):
        self.root = folder
        self.docs = folder / "docs"
        shutil.copytree(ROOT / "docs", self.docs)
        self.config = project_config(ROOT, folder)

    def essay(self, slug: str) -> Path:
        return self.docs / "essays" / f"{slug}.md"

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def snapshot(self) -> dict[str, bytes]:
        return docs_snapshot(self.docs)

    def build(self, site_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess:
        return run_mkdocs_build(self.config, site_dir or self.root / "site", **env)


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "anthology")


# --- the browser ------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # make install-test
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"  # for a person to look at


def require(condition: bool, reason: str) -> None:
    """Skip with the reason outside CI; under CI=true a missing tool fails the run instead."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright: one for the whole session."""
    require(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield launched
        launched.close()
