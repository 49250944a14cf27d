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
    assert {"ci.yml", "deploy.yml"} <= {f.name for f in files}
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


def test_permissions_are_read_only_except_where_pages_deploys():
    for path in workflow_files():
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            permissions = job.get("permissions") or {}
            assert isinstance(permissions, dict), (path.name, name, "permissions as a map, not read-all/write-all")
            writes = {scope for scope, level in permissions.items() if level == "write"}
            if not writes:
                continue
            deploys = any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", []))
            assert deploys and writes == {"pages", "id-token"}, (path.name, name, writes)


def test_no_expression_is_spliced_into_a_shell_command():
    # Values reach run: steps through env:, where the shell cannot read them as code.
    for path in workflow_files():
        for step in all_steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert "${{" not in step.get("run", ""), (path.name, step.get("name"), step["run"])
