"""GitHub's essay issue form: written from the registries, and read back from an issue.

A writer without git can propose an essay through `.github/ISSUE_TEMPLATE/essay.yml`, an issue
form in GitHub's form schema. `make issue-form` writes it from the registries (the author and
prompt dropdowns); `read_issue` turns the body GitHub makes of a filled-in form back into the
writer's answers. Turning those into files and checking them is `anthology.contributing.proposal`.

GitHub writes each answer under a `### <label>` heading, in the form's order, with
`_No response_` for a field left empty; dropdowns give the chosen option's text and checkboxes
`- [X] <label>` lines. Issue text is the writer's to edit afterwards, so nothing here trusts it
to keep that shape: a missing section is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from anthology.catalog.choices import NEW_AUTHOR, author_choices, prompt_choices
from anthology.catalog.model import Author, Prompt
from anthology.rules.problems import Problem

ISSUE_FORM = Path(".github") / "ISSUE_TEMPLATE" / "essay.yml"  # from the project folder
TEMPLATE_NAME = ISSUE_FORM.name  # `issues/new?template=essay.yml`
LABEL = "essay"  # the form gives it to each issue; the workflow answers only issues that have it
NO_RESPONSE = "_No response_"  # what GitHub writes for a field left empty


@dataclass(frozen=True)
class Field:
    """One field of the issue form. `front` names the front-matter field or (`author.<key>`)
    the new author's registry field it becomes, so that a problem found there is shown at it."""

    id: str  # GitHub's field id: the name of its query parameter too
    label: str  # the form shows it, and the issue body heads the answer with it
    kind: str  # input, textarea, dropdown or checkboxes
    description: str
    required: bool = False
    placeholder: str | None = None
    front: str | None = None


FIELDS = (
    Field("essay-title", "Title", "input", "The essay's title, as you gave it.", True, front="title"),
    Field("author", "Author", "dropdown", "Your name, if the anthology has an essay of yours already. Otherwise "
          f"choose “{NEW_AUTHOR}” and fill in the next three fields: you are added to the authors with your essay.",
          True, front="author"),
    Field("display-name", "Your name, if you are new", "input", "How the anthology names you, on your essay and "
          "your author page.", front="author.display_name"),
    Field("bio", "About you, if you are new (optional)", "input", "One line about you, for your author page.",
          front="author.bio"),
    Field("link", "Your web page, if you are new (optional)", "input", "Your blog or profile, linked from your "
          "author page.", placeholder="https://", front="author.links"),
    Field("prompt", "Prompt", "dropdown", "The prompt your essay answers, after the challenge that asked it. The "
          "anthology's Prompts page has each prompt's question.", True, front="prompt"),
    Field("date", "Date first published (optional)", "input", "YYYY-MM-DD. Leave it empty for a new essay, or "
          "when you do not know it: the site then says the date is unknown.", placeholder="2017-05-12", front="date"),
    Field("original-url", "Where it was first published (optional)", "input", "The address of the original post, "
          "if it was published elsewhere first.", placeholder="https://", front="original_url"),
    Field("tags", "Tags (optional)", "input", "Topics, separated by commas (at most 12).",
          placeholder="motivation, career path", front="tags"),
    Field("summary", "Summary (optional)", "input", "One or two sentences, shown on the prompt and author pages.",
          front="summary"),
    Field("permission", "Permission", "checkboxes", "A maintainer publishes only what its author agreed to.", True),
    # Last: the essay is everything after its heading, whatever headings it holds itself.
    Field("essay", "Essay", "textarea", "The essay in Markdown, as it was published: a blank line between "
          "paragraphs, `## Heading`, `*emphasis*`, `**strong**`, `[a link](https://example.com)`, `> a quote`, "
          "`- a list item`. Preview shows it as it will read.", True),
)
BY_ID = {field.id: field for field in FIELDS}
PERMISSION = "I wrote this essay, or I have its author's permission to publish it here."
BOXES = {"permission": [{"label": PERMISSION, "required": True}]}  # the checkboxes' options

INTRO = (
    "Fill this in and submit it: a checker reads your essay within a few minutes and answers here in a comment. "
    "If it finds something to change, edit the issue (the ··· menu, then Edit): it reads it again and updates "
    "its comment. When it finds nothing, it opens a pull request that adds your essay, and a maintainer reviews "
    "it. Merging it closes this issue.\n\n"
    "Leave out what you do not know (a date, an address) rather than guess it."
)


