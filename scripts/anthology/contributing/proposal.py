"""An essay proposed through GitHub's issue form, turned into files and checked as `make check` does.

The workflow `.github/workflows/essay-issue.yml` runs `python -m anthology from-issue` on the payload of
GitHub's `issues` event, the file GitHub writes for every run: the issue's text reaches the
anthology only as that file, as data. `propose` writes the essay, and a new writer's entry in
`authors.yml`, into the project; runs the checker on the whole anthology; and says what it
found, each problem in the checker's words at the form field the writer typed it in. When it
finds nothing, the files it wrote are the pull request's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from anthology.catalog.assembly import load_catalog
from anthology.catalog.choices import NEW_AUTHOR, author_choices, prompt_choices
from anthology.catalog.registries import load_registries
from anthology.contributing import issueform
from anthology.contributing.issueform import BY_ID, PERMISSION, Answers, read_issue
from anthology.contributing.scaffold import author_entry, essay_path, essay_text, write_new
from anthology.files.tree import Sources
from anthology.rules.addresses import AUTHORS_FILE, ID_WORDS, author_id_for, slug_for
from anthology.rules.problems import AnthologyError, Problem, counted, visible
from anthology.rules.schema import MESSAGES, name_key, shortened

COMMENT_MARK = "<!-- anthology: essay check -->"  # how the workflow finds its own comment again
# An issue's body holds at most 65,536 characters; the rest of the payload is a few KB.
MAX_EVENT_BYTES = 2 * 1024 * 1024
MAX_LISTED = 30  # problems listed in one comment, then "and N more"
# GitHub keeps at most 65,536 characters of a comment or a pull request's description, and the
# actions that post them (JavaScript) cut what is longer, wherever it falls: inside a code span,
# the rest of the line would render live. Counted here in UTF-16 code units, as JavaScript's
# String.length counts: an emoji is two of them and one code point, so a text within this count
# is within GitHub's whichever of the two it counts.
GITHUB_LIMIT = 65_536
# What the workflow adds to the comment after the converter (a note on the pull request of an
# earlier version, the new pull request's number, a note that it could not be opened) stays
# within this; tests/test_workflows.py measures those texts in the workflow.
WORKFLOW_ROOM = 1_024
# In place of the checker's words when they would not fit (they quote the writer's text).
TOO_LONG = ("what the checker says here quotes your text at more length than a comment can hold, and a quotation "
            "is never shown cut: look at this place in your issue")
ELSEWHERE = "Elsewhere in the anthology (for a maintainer)"
ESSAY_LINE = re.compile(r"Essay, line (\d+)")  # where a problem in the essay's text is placed
LINE_START = 30  # characters of a line quoted to find it by
CHOICE_ID = re.compile(rf"\(({ID_WORDS})\)$")  # "Sarah Wetzel (sarah-wetzel)" -> sarah-wetzel


class EventError(Exception):
    """The event file is not an `issues` event this can read."""


def read_event(path: Path) -> dict:
    """The `issues` event payload GitHub wrote at `path` ($GITHUB_EVENT_PATH), as data: at most
    MAX_EVENT_BYTES of JSON holding an issue with a number and a body. EventError otherwise."""
    with path.open("rb") as file:
        raw = file.read(MAX_EVENT_BYTES + 1)
    if len(raw) > MAX_EVENT_BYTES:
        raise EventError(f"the event file is larger than {MAX_EVENT_BYTES // 1024:,} KB")
    try:
        event = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise EventError("the event file is not JSON") from None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict) or type(issue.get("number")) is not int or \
            not isinstance(issue.get("body") or "", str):
        raise EventError("the event names no issue with a number and a body: not an `issues` event")
    return event


@dataclass
class Proposal:
    """What came of one issue: the problems, each as (where in the form, what the checker
    says), and the files written, relative to the project folder."""

    number: int
    problems: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    essay_lines: list[str] = field(default_factory=list)  # the Essay field's lines, as written
    waiting_for: str | None = None  # the maintainer's label a clean essay waits for, if any
    permission: bool = False  # the form's own box ticked, and nothing else in its section

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def proposed(self) -> bool:
        """Whether the workflow opens (or updates) the pull request now: never without the
        writer's permission, which the pull request's description says they gave."""
        return self.clean and self.waiting_for is None and self.permission

    def comment(self) -> str:
        """The answer on the issue, in Markdown. Every quoted text is a code span, so that
        nothing the writer typed can mention anyone, link an issue or show an image there."""
        if self.clean and self.waiting_for:
            return (f"{COMMENT_MARK}\n### Your essay passes every check\n\nA maintainer reads it next: when they "
                    f"give this issue the label {code_span(self.waiting_for)}, a pull request proposes it. If you edit "
                    "the issue, the checker reads it again.\n")
        if self.clean:
            return (f"{COMMENT_MARK}\n### Your essay passes every check\n\nA pull request proposes it now, and a "
                    "maintainer will review it; merging it closes this issue. If you edit the issue, the checker "
                    "reads it again and the pull request follows your edit.\n")
        count = len(self.problems)
        lines = [COMMENT_MARK, f"### The checker found {counted(count, 'problem')}", "",
                 f"Edit this issue to fix {'it' if count == 1 else 'them'} (the ··· menu at its top, then Edit): the checker reads it again "
                 "after every edit and updates this comment. When it finds nothing more, it opens the pull request "
                 "that adds your essay.", ""]
        head = "".join(f"{line}\n" for line in lines)
        return head + self._listed(GITHUB_LIMIT - WORKFLOW_ROOM - github_length(head))

    def _listed(self, room: int) -> str:
        """The problems in order, one a line, as many as fit whole in `room` (at most
        MAX_LISTED), then how many more there are. A quotation is never cut: a problem whose
        words no comment could hold is named at its place without them."""
        lines, used = [], 0
        room -= github_length(_more(len(self.problems)))  # the longest "and N more" line
        for where, what in self.problems[:MAX_LISTED]:
            place = f"- **{where}**{self._line_start(where)}: "
            line = f"{place}{code_span(what)}\n"
            if github_length(line) > room:
                line = f"{place}{TOO_LONG}\n"
            if used + github_length(line) > room:
                break
            lines.append(line)
            used += github_length(line)
        return "".join(lines) + _more(len(self.problems) - len(lines))

    def _line_start(self, where: str) -> str:
        """For "Essay, line N": how that line begins, so that the writer finds it in the issue."""
        found = ESSAY_LINE.fullmatch(where)
        number = int(found.group(1)) if found else 0
        start = self.essay_lines[number - 1].strip() if 0 < number <= len(self.essay_lines) else ""
        return f" (it begins {code_span(shortened(start, LINE_START))})" if start else ""

    def pull_request(self) -> str:
        """The pull request's description: what it adds, and what a reviewer still reads."""
        files = ", ".join(f"`{path.as_posix()}`" for path in self.files)
        return (f"Closes #{self.number}.\n\nProposed through the essay form in #{self.number}: {files}. The checker "
                "found no problem; an edit to the issue updates this pull request.\n\n"
                f"The writer ticked: “{PERMISSION}”\n\n"
                "## What a reviewer still reads\n\n"
                "- the essay is the author's own, or republished with their permission;\n"
                "- the attribution and `original_url` are honest;\n"
                "- the text itself: nothing offensive, no personal data about other people.\n\n"
                "## Checks\n\nA pull request opened with a workflow's own token starts no other workflow: close and "
                "reopen it to run CI (the strict build, the tests and the site preview).\n")


