"""The contributor's documentation cannot drift from the schema, the Makefile or CI."""

from __future__ import annotations

import re

import cmarkgfm
import markupever
import pytest
import yaml

from anthology.rules.schema import EssayFrontMatter
from conftest import ROOT


DOCS = ("README.md", "CONTRIBUTING.md", "MAINTAINING.md", "ARCHITECTURE.md")
ROW = re.compile(r"^\| `([a-z_]+)` \| (yes|no) \| (.*) \|$", re.MULTILINE)


def reference_rows(path) -> list[tuple[str, str, str]]:
    """The front-matter table's rows: (field, "yes" or "no", meaning)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    section = text.split("## Front matter reference", 1)[1].split("\n## ", 1)[0]
    return ROW.findall(section)


def test_the_front_matter_table_is_the_schema_word_for_word():
    # One row per field, in the schema's order: its name, whether it is required, and the
    # schema's own description (which essay.schema.json publishes), word for word.
    schema = [(name, "yes" if field.is_required() else "no", field.description)
              for name, field in EssayFrontMatter.model_fields.items()]
    assert reference_rows("CONTRIBUTING.md") == schema


def test_the_front_matter_table_is_in_one_place():
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert ("| `title_by_editors` |" in text) == (doc == "CONTRIBUTING.md"), doc


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def test_the_docs_name_only_existing_make_targets():
    targets = make_targets()
    assert {"serve", "test", "build", "check", "new", "import", "clean"} <= targets
    for doc in DOCS:
        used = set(re.findall(r"`make ([a-z][\w-]*)", (ROOT / doc).read_text(encoding="utf-8")))
        assert used and used <= targets, (doc, used - targets)


LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+).+?\1")


def anchors(path) -> set[str]:
    """The addresses GitHub gives a document's headings (lowercased, punctuation dropped)."""
    text = FENCED.sub("", (ROOT / path).read_text(encoding="utf-8"))
    headings = re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def test_links_between_the_docs_lead_somewhere():
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "../shared" not in text, doc
        for target in LINK.findall(CODE_SPAN.sub("", FENCED.sub("", text))):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, part = target.partition("#")
            # The guide is also published on the site (the form's page and the writer's guide):
            # a file of the repository is no page there, so it links only within itself.
            assert not (path and doc == "CONTRIBUTING.md"), target
            assert (ROOT / (path or doc)).exists(), (doc, target)
            if part:
                assert part in anchors(path or doc), (doc, target)


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


@pytest.mark.parametrize("name", DOCS)
def test_no_backtick_is_left_outside_code_as_github_shows_the_docs(name):
    """A code span closed by a backtick meant as text swaps code and prose for the rest of its
    paragraph, on GitHub and on the site's guide page (CONTRIBUTING)."""
    html = cmarkgfm.github_flavored_markdown_to_html((ROOT / name).read_text(encoding="utf-8"))
    tree = markupever.parse(html, markupever.HtmlOptions(full_document=False))
    stray = [node.text()[:80] for node in tree.root().descendants()
             if isinstance(node, markupever.dom.Text) and "`" in node.text() and not _in_code(node)]
    assert stray == [], stray


def _in_code(node) -> bool:
    parent = node.parent
    while isinstance(parent, markupever.dom.Element):
        if parent.name.local in ("code", "pre"):
            return True
        parent = parent.parent
    return False
