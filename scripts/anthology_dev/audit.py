"""`make audit`: Lighthouse (mobile defaults) against the built site, served with gzip.

A benchmark, not a test: scores move with the machine's load. It prints one JSON object per
page with the four category scores and, for essays, the bytes a first visit transfers, each
target beside its figure.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from .static_server import SiteServer

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PERFECT = {"accessibility": 100, "best-practices": 100, "seo": 100}
PERFORMANCE = {"home": 95, "essay": 95, "prompt": 90, "search": 90}  # prompt: ours, no one set it
ESSAY_TRANSFER_LIMIT = 150_000  # bytes on a first visit, gzip


def pages(catalog: dict) -> list[tuple[str, str]]:
    """(kind, address): home, the first prompt, search, and every essay."""
    listed = [("home", ""), ("prompt", catalog["prompts"][0]["url"]), ("search", "search/?q=support")]
    return listed + [("essay", essay["url"]) for essay in catalog["essays"]]


def run(site: Path, lighthouse: Path, chrome: str) -> list[dict]:
    catalog = json.loads((site / "anthology.json").read_text(encoding="utf-8"))
    server = SiteServer(site, compress=True)
    try:
        return [measure(kind, address, server.url + address, lighthouse, chrome)
                for kind, address in pages(catalog)]
    finally:
        server.stop()


def measure(kind: str, address: str, url: str, lighthouse: Path, chrome: str) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
    result = subprocess.run(
        [str(lighthouse), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": chrome})
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    shown = {"page": kind, "address": "/" + address, "scores": scores, "targets": {}}
    for name, limit in {**PERFECT, "performance": PERFORMANCE[kind]}.items():
        shown["targets"][name] = {"value": scores[name], "at_least": limit, "holds": scores[name] >= limit}
    failing = [audit["title"] for audit in report["audits"].values()
               if audit.get("scoreDisplayMode") == "binary" and audit.get("score") is not None
               and audit["score"] < 1]
    if failing:
        shown["failing_audits"] = failing
    if kind == "essay":
        transferred = int(report["audits"]["total-byte-weight"]["numericValue"])
        shown["first_visit_bytes"] = transferred
        shown["targets"]["first_visit_bytes"] = {"value": transferred, "at_most": ESSAY_TRANSFER_LIMIT,
                                                 "holds": transferred <= ESSAY_TRANSFER_LIMIT}
    return shown
