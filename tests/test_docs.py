"""The contributor's documentation cannot drift from the schema, the Makefile or CI."""

from __future__ import annotations

import re

import yaml

from anthology.rules.schema import EssayFrontMatter
from conftest import ROOT


def reference_section(path) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    return text.split("## Front matter reference", 1)[1].split("\n## ", 1)[0]


def documented_fields(path) -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)` \|", reference_section(path), re.MULTILINE))


def required_in_table(path) -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)` \| yes \|", reference_section(path), re.MULTILINE))


def test_every_front_matter_field_is_documented():
    fields = set(EssayFrontMatter.model_fields)
    required = {name for name, field in EssayFrontMatter.model_fields.items() if field.is_required()}
    for doc in ("CONTRIBUTING.md", "README.md"):
        assert documented_fields(doc) == fields, doc
        assert required_in_table(doc) == required, doc


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def test_readme_and_guide_name_only_existing_make_targets():
    targets = make_targets()
    assert {"serve", "test", "build", "check", "new", "import", "clean"} <= targets
    for doc in ("README.md", "CONTRIBUTING.md"):
        used = set(re.findall(r"`make ([a-z][\w-]*)", (ROOT / doc).read_text()))
        assert used and used <= targets, (doc, used - targets)


def test_workflows_are_valid_and_call_existing_targets():
    targets = make_targets()
    for name in ("ci.yml", "deploy.yml", "essay-issue.yml"):
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
        assert workflow["jobs"], name
        runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
        called = {t for run in runs for t in re.findall(r"\bmake ([a-z][\w-]*)", run)}
        assert called and called <= targets, (name, called)
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    ci_runs = " ".join(step.get("run", "") for job in ci["jobs"].values() for step in job["steps"])
    assert "make check FORMAT=github" in ci_runs and "make test" in ci_runs
    assert "pull_request" in ci[True]  # PyYAML reads the key `on` as True


def test_deploy_uses_the_official_pages_actions():
    text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in text


def test_pull_request_template_has_the_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text().lower()
    for item in ("permission", "original", "make check"):
        assert item in text


def test_every_pull_request_gets_its_built_site_as_a_preview():
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    steps = [step for job in ci["jobs"].values() for step in job["steps"]]
    runs = [step.get("run", "") for step in steps]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    # After `make test`, which builds the site into site/; for pull requests, even when a test failed.
    assert steps.index(upload) > next(i for i, run in enumerate(runs) if "make test" in run)
    assert upload["with"]["path"] == "site" and "pull_request" in upload["if"] and "always()" in upload["if"]
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    assert upload["with"]["name"] in template
    assert "--site-dir site" in (ROOT / "Makefile").read_text()
