"""The GitHub Actions workflows hold least privilege: audited by zizmor, and checked by hand.

zizmor (pinned in requirements-test.txt) runs offline over .github/workflows with its most
inclusive persona; any finding, of any severity or confidence, fails the test and is printed.
The plain checks below say the same rules without zizmor: every action pinned by commit with
its release in a comment, no checkout that keeps the token, read-only by default.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
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
    assert comments and all(name == "essay-issue.yml" and line.endswith("# zizmor: ignore[superfluous-actions]")
                            for name, line in comments), comments
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
            assert_runs_no_code_of_its_own(job, f"{path.name}: {name}")
            if writes == {"issues"}:  # the essay workflow's word when its checker could not run
                assert all(u.startswith(("peter-evans/find-comment@", "peter-evans/create-or-update-comment@"))
                           for u in uses), (path.name, name, uses)
                continue
            assert any(u.startswith("peter-evans/create-pull-request@") for u in uses), (path.name, name, writes)
            assert writes == {"contents", "pull-requests", "issues"}, (path.name, name, writes)


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


def essay_workflow() -> dict:
    return yaml.safe_load((WORKFLOWS / "essay-issue.yml").read_text(encoding="utf-8"))


def step(steps: list[dict], uses: str = "", named: str = "") -> dict:
    """The first step that uses the action `uses`, or whose name starts with `named`."""
    return next(s for s in steps if (uses and s.get("uses", "").startswith(uses + "@")) or
                (named and s.get("name", "").startswith(named)))


def test_the_essay_workflow_answers_in_one_comment_that_it_updates_before_the_pull_request():
    from anthology.contributing.proposal import COMMENT_MARK

    steps = essay_workflow()["jobs"]["answer"]["steps"]
    find = step(steps, "peter-evans/find-comment")
    answer = step(steps, "peter-evans/create-or-update-comment")
    assert find["with"]["body-includes"] == COMMENT_MARK and find["with"]["comment-author"] == "github-actions[bot]"
    assert answer["with"]["comment-id"] == f"${{{{ steps.{find['id']}.outputs.comment-id }}}}"
    assert answer["with"]["edit-mode"] == "replace" and answer["with"]["body-path"].endswith("/comment.md")
    assert "if" not in answer  # always answered
    pull_request = step(steps, "peter-evans/create-pull-request")
    # The answer goes out before anything that may fail: copying the files, the pull request.
    assert steps.index(find) < steps.index(answer) < steps.index(step(steps, named="Put the checked files")) \
        < steps.index(pull_request)
    assert pull_request["if"] == "needs.read.outputs.proposed == 'true'"
    assert pull_request["with"]["branch"] == "essay/issue-${{ github.event.issue.number }}"
    assert pull_request["with"]["body-path"].endswith("/pull-request.md")  # it says "Closes #N."
    # The writer is the commit's author: from-issue reads them from the event file.
    assert pull_request["with"]["author"] == "${{ needs.read.outputs.author }}"
    # Then the answer names the pull request, or says that it could not be opened.
    later = [s for s in steps[steps.index(pull_request):] if s.get("uses", "").startswith("peter-evans/create-or")]
    assert [s["with"]["edit-mode"] for s in later] == ["append", "append"]
    assert all(s["with"]["comment-id"] == f"${{{{ steps.{answer['id']}.outputs.comment-id }}}}" for s in later)
    assert "failure()" in later[1]["if"] and "steps.pull-request.outcome == 'failure'" in later[1]["if"]
    assert "could not be opened" in later[1]["with"]["body"]


def test_when_the_checker_cannot_run_the_writer_is_told_in_a_fixed_text():
    from anthology.contributing.proposal import COMMENT_MARK

    jobs = essay_workflow()["jobs"]
    trouble = next(job for job in jobs.values() if job.get("if") == "failure() && needs.read.result == 'failure'")
    assert trouble["needs"] == "read" and trouble["permissions"] == {"issues": "write"}
    find = step(trouble["steps"], "peter-evans/find-comment")
    answer = step(trouble["steps"], "peter-evans/create-or-update-comment")
    assert find["with"] == step(jobs["answer"]["steps"], "peter-evans/find-comment")["with"]
    body = answer["with"]["body"]
    assert body.startswith(COMMENT_MARK + "\n") and "could not run" in body and "A maintainer will look" in body
    assert "${{" not in body and answer["with"]["edit-mode"] == "replace"


def test_an_open_pull_request_of_an_earlier_version_is_named_and_made_a_draft():
    steps = essay_workflow()["jobs"]["answer"]["steps"]
    stale = step(steps, named="Say that an open pull request holds an earlier version")
    assert stale["if"] == "needs.read.outputs.proposed != 'true'"
    # The branch the pull request step pushes, by the same expression: no issue text in it.
    assert stale["env"]["BRANCH"] == step(steps, "peter-evans/create-pull-request")["with"]["branch"]
    assert "gh pr list" not in stale["run"] and "--head" not in stale["run"]  # a branch name alone: cli/cli#10945
    assert "gh pr ready \"$pr\" --undo" in stale["run"] and "must not be merged" in stale["run"]
    assert stale["run"].rstrip().endswith('>> "$RUNNER_TEMP/proposal/comment.md"')
    assert steps.index(stale) < steps.index(step(steps, "peter-evans/create-or-update-comment"))
    ready = step(steps, named="Mark the pull request ready again")
    assert 'gh pr ready "$PR"' in ready["run"] and "--undo" not in ready["run"]


# --- the earlier version's pull request, found by a stand-in for GitHub's CLI -----------------------

REPOSITORY = "example/anthology"
BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}


def pull(number: int, owner: str, *, draft: bool = False, user: dict | None = None, name: str = "anthology",
         ref: str = "essay/issue-42") -> dict:
    """An open pull request as GitHub's REST API gives it (GET /repos/{owner}/{repo}/pulls),
    from the branch `ref` of `owner`/`name`: this repository's, or a fork's."""
    account = {"login": owner, "id": 1000 + len(owner), "type": "User"}
    return {"number": number, "state": "open", "draft": draft, "user": user or account,
            "head": {"label": f"{owner}:{ref}", "ref": ref, "sha": "0" * 40, "user": account,
                     "repo": {"name": name, "full_name": f"{owner}/{name}", "fork": owner != "example",
                              "owner": account}},
            "base": {"label": "example:main", "ref": "main", "repo": {"full_name": REPOSITORY}}}


# The stand-in for GitHub's CLI, answering from a list of open pull requests as GitHub does:
# `gh api` for GET /repos/{owner}/{repo}/pulls (state, and `head=owner:branch` filtered by both,
# or, when told to, by the branch alone); `gh pr list --head NAME --json ...` with the fields gh
# makes of them, matching the branch name in every fork (cli/cli#10945); both then apply --jq
# with jq, printing strings raw as gh does. `gh pr ready` exits with $READY_EXIT. Every call is
# logged, one a line.
STAND_IN = r'''
import json, os, subprocess, sys

args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\n")
if args[:2] == ["pr", "ready"]:
    sys.exit(int(os.environ.get("READY_EXIT", "0")))
fields, options, endpoint, rest = {}, {"--method": "GET"}, None, args[2:] if args[:2] == ["pr", "list"] else args[1:]
while rest:
    arg = rest.pop(0)
    if arg in ("-f", "--raw-field", "-F", "--field"):
        key, value = rest.pop(0).split("=", 1)
        fields[key] = value
    elif arg.startswith("-"):
        options[{"-q": "--jq", "-X": "--method", "-H": "--head"}.get(arg, arg)] = rest.pop(0)
    else:
        endpoint = arg
with open(os.environ["GH_PULLS"], encoding="utf-8") as file:
    pulls = json.load(file)
if args[:2] == ["pr", "list"]:
    assert options["--repo"] == os.environ["GITHUB_REPOSITORY"], options
    pulls = [p for p in pulls if p["state"] == options.get("--state", "open") and
             p["head"]["ref"] == options.get("--head", p["head"]["ref"])]
    bot = lambda user: user["type"] == "Bot"
    made = {"number": lambda p: p["number"], "isDraft": lambda p: p["draft"], "headRefName": lambda p: p["head"]["ref"],
            "headRepository": lambda p: {"name": p["head"]["repo"]["name"]},
            "headRepositoryOwner": lambda p: {"login": p["head"]["repo"]["owner"]["login"]},
            "isCrossRepository": lambda p: p["head"]["repo"]["full_name"] != p["base"]["repo"]["full_name"],
            "author": lambda p: {"login": ("app/" + p["user"]["login"].removesuffix("[bot]")) if bot(p["user"])
                                 else p["user"]["login"], "is_bot": bot(p["user"])}}
    pulls = [{name: made[name](p) for name in options["--json"].split(",")} for p in pulls]
elif args[0] == "api":
    if options["--method"] != "GET" or endpoint != "repos/" + os.environ["GITHUB_REPOSITORY"] + "/pulls":
        sys.exit("not a listing of this repository's pull requests")
    pulls = [p for p in pulls if p["state"] == fields.get("state", "open")]
    if "head" in fields:
        owner, _, ref = fields["head"].rpartition(":")
        pulls = [p for p in pulls if p["head"]["ref"] == ref and
                 (os.environ.get("GH_BRANCH_ONLY") or p["head"]["user"]["login"].lower() == owner.lower())]
else:
    sys.exit("the stand-in answers `gh api`, `gh pr list` and `gh pr ready` only")
answer, jq = json.dumps(pulls), options.get("--jq")
if jq is None:
    print(answer)
    sys.exit(0)
ran = subprocess.run(["jq", "--raw-output", jq], input=answer, capture_output=True, text=True)
sys.stdout.write(ran.stdout)
sys.stderr.write(ran.stderr)
sys.exit(ran.returncode)
'''


def run_stale_step(folder: Path, pulls: list[dict], *, ready_exit: int = 0, branch_only: bool = False,
                   answer: str = "<!-- mark -->\nThe checker's answer.\n"):
    """The step's script as GitHub runs it (`bash -e`), with the stand-in first on PATH; the
    comment it leaves, and the calls made to `gh` (each a list of arguments)."""
    bash, jq = shutil.which("bash"), shutil.which("jq")
    if bash is None or jq is None:
        pytest.skip("bash and jq are needed (both are on GitHub's runners and in Debian)")
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(f"#!{sys.executable}\n{STAND_IN}", encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    (folder / "pulls.json").write_text(json.dumps(pulls), encoding="utf-8")
    comment = folder / "proposal" / "comment.md"
    comment.parent.mkdir()
    comment.write_text(answer, encoding="utf-8")
    stale = step(essay_workflow()["jobs"]["answer"]["steps"], named="Say that an open pull")
    script = folder / "stale.sh"
    script.write_text(stale["run"], encoding="utf-8")
    # The step's env: as GitHub sets it for issue 42, and the runner's own variables.
    expressions = {"${{ github.event.issue.number }}": "42", "${{ github.token }}": "a-token"}
    env = {name: functools.reduce(lambda text, e: text.replace(*e), expressions.items(), value)
           for name, value in stale["env"].items()}
    env.update({"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "RUNNER_TEMP": str(folder),
                "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_REPOSITORY_OWNER": "example", "GH_LOG": str(folder / "calls"),
                "GH_PULLS": str(folder / "pulls.json"), "READY_EXIT": str(ready_exit)})
    assert "${{" not in "".join(env.values())
    if branch_only:
        env["GH_BRANCH_ONLY"] = "1"
    ran = subprocess.run([bash, "-e", str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert ran.returncode == 0, ran.stderr
    calls = [json.loads(line) for line in (folder / "calls").read_text(encoding="utf-8").splitlines()]
    return comment.read_text(encoding="utf-8"), calls


FORK = pull(7, "mallory")  # a fork's branch named as the bot's is: `essay/issue-42`
SAID = ("\n**The open pull request #{n} holds an earlier version of your essay**, not this one: it must not be "
        "merged as it is. It takes this version when this one is proposed.{draft}\n")
DRAFT = " Until then it is a draft, which cannot be merged."


@pytest.mark.parametrize("branch_only", [False, True], ids=["GitHub filters owner:branch", "by branch alone"])
@pytest.mark.parametrize("pulls", [
    [FORK],
    [pull(7, "mallory", user=BOT)],  # a fork's, claiming the bot as its author: still a fork's branch
    [pull(7, "example", user={"login": "mallory", "id": 5, "type": "User"})],  # this repository, a person's
    [pull(7, "example", user=BOT, ref="essay/issue-420")],  # the bot's, for another issue
], ids=["fork", "fork by the bot", "a person's", "another issue"])
def test_a_pull_request_the_workflow_did_not_open_is_never_named_nor_drafted(tmp_path, pulls, branch_only):
    comment, calls = run_stale_step(tmp_path, pulls, branch_only=branch_only)
    assert comment == "<!-- mark -->\nThe checker's answer.\n"
    assert [call[:2] for call in calls] == [["api", "--method"]]  # one look, no `pr ready --undo`
    assert "head=example:essay/issue-42" in calls[0]


@pytest.mark.parametrize("branch_only", [False, True], ids=["GitHub filters owner:branch", "by branch alone"])
def test_the_bots_own_pull_request_is_named_and_drafted_never_a_forks_of_the_same_branch(tmp_path, branch_only):
    # The fork's comes first, as it would in a list sorted by number: it is passed over.
    comment, calls = run_stale_step(tmp_path, [FORK, pull(9, "example", user=BOT)], branch_only=branch_only)
    assert comment == "<!-- mark -->\nThe checker's answer.\n" + SAID.format(n=9, draft=DRAFT)
    assert calls[1:] == [["pr", "ready", "9", "--undo", "--repo", REPOSITORY]]
    assert "#7" not in comment and not [call for call in calls if "7" in call]


@pytest.mark.parametrize("draft, ready_exit, said, undo", [
    (False, 0, DRAFT, True),  # made a draft: said so
    (False, 1, "", True),  # the draft refused: not claimed
    (True, 0, DRAFT, False),  # a draft already: left as it is
])
def test_the_stale_pull_request_step_says_what_it_did(tmp_path, draft, ready_exit, said, undo):
    comment, calls = run_stale_step(tmp_path, [pull(9, "example", user=BOT, draft=draft)], ready_exit=ready_exit)
    assert comment == "<!-- mark -->\nThe checker's answer.\n" + SAID.format(n=9, draft=said)
    assert calls[1:] == ([["pr", "ready", "9", "--undo", "--repo", REPOSITORY]] if undo else [])


def test_the_longest_answer_with_the_earlier_versions_note_still_fits_and_stays_inert(tmp_path):
    # The converter's answer to an issue whose problems exceed GitHub's limit, then the step's
    # note on the bot's pull request: together what the comment action posts.
    from conftest import ENV, Project
    from test_issue import answers, event, issue_body
    from test_issue_answer import live, units

    from anthology.contributing.issueform import NEW_AUTHOR
    from anthology.contributing.proposal import GITHUB_LIMIT, WORKFLOW_ROOM

    # Three classes in the essay, each quoted whole (an address is quoted at most 200 characters).
    hidden = "\u200b" * 3_500
    essay = "\n\n".join(f'<a class="{hidden}{n}">page {n}</a>' for n in range(3))
    body = issue_body(answers(author=NEW_AUTHOR, display_name="Jo Bloggs", essay=essay))
    (tmp_path / "event.json").write_text(json.dumps(event(body)), encoding="utf-8")
    project = Project(tmp_path / "anthology")
    converted = subprocess.run([sys.executable, "-m", "anthology", "from-issue", "--event",
                                str(tmp_path / "event.json"), "--out", str(tmp_path / "out")], cwd=project.root,
                               capture_output=True, text=True, env=ENV, timeout=120)
    assert converted.returncode == 0, converted.stderr
    answer = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert units(answer) > GITHUB_LIMIT - 2 * WORKFLOW_ROOM  # close to the limit: the premise
    runner = tmp_path / "runner"
    runner.mkdir()
    posted, _ = run_stale_step(runner, [FORK, pull(2**31 - 1, "example", user=BOT)], answer=answer)
    assert posted.startswith(answer) and f"#{2**31 - 1} holds an earlier version" in posted
    assert units(posted) <= GITHUB_LIMIT and live(posted, own=f"#{2**31 - 1}") == []


def test_what_the_workflow_adds_to_the_answer_fits_in_the_room_the_converter_leaves():
    # The converter keeps its comment within GITHUB_LIMIT - WORKFLOW_ROOM: the note on an
    # earlier version (the largest pull request number GitHub could give), the pull request's
    # number and the note that it could not be opened must fit in the rest, with separators.
    from anthology.contributing.proposal import WORKFLOW_ROOM, github_length

    steps = essay_workflow()["jobs"]["answer"]["steps"]
    note = SAID.format(n=2**31, draft=DRAFT)
    assert re.search(r"printf '(.*?)\\n'", step(steps, named="Say that an open pull")["run"]).group(1) \
        .replace("%s", "{}").replace("\\n", "\n").format(2**31, DRAFT) + "\n" == note  # the step's own words
    appended = [s["with"]["body"].replace("${{ steps.pull-request.outputs.pull-request-number }}", str(2**31))
                for s in steps if s.get("with", {}).get("edit-mode") == "append"]
    assert len(appended) == 2
    assert github_length(note) + sum(github_length("\n" + text) for text in appended) <= WORKFLOW_ROOM


def test_concurrency_is_claimed_by_jobs_once_their_label_filter_holds():
    # At the workflow's level, an unrelated `labeled` event would cancel a run reading a real
    # edit, then skip itself: nothing would answer that edit.
    workflow = essay_workflow()
    assert "concurrency" not in workflow
    read, answer, trouble = (workflow["jobs"][name] for name in ("read", "answer", "trouble"))
    assert "github.event.label.name == 'essay'" in read["if"]
    assert read["concurrency"] == {"group": "essay-issue-read-${{ github.event.issue.number }}",
                                   "cancel-in-progress": True}
    # Answers, which write, run one at a time to their end.
    assert answer["concurrency"] == trouble["concurrency"] == {
        "group": "essay-issue-answer-${{ github.event.issue.number }}", "cancel-in-progress": False}


def test_an_approval_label_is_a_repository_variable_that_reads_the_issue_again():
    workflow = essay_workflow()
    read = workflow["jobs"]["read"]
    assert "github.event.label.name == vars.ESSAY_APPROVAL_LABEL" in read["if"]
    convert = step(read["steps"], named="Turn the issue into files")
    assert convert["env"] == {"APPROVAL_LABEL": "${{ vars.ESSAY_APPROVAL_LABEL }}"}
    assert '--approval-label "$APPROVAL_LABEL"' in convert["run"]
    assert set(read["outputs"]) == {"clean", "proposed", "author"}


# --- the files the answer job copies: only those the converter lists, only where they belong -------

def copy_script() -> str:
    return step(essay_workflow()["jobs"]["answer"]["steps"], named="Put the checked files in place")["run"]


def run_copy(checkout: Path, runner_temp: Path) -> subprocess.CompletedProcess:
    """The step's script as GitHub runs it (`bash -e`), in `checkout`, with $RUNNER_TEMP."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = checkout.parent / "copy.sh"
    script.write_text(copy_script(), encoding="utf-8")
    return subprocess.run([bash, "-e", str(script)], cwd=checkout, capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ.get("PATH", ""), "RUNNER_TEMP": str(runner_temp)})