def github_length(text: str) -> int:
    """The length of `text` as GitHub's actions count it: UTF-16 code units (see GITHUB_LIMIT)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _more(rest: int) -> str:
    return f"- … and {rest} more: fix these first\n" if rest else ""


def code_span(text: str) -> str:
    """`text` as a Markdown code span, shown letter for letter: fenced by more backticks than
    it holds in a row, its control and invisible characters written as \\uXXXX (visible)."""
    text = visible(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def propose(event: dict, sources: Sources, root: Path, approval_label: str = "") -> Proposal:
    """Write the essay of the issue in `event` (and a new writer's registry entry) under
    `sources.docs_dir`, check the whole anthology, and say what was found. When it is clean and
    the writer is new, the issue form in `root` gains them too. Never overwrites an essay.
    With an `approval_label`, a clean essay waits for a maintainer to give the issue that label
    before it is proposed (MAINTAINING.md, "Turning on the essay form")."""
    issue, root = event["issue"], root.absolute()
    proposal = Proposal(issue["number"])
    if approval_label and approval_label not in _labels(issue):
        proposal.waiting_for = approval_label
    answers = read_issue(issue.get("body") or "")
    proposal.problems += _not_characters(answers)
    proposal.permission = answers.checked("permission")
    proposal.essay_lines = (answers.values["essay"] or "").split("\n")
    proposal.problems += [(field.label, f"this section is no longer in the issue: put back its heading "
                           f"'### {field.label}' and the answer under it") for field in answers.missing]
    try:
        authors, prompts = load_registries(sources)
    except AnthologyError as err:
        proposal.problems += [(ELSEWHERE, str(problem)) for problem in err.problems]
        return proposal
    front, entry, said = _read_answers(answers, authors, prompts)
    proposal.problems += said
    # A field the form has said something about needs no "is required" from the checker too,
    # and a section no longer in the issue nothing more than that.
    told = {where for where, _ in proposal.problems}
    if answers.values["author"] == NEW_AUTHOR:
        told.add(BY_ID["author"].label)
    lost = {field.label for field in answers.missing}
    written = Written(sources)
    if entry is not None:
        written.author(entry)
    written.essay(front, answers.values["essay"] or "", slug_for(front.get("title") or f"issue {proposal.number}"),
                  proposal.problems)
    proposal.problems += [(where, what) for where, what in _checked(sources, written)
                          if not (where in told and what == MESSAGES["required"]) and _field_of(where) not in lost]
    proposal.files = [path.relative_to(root) for path in written.paths]
    if proposal.clean and entry is not None and _issue_form_rewritten(sources, root):
        proposal.files.append(issueform.ISSUE_FORM)
    return proposal


def _field_of(where: str) -> str:
    """The form field's label in a problem's place ("Essay, line 3" is the Essay's)."""
    return BY_ID["essay"].label if ESSAY_LINE.fullmatch(where) else where


def _labels(issue: dict) -> set[str]:
    """The names of the issue's labels, as the event gives them."""
    labels = issue.get("labels")
    return {label["name"] for label in labels if isinstance(label, dict) and isinstance(label.get("name"), str)} \
        if isinstance(labels, list) else set()


# A GitHub login: letters, digits and single hyphens, at most 39 characters (GitHub's rule).
LOGIN = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}")
BOT = "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"


def commit_author(event: dict) -> str:
    """Who the pull request's commit names as its author ("Name <email>"): the writer who
    opened the issue, by GitHub's private address for their account (id+login@users.noreply),
    which links the commit to them without showing an email; the Actions bot when the event
    names no such account. The one who labelled or edited the issue is never the author."""
    user = event["issue"].get("user")
    login = user.get("login") if isinstance(user, dict) else None
    number = user.get("id") if isinstance(user, dict) else None
    if isinstance(login, str) and LOGIN.fullmatch(login) and type(number) is int and number > 0:
        return f"{login} <{number}+{login}@users.noreply.github.com>"
    return BOT


def _checked(sources: Sources, written: Written) -> list[tuple[str, str]]:
    """What the checker (`make check`'s `load_catalog`) finds in the whole anthology, each
    problem placed at the form field its text came from."""
    try:
        load_catalog(sources)
    except AnthologyError as err:
        return [written.placed(problem) for problem in err.problems]
    return []


def _issue_form_rewritten(sources: Sources, root: Path) -> bool:
    """Write the issue form in `root` anew from the registries; whether it changed."""
    form = root / issueform.ISSUE_FORM
    authors, prompts = load_registries(sources)
    text = issueform.issue_form_text(authors.values(), prompts.values())
    if form.is_file() and form.read_text(encoding="utf-8") == text:
        return False
    form.parent.mkdir(parents=True, exist_ok=True)
    form.write_text(text, encoding="utf-8")
    return True


def _read_answers(answers: Answers, authors: dict, prompts: dict) -> tuple[dict, dict | None, list]:
    """The front matter, a new writer's registry entry (or None), and the problems only the
    form can have (a choice that is not the form's, a missing name or permission)."""
    values, said = answers.values, []
    tags = [tag.strip() for tag in (values["tags"] or "").split(",") if tag.strip()]
    front = {"title": values["essay-title"], "date": values["date"], "original_url": values["original-url"],
             "tags": tags, "summary": values["summary"]}
    entry = None
    if values["author"] == NEW_AUTHOR:
        entry = _new_author(values, authors, said)
        front["author"] = entry and entry["id"]
    else:
        front["author"] = _chosen("author", author_choices(authors.values()), values, said)
    front["prompt"] = _chosen("prompt", prompt_choices(prompts.values()), values, said)
    if "permission" not in {field.id for field in answers.missing} and not answers.checked("permission"):
        said.append((BY_ID["permission"].label, _permission_said(values["permission"])))
    return {key: value for key, value in front.items() if value is not None}, entry, said


def _permission_said(answer: str | None) -> str:
    """What to do when the Permission section is not the form's box ticked, and only that."""
    if answer in (None, f"- [ ] {PERMISSION}"):
        return f"tick “{PERMISSION}”: a maintainer publishes only what its author agreed to"
    return (f"this section holds the form's box and nothing else: tick “{PERMISSION}” and keep only its line, as "
            "the form wrote it (other lines, or other words, are not taken as permission): a maintainer publishes "
            "only what its author agreed to")


# Half of a character that UTF-16 writes as two: JSON can carry one alone (an escape such as
# \ud800), but it is no character, and no file can hold it as UTF-8.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _not_characters(answers: Answers) -> list[tuple[str, str]]:
    """Each answer that holds a lone surrogate, said at its field (the essay's at its line),
    then made writable: the surrogate becomes U+FFFD, in files never proposed (each is a problem)."""
    said = []
    for field_id, value in answers.values.items():
        if value is None or not LONE_SURROGATE.search(value):
            continue
        lines = value.split("\n") if field_id == "essay" else [value]
        for number, line in enumerate(lines, start=1):
            found = LONE_SURROGATE.search(line)
            if found:
                where = f"Essay, line {number}" if field_id == "essay" else BY_ID[field_id].label
                said.append((where, f"column {found.start() + 1}: U+{ord(found.group()):04X} is half of a character, "
                             "not text (a lone surrogate, written as an escape in the event); delete it"))
        answers.values[field_id] = LONE_SURROGATE.sub("\ufffd", value)
    return said


def _chosen(field_id: str, choices: dict[str, str], values: dict, said: list) -> str | None:
    """The id a dropdown's answer stands for. An option the form no longer offers still names
    its id at its end: the checker then says whether the registry has it."""
    answer = values[field_id]
    if answer is None:
        return None  # the checker says it is required
    found = choices.get(answer) or CHOICE_ID.search(answer)
    if found is None:
        said.append((BY_ID[field_id].label, f"'{shortened(answer)}' is not one of the form's choices: choose one"))
        return None
    return found if isinstance(found, str) else found.group(1)


def _new_author(values: dict, authors: dict, said: list) -> dict | None:
    """The registry entry for a writer who chose NEW_AUTHOR, its id made of their name
    (`addresses.author_id_for`, as the site's form makes it); None, with the problem said, when
    the name is missing, makes no id, or is an author's already."""
    label = BY_ID["display-name"].label
    name = values["display-name"]
    if name is None:
        said.append((label, f"{MESSAGES['required']} when you choose “{NEW_AUTHOR}”"))
        return None
    author_id = author_id_for(name)
    if not author_id:
        said.append((label, MESSAGES["no_id_letters"]))
        return None
    taken = authors.get(author_id) or next((a for a in authors.values() if name_key(a.display_name) == name_key(name)),
                                           None)
    if taken is not None:
        said.append((label, MESSAGES["author_taken"].format(name=taken.display_name, id=taken.id)))
        return None
    entry = {"id": author_id, "display_name": name, "name_known": True, "bio": values["bio"]}
    if values["link"]:
        entry["links"] = [{"title": _site_name(values["link"]), "url": values["link"]}]
    return {key: value for key, value in entry.items() if value is not None}


def _site_name(address: str) -> str:
    """A link's title on the author page: the address's host ("Web page" when it has none, or
    is mistyped past reading: the checker then says what is wrong with the address)."""
    try:
        host = urlparse(address.strip()).hostname
    except ValueError:
        host = None
    return host.removeprefix("www.") if host else "Web page"


class Written:
    """The files a proposal writes, and where in them each answer landed: so that a problem
    the checker finds at a file's line is shown at the form field the writer typed it in."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self.paths: list[Path] = []
        self.essay_shown: str | None = None
        self.body_line = 0
        self.front_lines: dict[int, str] = {}  # the front matter's lines: the field on each
        self.authors_shown = sources.shown(sources.registry_file(AUTHORS_FILE))
        self.entry_line: int | None = None

    def author(self, entry: dict) -> None:
        """Append `entry` to authors.yml, its text and comments otherwise untouched."""
        path = self.sources.registry_file(AUTHORS_FILE)
        text = path.read_text(encoding="utf-8")
        text += "" if text.endswith("\n") or not text else "\n"
        self.entry_line = text.count("\n") + 2
        path.write_text(text + "\n" + author_entry(entry), encoding="utf-8")
        self.paths.append(path)

    def essay(self, front: dict, body: str, slug: str, said: list) -> None:
        """Write docs/essays/<slug>.md; beside an essay of that name, <slug>-<author>.md."""
        docs = self.sources.docs_dir
        path = essay_path(docs, slug)
        if path.exists() and front.get("author"):
            path = essay_path(docs, slug_for(f"{slug} {front['author']}"))
        text = essay_text(front, body)
        try:
            write_new(path, text)
        except FileExistsError:
            said.append((BY_ID["essay-title"].label, f"an essay is at {self.sources.shown(path)} already: "
                         "if this is another essay, give it another title"))
            return
        self.paths.append(path)
        self.essay_shown = self.sources.shown(path)
        lines = text.split("\n")
        self.body_line = lines.index("---", 1) + 3  # the closing fence, a blank line, the essay
        key = None
        for number, line in enumerate(lines[1:self.body_line - 3], start=2):
            key = line.split(":", 1)[0] if re.match(r"\w+:", line) else key  # a list's items are its key's
            self.front_lines[number] = key

    def placed(self, problem: Problem) -> tuple[str, str]:
        """(where in the form, the checker's message) for one problem the checker found."""
        if problem.path == self.essay_shown:
            front = problem.field.split(".")[0] if problem.field else self.front_lines.get(problem.line)
            label = _label_of(front)
            if label:  # a column counts from the file's line, not from the answer: left out
                return label, re.sub(r"^column \d+: ", "", problem.message)
            if problem.line and problem.line >= self.body_line:
                return f"Essay, line {problem.line - self.body_line + 1}", problem.message
            return BY_ID["essay"].label, f"{problem.field}: {problem.message}" if problem.field else problem.message
        if problem.path == self.authors_shown and self.entry_line and (problem.line or 0) >= self.entry_line:
            parts = (problem.field or "").split(".")
            label = _label_of(f"author.{parts[2]}") if len(parts) > 2 else None
            if label:
                return label, problem.message
        return ELSEWHERE, str(problem)


def _label_of(front: str | None) -> str | None:
    """The label of the form field whose answer became the file's field `front`."""
    if front == "author.id":  # the id is made of the name
        front = "author.display_name"
    return next((field.label for field in issueform.FIELDS if field.front and field.front == front), None)
