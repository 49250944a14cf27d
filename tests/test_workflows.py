"""The GitHub Actions workflows hold least privilege: audited by zizmor, and checked by hand.

zizmor (pinned in requirements-test.txt) runs offline over .github/workflows with its most
inclusive persona; any finding, of any severity or confidence, fails the test and is printed.
The plain checks below say the same rules without zizmor: every action pinned by commit with
its release in a comment, no checkout that keeps the token, read-only by default.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
# zizmor is installed into the same virtualenv as this Python, not looked up on PATH.
ZIZMOR = Path(sys.executable).parent / ("zizmor.exe" if os.name == "nt" else "zizmor")

PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")  # owner/repo[/path]@<full commit SHA>
VERSION_COMMENT = re.compile(r"\s+#\s*v\d+(\.\d+)*\s*$")  # `# v4.2.2` after the uses: value


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert {"ci.yml", "deploy.yml", "essay-issue.yml"} <= {f.name for f in files}
    return files


def zizmor(*args: str) -> subprocess.CompletedProcess:
    # --offline: no network, no token; --no-config: no user or repository config can relax it;
    # --persona auditor: every audit, pedantic and auditor-only ones included.
    command = [str(ZIZMOR), "--offline", "--no-config", "--persona", "auditor", "--strict-collection",
               "--no-progress", "--color", "never", *args, str(WORKFLOWS)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def describe(finding: dict) -> str:
    level = finding["determinations"]
    where = []
    for location in finding["locations"]:
        path = location["symbolic"]["key"].get("Local", {}).get("verbatim_path", "?")
        row = location["concrete"]["location"]["start_point"]["row"] + 1
        where.append(f"{path}:{row} {location['symbolic'].get('annotation', '')}".strip())
    return (f"{finding['ident']} (severity {level['severity']}, confidence {level['confidence']}): "
            f"{finding['desc']}\n    " + "\n    ".join(where))


def test_zizmor_finds_nothing():
    assert ZIZMOR.exists(), f"{ZIZMOR} is missing: make install-test (zizmor is in requirements-test.txt)"
    result = zizmor("--format", "json")
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"zizmor gave no JSON (exit {result.returncode}):\n{result.stderr}") from None
    if findings:
        plain = zizmor("--format", "plain", "--show-audit-urls", "always").stdout
        summary = "\n".join(describe(f) for f in findings)
        raise AssertionError(f"zizmor: {len(findings)} finding(s)\n{summary}\n\n{plain}")
    assert result.returncode == 0, result.stderr


# The only findings an inline `# zizmor: ignore[...]` may hide: zizmor's pedantic persona would
# have `gh` in a script instead of these two actions, and its own source says why it keeps
# that pedantic (a pull request made with gh and git is cumbersome; gh cannot edit a comment by
# id). The issue form's workflow uses them as the issue asks: well-kept actions, pinned.
IGNORED = {("superfluous-actions", "peter-evans/create-pull-request"),
           ("superfluous-actions", "peter-evans/create-or-update-comment")}


def test_inline_ignores_hide_only_the_two_actions_the_essay_workflow_chose():
    comments = [(path.name, line) for path in workflow_files()
                for line in path.read_text(encoding="utf-8").splitlines() if "zizmor: ignore" in line]
    assert len(comments) == len(IGNORED), comments
    findings = json.loads(zizmor("--no-ignores", "--format", "json").stdout)
    hidden = set()
    for finding in findings:
        features = " ".join(location["concrete"]["feature"] for location in finding["locations"])
        action = re.search(r"([\w.-]+/[\w./-]+)@[0-9a-f]{40}", features)
        hidden.add((finding["ident"], action.group(1) if action else features))
    assert hidden == IGNORED, [describe(f) for f in findings]


def all_steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_actions_are_pinned_by_commit_with_their_release_in_a_comment():
    for path in workflow_files():
        text = path.read_text(encoding="utf-8")
        workflow = yaml.safe_load(text)
        uses = [step["uses"] for step in all_steps(workflow) if "uses" in step]
        uses += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]  # reusable workflows
        lines = [line for line in text.splitlines() if re.match(r"\s*(-\s+)?uses:", line)]
        assert uses and len(lines) == len(uses), (path.name, "every uses: on a line of its own")
        for ref in uses:
            if ref.startswith("./"):
                continue  # an action from this repository: the checkout itself is the pin
            assert PINNED.fullmatch(ref), f"{path.name}: {ref} is not pinned by a full commit SHA"
            line = next(line for line in lines if line.split("uses:", 1)[1].strip().startswith(ref))
            assert VERSION_COMMENT.search(line), f"{path.name}: `{line.strip()}` lacks a `# v…` comment"


def test_checkout_never_keeps_the_token():
    checkouts = 0
    for path in workflow_files():
        for step in all_steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if step.get("uses", "").startswith("actions/checkout@"):
                checkouts += 1
                assert (step.get("with") or {}).get("persist-credentials") is False, path.name
    assert checkouts >= 2


def test_permissions_are_read_only_except_where_pages_deploys_or_an_essay_is_proposed():
    for path in workflow_files():
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            permissions = job.get("permissions") or {}
            assert isinstance(permissions, dict), (path.name, name, "permissions as a map, not read-all/write-all")
            writes = {scope for scope, level in permissions.items() if level == "write"}
            if not writes:
                continue
            uses = [s.get("uses", "") for s in job.get("steps", [])]
            if any(u.startswith("actions/deploy-pages@") for u in uses):
                assert writes == {"pages", "id-token"}, (path.name, name, writes)
                continue
            assert any(u.startswith("peter-evans/create-pull-request@") for u in uses), (path.name, name, writes)
            assert writes == {"contents", "pull-requests", "issues"}, (path.name, name, writes)
            assert_runs_no_code_of_its_own(job, f"{path.name}: {name}")


def assert_runs_no_code_of_its_own(job: dict, where: str) -> None:
    """A job that may write runs only pinned actions and plain shell: nothing installed, none of
    the project's code, so that its token never meets a program that reads contributed text."""
    for step in job["steps"]:
        run = step.get("run", "")
        assert not re.search(r"\b(python|pip|make|npm|node|\.venv|scripts/)", run), (where, run)
        assert not step.get("uses", "").startswith("actions/setup-"), (where, step["uses"])