def a_checkout(folder: Path) -> Path:
    checkout = folder / "checkout"
    for name in ("docs/essays", "docs/registry", ".github/ISSUE_TEMPLATE", ".git"):
        (checkout / name).mkdir(parents=True)
    (checkout / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    return checkout


def test_the_answer_copies_exactly_the_files_the_converter_lists(tmp_path):
    from conftest import ENV, Project

    project = Project(tmp_path / "anthology")
    temp = tmp_path / "runner"
    converted = subprocess.run([sys.executable, "-m", "anthology", "from-issue", "--event",
                                str(ROOT / "tests" / "fixtures" / "issues" / "opened.json"), "--out",
                                str(temp / "proposal")], cwd=project.root, capture_output=True, text=True, env=ENV,
                               timeout=120)
    assert converted.returncode == 0, converted.stderr
    listed = (temp / "proposal" / "files.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(listed) == [".github/ISSUE_TEMPLATE/essay.yml", "docs/essays/why-i-stay.md", "docs/registry/authors.yml"]
    # A file in the artifact that the list does not name is never copied.
    (temp / "proposal" / "files" / ".git").mkdir()
    (temp / "proposal" / "files" / ".git" / "config").write_text("[core]\n\tfsmonitor = evil\n", encoding="utf-8")
    checkout = a_checkout(tmp_path)
    copied = run_copy(checkout, temp)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    for name in listed:
        assert (checkout / name).read_bytes() == (temp / "proposal" / "files" / name).read_bytes()
    assert (checkout / ".git" / "config").read_text(encoding="utf-8") == "[core]\n"


@pytest.mark.parametrize("listed", [".git/config", "docs/essays/../../.git/config", "docs/essays/sub/x.md",
                                    "docs/essays/x.md.sh", "/etc/passwd", "docs/registry/prompts.yml",
                                    ".github/workflows/essay-issue.yml", "docs/essays/x.md\n.git/config"])
def test_the_answer_refuses_a_list_that_names_any_other_file(tmp_path, listed):
    temp = tmp_path / "runner"
    for name in ("docs/essays/x.md", *listed.split("\n")):
        source = temp / "proposal" / "files" / name.lstrip("/")
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("[core]\n\tfsmonitor = evil\n", encoding="utf-8")
    (temp / "proposal" / "files.txt").write_text(f"docs/essays/x.md\n{listed}\n", encoding="utf-8")
    checkout = a_checkout(tmp_path)
    copied = run_copy(checkout, temp)
    assert copied.returncode == 1 and "::error::The proposal lists a file this workflow does not write" in copied.stdout
    assert (checkout / ".git" / "config").read_text(encoding="utf-8") == "[core]\n"
    assert not (checkout / "docs" / "essays" / "x.md.sh").exists() and not (checkout / "docs" / "essays" / "sub").exists()


def test_the_answer_refuses_a_listed_file_that_is_a_link(tmp_path):
    temp = tmp_path / "runner"
    (temp / "proposal" / "files" / "docs" / "essays").mkdir(parents=True)
    checkout = a_checkout(tmp_path)
    (temp / "proposal" / "files" / "docs" / "essays" / "x.md").symlink_to(checkout / ".git" / "config")
    (temp / "proposal" / "files.txt").write_text("docs/essays/x.md\n", encoding="utf-8")
    copied = run_copy(checkout, temp)
    assert copied.returncode == 1 and not (checkout / "docs" / "essays" / "x.md").exists()


def test_no_expression_is_spliced_into_a_shell_command():
    # Values reach run: steps through env:, where the shell cannot read them as code.
    for path in workflow_files():
        for step in all_steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert "${{" not in step.get("run", ""), (path.name, step.get("name"), step["run"])
