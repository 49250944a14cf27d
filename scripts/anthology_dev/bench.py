"""The benchmark behind `make bench`: the project's build against the floor, at N essays.

For each N and shape it writes a synthetic anthology (N essays of about 800 words, a fixed
seed) into a temporary folder, then builds (a) the project and (b) the floor — bare Material
with the same essays and a one-entry nav, Material's search included — alternating a, b, a, b
so that drift on a noisy machine falls on both, on every CPU and then on one (`taskset -c 0`,
where there is taskset); after each pair it times `make check` on the project's essays, which
check reads as the build does. It prints one JSON object per N and shape. Nothing here is a test:
CI times nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .sandbox import project_config

WORDS = 800
# Two shapes: (prompts, authors); None: N/4 authors. "few-lists" makes few, long list pages.
SHAPES = {"many-lists": (20, None), "few-lists": (4, 5)}
# The scale targets (ARCHITECTURE.md, Measurements), shown beside the figures (decimal units:
# the stricter reading).
RATIO_LIMIT = 2.0  # project/floor build time at 1,000 essays, every CPU (issue #27)
ONE_CPU_RATIO_LIMIT = 2.6  # the same on one CPU
CHECK_RATIO_LIMIT = 0.5  # `make check` against the project's build, at 1,000 essays
ESSAY_PAGE_LIMIT = 30_000  # bytes of HTML per essay page
GENERATED_PAGE_LIMIT = 500_000  # bytes, any generated page but the printable edition, at 5,000
SEARCH_LIMIT = 1_000_000  # bytes fetched before the first search result, at 1,000
LINEAR_LIMIT = 11  # t(5,000) / t(500)
TAGS = [f"topic {i}" for i in range(40)]
VOCABULARY = (
    "customer support ticket reply help team empathy problem solve listen answer question "
    "product bug user learn career challenge day month care patience queue chat email call "
    "thanks happy frustrated document process improve share community write every because "
    "when then after before often always never should could would people work time first "
    "the a an of to in and or but with for on at by from as is was are were be this that"
).split()


FLOOR_CONFIG = """site_name: Floor
theme:
  name: material
nav:
  - Home: index.md
validation:
  nav:
    omitted_files: ignore
