"""`make audit`: Lighthouse (mobile defaults: a throttled phone) against the built site.

A benchmark, not a test: scores move with the machine's load, so each page is measured several
times and the median is shown. Every page is measured served as it is and served with gzip (as
GitHub Pages serves it). It prints one JSON object per page and serving: the medians of the four
category scores and of the performance metrics, what cost points (render-blocking requests, long
tasks, failing audits), for essays the bytes a first visit transfers, each target beside its
figure, and the machine's load average before and after the page's runs. Each page is printed as
soon as it is measured.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Iterator
from pathlib import Path

from .static_server import SiteServer

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PERFECT = {"accessibility": 100, "best-practices": 100, "seo": 100}
PERFORMANCE = {"home": 98, "essay": 98, "prompt": 95, "search": 98}  # prompt: ours, no one set it
ESSAY_TRANSFER_LIMIT = 150_000  # bytes on a first visit, gzip
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")
SERVINGS = {"plain": False, "gzip": True}
KINDS = ("home", "prompt", "search", "essay")


def pages(catalog: dict, kinds=KINDS) -> list[tuple[str, str]]:
    """(kind, address): home, the first prompt, search, and every essay, as `kinds` asks."""
    listed = [("home", ""), ("prompt", catalog["prompts"][0]["url"]), ("search", "search/?q=support")]
    listed += [("essay", essay["url"]) for essay in catalog["essays"]]
    return [(kind, address) for kind, address in listed if kind in kinds]


def run(site: Path, lighthouse: Path, chrome: str, runs: int = 3, kinds=KINDS,
        servings=tuple(SERVINGS)) -> Iterator[dict]:
    """Each page, each serving: `runs` Lighthouse reports summed up by `summary`."""
    catalog = json.loads((site / "anthology.json").read_text(encoding="utf-8"))
    for serving in servings:
        server = SiteServer(site, compress=SERVINGS[serving])
        try:
            for kind, address in pages(catalog, kinds):
                load = [os.getloadavg()[0]]
                reports = [lighthouse_report(server.url + address, lighthouse, chrome) for _ in range(runs)]
                load.append(os.getloadavg()[0])
                # Scores fall as other work loads the machine: the figures say how loaded it was.
                yield {**summary(kind, address, serving, reports), "load_average": [round(x, 2) for x in load]}
        finally:
            server.stop()


def lighthouse_report(url: str, lighthouse: Path, chrome: str) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
    result = subprocess.run(
        [str(lighthouse), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": chrome})
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def summary(kind: str, address: str, serving: str, reports: list[dict]) -> dict:
    """Medians over the runs, what cost points in the median run, and the targets."""
    runs = [{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
            for report in reports]
    scores = {name: statistics.median_low([scores[name] for scores in runs]) for name in CATEGORIES}
    shown = {"page": kind, "address": "/" + address, "served": serving, "runs": len(reports),
             "scores": scores, "performance_each_run": [scores["performance"] for scores in runs],
             "metrics": {name: round(statistics.median(report["audits"][name]["numericValue"] for report in reports), 3)
                         for name in METRICS}}
    typical = next(report for report, each in zip(reports, runs) if each["performance"] == scores["performance"])
    shown.update(costs(typical))
    targets = {name: {"value": scores[name], "at_least": limit, "holds": scores[name] >= limit}
               for name, limit in {**PERFECT, "performance": PERFORMANCE[kind]}.items()}
    if kind == "essay" and serving == "gzip":
        transferred = int(typical["audits"]["total-byte-weight"]["numericValue"])
        shown["first_visit_bytes"] = transferred
        targets["first_visit_bytes"] = {"value": transferred, "at_most": ESSAY_TRANSFER_LIMIT,
                                        "holds": transferred <= ESSAY_TRANSFER_LIMIT}
    shown["targets"] = targets
    return shown


def costs(report: dict) -> dict:
    """What one report says cost: render-blocking requests, long tasks, failing binary audits."""
    audits = report["audits"]
    found = {}
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    if blocking:
        found["render_blocking"] = {item["url"].split("/", 3)[-1]: round(item.get("wastedMs", 0)) for item in blocking}
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    if tasks:
        found["long_tasks_ms"] = [round(item["duration"]) for item in tasks]
    lcp = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    for table in lcp[:1]:
        found["lcp_element"] = [row.get("node", {}).get("snippet", "")[:120] for row in table.get("items", [])][:1]
    # Lighthouse 12.2's trace engine fails on some Chromium versions for these: say so, not "nothing".
    unmeasured = [name for name in ("render-blocking-resources", "largest-contentful-paint-element", "layout-shifts")
                  if audits.get(name, {}).get("scoreDisplayMode") == "error"]
    if unmeasured:
        found["not_measured"] = unmeasured
    failing = [audit["title"] for audit in audits.values()
               if audit.get("scoreDisplayMode") == "binary" and audit.get("score") is not None
               and audit["score"] < 1]
    if failing:
        found["failing_audits"] = failing
    return found