def test_the_issue_reaches_the_essay_workflow_only_as_the_event_file():
    path = WORKFLOWS / "essay-issue.yml"
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow[True] == {"issues": {"types": ["opened", "edited", "labeled"]}}  # PyYAML reads `on` as True
    # No expression anywhere names the issue's text: its title, body or author's words.
    expressions = re.findall(r"\$\{\{(.*?)\}\}", text)
    assert expressions and all(not re.search(r"issue\.(title|body|user)|comment\.body|changes", e) for e in expressions)
    read = workflow["jobs"]["read"]
    assert "permissions" not in read  # the workflow's own: contents: read
    converter = next(step["run"] for step in read["steps"] if "from-issue" in step.get("run", ""))
    assert '--event "$GITHUB_EVENT_PATH"' in converter
    assert "contains(github.event.issue.labels.*.name, 'essay')" in read["if"]
    assert "github.event.issue.state == 'open'" in read["if"] and "github.event.label.name == 'essay'" in read["if"]


def test_the_essay_workflow_answers_in_one_comment_that_it_updates():
    from anthology.proposal import COMMENT_MARK

    workflow = yaml.safe_load((WORKFLOWS / "essay-issue.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["answer"]["steps"]
    find = next(s for s in steps if s.get("uses", "").startswith("peter-evans/find-comment@"))
    answer = next(s for s in steps if s.get("uses", "").startswith("peter-evans/create-or-update-comment@"))
    assert find["with"]["body-includes"] == COMMENT_MARK and find["with"]["comment-author"] == "github-actions[bot]"
    assert answer["with"]["comment-id"] == f"${{{{ steps.{find['id']}.outputs.comment-id }}}}"
    assert answer["with"]["edit-mode"] == "replace" and answer["with"]["body-path"].endswith("/comment.md")
    assert steps.index(find) < steps.index(answer)
    pull_request = next(s for s in steps if s.get("uses", "").startswith("peter-evans/create-pull-request@"))
    assert pull_request["if"] == "needs.read.outputs.clean == 'true'"
    assert pull_request["with"]["branch"] == "essay/issue-${{ github.event.issue.number }}"
    assert pull_request["with"]["body-path"].endswith("/pull-request.md")  # it says "Closes #N."


def test_no_expression_is_spliced_into_a_shell_command():
    # Values reach run: steps through env:, where the shell cannot read them as code.
    for path in workflow_files():
        for step in all_steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert "${{" not in step.get("run", ""), (path.name, step.get("name"), step["run"])
