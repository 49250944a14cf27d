"""Ready for the toolchain's end: ProperDocs, the maintained fork of MkDocs 1.x, builds this site.

The real site is built as the deploy workflow builds it (site and repository addresses, the
commit's date) once with MkDocs and once with ProperDocs, and the two are compared file by file
with `python -m anthology_dev compare`: the same paths, the same bytes, search fragments and index included; only
Pagefind's filters, meta and entry files are set aside (they differ between any two builds, see
anthology_dev.compare). One line differs, by design, on every HTML page: the generator tag
names the builder. ProperDocs hands the theme `mkdocs_version = "ProperDocs 1.6.7"`, so Material's
tag (kept as is in overrides/base.html) reads "mkdocs-ProperDocs 1.6.7". It is set aside here,
tag by tag, and nothing else.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from anthology_dev.compare import compare_sites
from conftest import ENV, ROOT, docs_snapshot, require

DEPLOY = {"ANTHOLOGY_SITE_URL": "https://anthology.example.org/",
          "ANTHOLOGY_REPO_URL": "https://github.com/example/anthology",
          "SOURCE_DATE_EPOCH": "1796515200"}  # fixed: the sitemap's dates and the gzip's time follow it
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def build(builder: str, site: Path) -> None:
    before = docs_snapshot(ROOT / "docs")
    result = subprocess.run([sys.executable, "-m", builder, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
                            capture_output=True, text=True, env={**ENV, **DEPLOY}, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert docs_snapshot(ROOT / "docs") == before


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The real site built by MkDocs and by ProperDocs, as the deploy workflow builds it."""
    require(importlib.util.find_spec("properdocs") is not None,
            "ProperDocs is not installed: make install-test (requirements-test.txt pins it)")
    folder = tmp_path_factory.mktemp("toolchain")
    build("mkdocs", folder / "mkdocs")
    build("properdocs", folder / "properdocs")
    return folder / "mkdocs", folder / "properdocs"


def generators(page: bytes) -> list[bytes]:
    return GENERATOR.findall(page)


def test_properdocs_builds_the_same_site_page_for_page(builds):
    mkdocs_site, properdocs_site = builds
    # Every kind of output is there to compare: pages, feeds, the catalog, the sitemap, ebooks.
    for path in ("index.html", "essays/this-is-my-jam/index.html", "feed.xml", "feed.json", "anthology.json",
                 "sitemap.xml", "sitemap.xml.gz", "editions/anthology.epub", "print/index.html",
                 "pagefind/pagefind.js"):
        assert (mkdocs_site / path).is_file() and (properdocs_site / path).is_file(), path
    assert b"<loc>https://anthology.example.org/essays/this-is-my-jam/</loc>" in (mkdocs_site / "sitemap.xml").read_bytes()
    differences = compare_sites(mkdocs_site, properdocs_site)
    pages = sorted(p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*.html"))
    # Same paths on both sides; only HTML pages differ, and each of them only in its generator tag.
    assert [(d.path, d.what) for d in differences] == [(page, "differs") for page in pages], \
        "\n".join(map(str, differences))
    material = version("mkdocs-material")
    for page in pages:
        by_mkdocs, by_properdocs = (mkdocs_site / page).read_bytes(), (properdocs_site / page).read_bytes()
        assert generators(by_mkdocs) == [f"mkdocs-{version('mkdocs')}, mkdocs-material-{material}".encode()], page
        assert generators(by_properdocs) == [
            f"mkdocs-ProperDocs {version('properdocs')}, mkdocs-material-{material}".encode()], page
        assert GENERATOR.sub(b"", by_mkdocs) == GENERATOR.sub(b"", by_properdocs), page
