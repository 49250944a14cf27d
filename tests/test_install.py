"""What `make install` puts in the virtual environment: building and previewing, nothing else."""

from __future__ import annotations

from importlib.metadata import distribution

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

PLOTTING = {"matplotlib", "numpy", "plotly", "bokeh", "seaborn", "altair", "pygal"}


def requirements(name: str) -> list[Requirement]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in (line.split("#")[0].strip() for line in lines) if line]


def installed_with(name: str) -> set[str]:
    """Every distribution pip installs for the requirements file `name`: the file's own and
    theirs, read from the metadata of what is installed here."""
    seen: set[str] = set()
    todo = [(r, frozenset(r.extras)) for r in requirements(name)]
    while todo:
        requirement, extras = todo.pop()
        key = canonicalize_name(requirement.name)
        if key in seen:
            continue
        seen.add(key)
        for dependency in map(Requirement, distribution(key).requires or []):
            wanted = dependency.marker is None or any(
                dependency.marker.evaluate({"extra": extra}) for extra in extras | {""})
            if wanted:
                todo.append((dependency, frozenset(dependency.extras)))
    return seen


def test_the_preview_installs_no_plotting_library_and_nothing_only_import_needs():
    preview = installed_with("requirements.txt")
    assert {"mkdocs", "mkdocs-material", "pillow", "lxml", "pagefind-bin"} <= preview
    # Pagefind's extended binary (57 MB against the plain one's 10) is for the built site only.
    assert "pagefind-bin-extended" not in preview
    assert "pagefind-bin-extended" in installed_with("requirements-search.txt")
    assert preview.isdisjoint(PLOTTING), preview & PLOTTING
    only_import = {canonicalize_name(r.name) for r in requirements("requirements-import.txt")}
    assert only_import == {"trafilatura", "lxml-html-clean", "markdownify", "beautifulsoup4", "urllib3", "webencodings"}
    # urllib3 comes with Material (requests) too, webencodings with tinycss2; each is pinned with
    # make import, which uses it (a fetch, a page's declared charset).
    assert preview & only_import == {"urllib3", "webencodings"}, preview & only_import
    assert "fonttools" not in preview  # the cover reads its typeface with Pillow; fontTools checks it in a test