"""


def write_anthology(docs: Path, n: int, shape: str = "many-lists", seed: int = 2017) -> None:
    """N synthetic essays with their registries, deterministic for a given seed."""
    rng = random.Random(seed)
    prompt_count, author_count = SHAPES[shape]
    (docs / "essays").mkdir(parents=True)
    (docs / "registry").mkdir()
    prompts = [{"id": f"prompt-{i + 1}", "challenge": "bench", "order": i + 1, "number": i + 1,
                "title": f"Prompt {i + 1}", "question": f"What is question {i + 1}?", "wording": "original"}
               for i in range(prompt_count)]
    authors = [{"id": f"author-{i + 1}", "display_name": f"Author {i + 1}", "name_known": True}
               for i in range(author_count or max(1, n // 4))]
    challenge = {"id": "bench", "title": "Benchmark challenge", "organiser": "Bench", "started": "2017-05"}
    _dump(docs / "registry" / "prompts.yml", {"challenges": [challenge], "prompts": prompts})
    _dump(docs / "registry" / "authors.yml", {"authors": authors})
    for i in range(n):
        front = {"title": f"Essay {i + 1}: " + " ".join(rng.choices(VOCABULARY, k=4)),
                 "author": authors[i % len(authors)]["id"], "prompt": prompts[i % prompt_count]["id"],
                 "date": f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}", "tags": rng.sample(TAGS, 2),
                 "summary": " ".join(rng.choices(VOCABULARY, k=20)) + "."}
        (docs / "essays" / f"essay-{i + 1}.md").write_text(
            "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n\n" + _body(rng), encoding="utf-8")


def _body(rng: random.Random) -> str:
    paragraphs, left = [], WORDS
    while left > 0:
        size = min(left, rng.randint(60, 140))
        words = rng.choices(VOCABULARY, k=size)
        paragraphs.append(" ".join(words).capitalize() + ".")
        left -= size
    paragraphs.insert(3, "## " + " ".join(rng.choices(VOCABULARY, k=4)).capitalize())
    return "\n\n".join(paragraphs) + "\n"


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def make_sites(root: Path, folder: Path, n: int, shape: str = "many-lists") -> tuple[Path, Path]:
    """The project and the floor, each with its own copy of the same essays."""
    project, floor = folder / "project", folder / "floor"
    for target in (project, floor):
        target.mkdir(parents=True)
    write_anthology(project / "docs", n, shape)
    shutil.copytree(project / "docs" / "essays", floor / "docs" / "essays")
    (floor / "docs" / "index.md").write_text("# Floor\n", encoding="utf-8")
    (floor / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    return project_config(root, project), floor / "mkdocs.yml"


def timed_build(config: Path, site: Path, one_cpu: bool = False) -> tuple[float, int, float]:
    """Wall seconds, peak resident memory (MB) and CPU seconds (user and system, Pagefind's
    included) of one `mkdocs build`. On a machine shared with other work, the CPU seconds move
    less than the wall seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    if one_cpu:
        command = ["taskset", "-c", "0", *command]
    # stderr to a file, not a pipe: nobody reads a pipe until the build ends, and a build that
    # writes more than the pipe holds would wait for ever.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=subprocess.DEVNULL,
                                   stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            raise RuntimeError(f"build of {config} failed:\n{errors.read().decode()}")
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def timed_check(config: Path, one_cpu: bool = False) -> float:
    """Wall seconds of one `make check` (python -m anthology check) on the anthology of `config`."""
    command = [sys.executable, "-m", "anthology", "check"]
    if one_cpu:
        command = ["taskset", "-c", "0", *command]
    start = time.perf_counter()
    checked = subprocess.run(command, cwd=config.parent, capture_output=True, text=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - start
    if checked.returncode != 0:
        raise RuntimeError(f"check of {config.parent} failed:\n{checked.stdout}{checked.stderr}")
    return seconds


def html_sizes(site: Path) -> dict:
    pages = {p: p.stat().st_size for p in site.rglob("*.html")}
    essays = [size for p, size in pages.items() if p.parent.parent.name == "essays"]
    # The printable editions hold every essay (the site's) or every essay of a challenge (each
    # challenge's print/) by design: they are reported on their own.
    printable = site / "print" / "index.html"
    others = {p: size for p, size in pages.items() if p.parent.name != "print"}
    largest = max(others, key=others.get)
    sizes = {
        "html_bytes": sum(pages.values()),
        "essay_page_bytes_mean": round(statistics.mean(essays)),
        "essay_page_bytes_max": max(essays),
        "largest_page_bytes": others[largest],
        "largest_page": str(largest.relative_to(site)),
    }
    if printable in pages:
        sizes["printable_edition_bytes"] = pages[printable]
        sizes["challenge_printable_edition_bytes_max"] = max(
            (size for p, size in pages.items() if p.parent.name == "print" and p != printable), default=0)
    return sizes


def editions_cost(docs: Path, site: Path, repeats: int, build_seconds: float) -> dict:
    """The ebooks' part of a build: seconds to make every volume from essays already rendered,
    as the plugin does (median of `repeats`, in this process), their share of the project's
    build, and the size of each volume the build published."""
    from anthology.catalog.assembly import load_catalog
    from anthology.files.tree import Sources
    from anthology.outputs.editions.ebook import Imprint, build_ebooks

    catalog = load_catalog(Sources(docs_dir=docs, shown_root=docs.parent))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        build_ebooks(catalog, Imprint("Bench", "", ""), docs / "images")
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    return {"seconds": round(seconds, 2), "share_of_project_build": round(seconds / build_seconds, 3),
            "bytes": {path.name: path.stat().st_size for path in sorted((site / "editions").glob("*.epub"))}}


def can_use_one_cpu() -> bool:
    return shutil.which("taskset") is not None


def run(root: Path, n: int, shape: str = "many-lists", repeats: int = 5, measure_search=None,
        one_cpu: bool = True) -> dict:
    """The project against the floor at N essays of one shape, on every CPU and on one."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        folder = Path(tmp)
        project, floor = make_sites(root, folder, n, shape)
        result = {"date": dt.datetime.now(dt.timezone.utc).date().isoformat(), "n": n, "shape": shape,
                  "prompts": SHAPES[shape][0], "authors": SHAPES[shape][1] or max(1, n // 4)}
        result["every_cpu"] = _timed(project, floor, folder, repeats, one_cpu=False)
        if one_cpu and can_use_one_cpu():
            result["one_cpu"] = _timed(project, floor, folder, repeats, one_cpu=True)
        result["project"] = html_sizes(folder / "site-project")
        result["floor"] = html_sizes(folder / "site-floor")
        result["editions"] = editions_cost(folder / "project" / "docs", folder / "site-project", repeats,
                                           result["every_cpu"]["project_seconds"])
        if measure_search is not None:
            result["search_bytes_before_first_result"] = measure_search(
                folder / "site-project", folder / "site-floor")
        result["targets"] = targets(result)
        return result


def _timed(project: Path, floor: Path, folder: Path, repeats: int, one_cpu: bool) -> dict:
    times: dict[str, list[float]] = {"project": [], "floor": [], "check": []}
    cpu: dict[str, list[float]] = {"project": [], "floor": []}
    memory: dict[str, int] = {"project": 0, "floor": 0}
    for _ in range(repeats):
        for name, config in (("project", project), ("floor", floor)):
            seconds, mb, cpu_seconds = timed_build(config, folder / f"site-{name}", one_cpu=one_cpu)
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
            memory[name] = max(memory[name], mb)
        times["check"].append(timed_check(project, one_cpu=one_cpu))
    a, b, c = (statistics.median(times[name]) for name in ("project", "floor", "check"))
    cpu_a, cpu_b = (statistics.median(cpu[name]) for name in ("project", "floor"))
    return {
        "project_seconds": round(a, 2),
        "floor_seconds": round(b, 2),
        "ratio": round(a / b, 3),
        "check_seconds": round(c, 2),
        "check_over_build": round(c / a, 3),  # `make check` against the project's build
        # Each a/b pair was built back to back: their ratios show this run's spread.
        "ratio_per_pair": [round(x / y, 3) for x, y in zip(times["project"], times["floor"])],
        "project_cpu_seconds": round(cpu_a, 2),
        "floor_cpu_seconds": round(cpu_b, 2),
        "cpu_ratio": round(cpu_a / cpu_b, 3),
        "project_peak_mb": memory["project"],
        "floor_peak_mb": memory["floor"],
    }


def _target(value, limit) -> dict:
    return {"value": value, "limit": limit, "holds": value <= limit}


def targets(result: dict) -> dict:
    """Each target against this run's figures (the ratios are set at 1,000; shown at every N)."""
    shown = {
        "ratio_every_cpu": _target(result["every_cpu"]["ratio"], RATIO_LIMIT),
        "check_over_build": _target(result["every_cpu"]["check_over_build"], CHECK_RATIO_LIMIT),
        "essay_page_bytes": _target(result["project"]["essay_page_bytes_max"], ESSAY_PAGE_LIMIT),
        "largest_generated_page_bytes": _target(result["project"]["largest_page_bytes"], GENERATED_PAGE_LIMIT),
    }
    if "one_cpu" in result:
        shown["ratio_one_cpu"] = _target(result["one_cpu"]["ratio"], ONE_CPU_RATIO_LIMIT)
    if "search_bytes_before_first_result" in result:
        shown["search_bytes"] = _target(result["search_bytes_before_first_result"]["project"], SEARCH_LIMIT)
    return shown


def linearity(results: list[dict]) -> list[dict]:
    """t(5,000) / t(500) for the project on every CPU, for each shape where both were built."""
    shown = []
    for shape in dict.fromkeys(r["shape"] for r in results):
        seconds = {r["n"]: r["every_cpu"]["project_seconds"] for r in results if r["shape"] == shape}
        if 500 in seconds and 5000 in seconds:
            shown.append({"shape": shape, "linear_t5000_over_t500":
                          _target(round(seconds[5000] / seconds[500], 2), LINEAR_LIMIT)})
    return shown


def search_bytes(project_site: Path, floor_site: Path, query: str = "customer") -> dict:
    """Bytes a browser fetches, from opening a page to seeing the first search result."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            return {
                "project": _fetched(browser, project_site, lambda tab, url: (
                    tab.goto(url + f"search/?q={query}"),
                    tab.locator(".pagefind-ui__result-link").first.wait_for())),
                "floor": _fetched(browser, floor_site, lambda tab, url: (
                    tab.goto(url),
                    tab.locator("input.md-search__input").click(),
                    tab.locator("input.md-search__input").fill(query),
                    tab.locator(".md-search-result__item").first.wait_for(timeout=60_000))),
            }
        finally:
            browser.close()


def _fetched(browser, site: Path, journey) -> int:
    from playwright.sync_api import Error as PlaywrightError

    from .static_server import SiteServer

    server = SiteServer(site)
    context = browser.new_context()
    tab = context.new_page()
    sizes: list[int] = []

    def count(response):
        try:
            sizes.append(len(response.body()))
        except PlaywrightError:  # a response without a body (redirect, aborted): nothing fetched
            pass

    tab.on("response", count)
    try:
        journey(tab, server.url)
        tab.wait_for_timeout(200)
        return sum(sizes)
    finally:
        context.close()
        server.stop()


def table(results: list[dict]) -> str:
    """The runs' seconds as a Markdown table, one row per N and shape (medians, project / floor)."""
    rows = ["| shape | N | every CPU, s | ratio | make check, s | one CPU, s | ratio |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        cells = [r["shape"], f"{r['n']:,}"]
        for mode in ("every_cpu", "one_cpu"):
            timed = r.get(mode)
            if timed is None:  # not built on one CPU (no taskset, or --no-one-cpu)
                cells += ["–", "–"]
                continue
            cells += [f"{timed['project_seconds']:.2f} / {timed['floor_seconds']:.2f}", f"{timed['ratio']:.2f}"]
            if mode == "every_cpu":
                cells.append(f"{timed['check_seconds']:.2f}")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"