def issue_form(authors: Iterable[Author], prompts: Iterable[Prompt]) -> dict:
    """The issue form, as data in GitHub's form schema, its dropdowns from the registries."""
    options = {"author": [NEW_AUTHOR, *author_choices(authors)], "prompt": list(prompt_choices(prompts))}
    body = [{"type": "markdown", "attributes": {"value": INTRO}}]
    for field in FIELDS:
        attributes: dict = {"label": field.label, "description": field.description}
        if field.placeholder:
            attributes["placeholder"] = field.placeholder
        if field.kind == "dropdown":
            attributes["options"] = options[field.id]
        if field.kind == "checkboxes":
            attributes["options"] = BOXES[field.id]
        element = {"type": field.kind, "id": field.id, "attributes": attributes}
        if field.required and field.kind != "checkboxes":
            element["validations"] = {"required": True}
        body.append(element)
    return {"name": "Propose an essay", "description": "Propose your essay for the anthology, without git: "
            "a checker answers here, then a pull request adds it.", "title": "Essay: ", "labels": [LABEL],
            "body": body}


class _Dumper(yaml.SafeDumper):
    """Text of more than one line as a `|` block, as a person writes it in a form."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def issue_form_text(authors: Iterable[Author], prompts: Iterable[Prompt]) -> str:
    """The issue form as the YAML file `make issue-form` writes."""
    dumped = yaml.dump(issue_form(authors, prompts), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return ("# Written by `make issue-form` from docs/registry/: change the registries, then run it again\n"
            "# (a test fails while this file and the registries disagree).\n" + dumped)


def stale_form(root: Path, authors: Iterable[Author], prompts: Iterable[Prompt]) -> Problem | None:
    """A problem at the first line where the issue form in `root` differs from what `make
    issue-form` writes from the registries (a writer added themselves to authors.yml, say), or
    None when it agrees. A project without the form has nothing to keep up to date."""
    form = root / ISSUE_FORM
    if not form.is_file():
        return None
    written = form.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    wanted = issue_form_text(authors, prompts).split("\n")
    if written == wanted:
        return None
    line = next((index for index, (old, new) in enumerate(zip(written, wanted)) if old != new),
                min(len(written), len(wanted)))
    return Problem(ISSUE_FORM.as_posix(), line + 1, None, "GitHub's essay form does not list the authors and "
                   "prompts of docs/registry/ yet: run `make issue-form`, then commit the file it writes")


@dataclass
class Answers:
    """What the writer answered, by field id: the text under the field's heading, or None for
    a field left empty (or lost from the issue: then it is in `missing` too)."""

    values: dict[str, str | None]
    missing: list[Field]

    def checked(self, field_id: str) -> bool:
        """Whether the section of the checkboxes `field_id` is the form's own box, ticked, and
        nothing else: the line GitHub writes for it (`- [X] <label>`, or `- [x]` when it was
        ticked on the issue's page). Another line ticked, or words added, is not an answer."""
        options = [option["label"] for option in BOXES.get(field_id, [])]
        return len(options) == 1 and self.values.get(field_id) in {f"- [{mark}] {options[0]}" for mark in "xX"}


def read_issue(body: str) -> Answers:
    """The answers in an issue made with the form. Each field's heading is looked for in the
    form's order; its answer runs to the next heading of a later field. The essay is last, so
    headings inside it are the essay's own. Each line is read at most once per field."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = [f"### {field.label}" for field in FIELDS]
    values: dict[str, str | None] = {field.id: None for field in FIELDS}
    missing: list[Field] = []
    at = 0
    for index, field in enumerate(FIELDS):
        later = set(headings[index + 1:])
        found = _next_heading(lines, at, {headings[index]} | later)
        if found is None or lines[found].strip() != headings[index]:
            missing.append(field)
            continue
        end = len(lines) if not later else (_next_heading(lines, found + 1, later) or len(lines))
        answer = "\n".join(lines[found + 1:end]).strip()
        values[field.id] = None if answer in ("", NO_RESPONSE) else answer
        at = end
    return Answers(values, missing)


def _next_heading(lines: list[str], start: int, headings: set[str]) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].startswith("### ") and lines[index].strip() in headings:
            return index
    return None
