"""The anthology's command line: check, new, import and issue-form behind Make targets; from-issue, run by
the essay-issue workflow. Run it with the project's Python: `.venv/bin/python -m anthology COMMAND --help`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from pydantic import ValidationError

from anthology.catalog.assembly import load_catalog
from anthology.catalog.registries import load_registries
from anthology.catalog.validation import did_you_mean
from anthology.contributing.scaffold import author_entry, essay_path, essay_text, write_new
from anthology.files.tree import Sources
from anthology.rules import schema
from anthology.rules.addresses import ID_PATTERN, author_id_for, slug_for
from anthology.rules.problems import AnthologyError, counted, visible

PLACEHOLDER_AUTHOR = "your-author-id"
PLACEHOLDER_PROMPT = "prompt-id"


def _sources(args: argparse.Namespace) -> Sources:
    return Sources(docs_dir=Path(args.docs), shown_root=Path.cwd())


def _fail(message: str) -> int:
    """Print a one-line error; it may echo a path, id or title, so it is shown with visible()."""
    print(f"error: {visible(message)}", file=sys.stderr)
    return 1


def _report(err: AnthologyError, fmt: str = "text") -> int:
    for problem in err.problems:
        print(problem.github() if fmt == "github" else str(problem))
    count = len(err.problems)
    sys.stdout.flush()  # the summary is the last line, even where stdout is a pipe with a buffer
    print(f"{counted(count, 'problem')} found.", file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every essay and registry, each essay rendered as the build renders it, and
    GitHub's essay form against the registries."""
    try:
        catalog = load_catalog(_sources(args))
    except AnthologyError as err:
        return _report(AnthologyError(err.problems + _stale_issue_form(args)), args.format)
    stale = _stale_issue_form(args)
    if stale:
        return _report(AnthologyError(stale), args.format)
    counts = [(catalog.essays, "essay"), (catalog.challenges, "challenge"), (catalog.prompts, "prompt"),
              (catalog.authors, "author")]
    print("OK: " + ", ".join(counted(len(items), word) for items, word in counts) + ".")
    return 0


def _stale_issue_form(args: argparse.Namespace) -> list:
    """The issue form's problem when a registry changed and `make issue-form` was not run; none
    when a registry cannot be read (its own problems say why)."""
    from anthology.contributing.issueform import stale_form

    try:
        authors, prompts = load_registries(_sources(args))
    except AnthologyError:
        return []
    stale = stale_form(Path.cwd(), authors.values(), prompts.values())
    return [stale] if stale else []


def _registries(args):
    try:
        return load_registries(_sources(args))
    except AnthologyError as err:
        _report(err)
        return None


def _author_hint(author_id: str, name: str | None = None) -> str:
    example = schema.EXAMPLE_AUTHOR
    entry = {"id": author_id, "display_name": name or example["display_name"], "name_known": True,
             "bio": example["bio"], "links": example["links"]}
    return (f"'{visible(author_id)}' is not in docs/registry/authors.yml yet. Add yourself there:\n\n"
            + "".join(visible(line) + "\n" for line in author_entry(entry).splitlines())
            + "\nThen run `make issue-form`: GitHub's essay form lists every author, and the checks fail "
            "until it is written again. Commit it with your essay.\n")


def _slug_problem(slug: str) -> str | None:
    """What is wrong with a SLUG given (the essay's file name), if anything."""
    if re.fullmatch(ID_PATTERN, slug):
        return None
    return f"SLUG '{slug}' must be lowercase words joined by hyphens, like 'my-essay' (nothing was changed)"


def cmd_new(args: argparse.Namespace) -> int:
    """Create docs/essays/<slug>.md with valid front matter, ready to write in."""
    registries = _registries(args)
    if registries is None:
        return 1
    authors, prompts = registries
    missing = [name for name in ("TITLE", "AUTHOR", "PROMPT") if not getattr(args, name.lower()).strip()]
    if missing:
        named = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
        return _fail(f"make new needs {named}, like this: make new TITLE=\"Why I stay\" AUTHOR=jane-doe "
                     f"PROMPT={min(prompts, default='a-prompt-id')} (AUTHOR is your id in docs/registry/authors.yml, "
                     f"a new one if you are new; the prompts: {', '.join(sorted(prompts))})")
    if not re.fullmatch(ID_PATTERN, args.author):
        return _fail(f"AUTHOR '{visible(args.author)}' is not an id: ids are lowercase words joined by hyphens, "
                     f"like '{author_id_for(args.author) or 'jane-doe'}' (nothing was changed)")
    if args.prompt not in prompts:
        return _fail(f"unknown prompt id{did_you_mean(args.prompt, prompts)}")
    front = {"title": args.title.strip(), "author": args.author, "prompt": args.prompt}
    try:
        schema.EssayFrontMatter.model_validate(front)
    except ValidationError as err:
        said = "; ".join(f"{error['loc'][0].upper()}: {error['msg'].removeprefix('Value error, ')}"
                         for error in err.errors())
        return _fail(f"{said} (TITLE must be non-empty text and AUTHOR an id of lowercase words joined "
                     "by hyphens, like 'jane-doe')")
    slug = args.slug or slug_for(args.title)
    if problem := _slug_problem(slug):
        return _fail(problem)
    path = essay_path(Path(args.docs), slug)
    body = schema.EXAMPLE_BODY + "\n"
    try:
        write_new(path, essay_text(front, body))
    except FileExistsError:
        return _fail(f"{path} already exists; choose another TITLE or SLUG (nothing was changed)")
    print(f"Created {visible(str(path))}")
    if args.author not in authors:
        print(_author_hint(args.author))
    print("Next: write the essay, run `make check`, then read it in the preview (`make serve`, if it is not running).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Turn a blog post into a new essay file: a saved page (HTML), a plain-text scrape, or the
    post's web address (http or https), fetched. Every change the import makes is listed."""
    from anthology.contributing.fetch import PageError, fetch, is_address, read_saved
    from anthology.contributing.importer import import_html, import_text

    source = args.source
    if not is_address(source) and not Path(source).is_file():
        return _fail(f"{source}: no such file")
    if args.slug and (problem := _slug_problem(args.slug)):
        return _fail(problem)
    registries = _registries(args)
    if registries is None:
        return 1
    authors, prompts = registries
    if args.prompt and args.prompt not in prompts:
        return _fail(f"unknown prompt id{did_you_mean(args.prompt, prompts)}")
    try:
        page = fetch(source) if is_address(source) else read_saved(Path(source))
    except PageError as err:
        return _fail(str(err))
    if page.html:
        result = import_html(page.text, url=args.url or page.address)
    else:
        question = prompts[args.prompt].question if args.prompt else None
        result = import_text(page.text, prompt_question=question)
        result.original_url = args.url
    if not result.body.strip():
        return _fail(f"{source}: no essay text found")
    title = args.title or result.title
    if not title:
        return _fail(f"{source}: the post has no title; give one with TITLE=\"...\" (it will be "
                     "marked as the editors' title)")
    # The id a name makes is the forms' (addresses.author_id_for); a name without Latin letters makes none.
    author = args.author or (result.author_hint and author_id_for(result.author_hint)) or PLACEHOLDER_AUTHOR
    front = {
        "title": title, "title_by_editors": result.title is None, "author": author,
        "prompt": args.prompt or PLACEHOLDER_PROMPT, "date": result.date,
        "original_url": result.original_url, "original_site": result.original_site,
    }
    refused = _page_front(front, source, result, url_given=bool(args.url))
    if refused:
        return _fail(f"{source}: {refused} (nothing was written; TITLE=\"...\", AUTHOR=... and URL=... give "
                     "a title, an author id and the post's address)")
    path = essay_path(Path(args.docs), args.slug or slug_for(title))
    text = essay_text(front, result.body)
    try:
        write_new(path, text)
    except FileExistsError:
        return _fail(f"{path} already exists; nothing was changed (give SLUG=... to import under another name)")
    print(f"Created {visible(str(path))} from {visible(source)}")
    _print_changes(result, text.count("\n") - result.body.strip().count("\n"))
    if author not in authors:
        print("\n" + _author_hint(author, result.author_hint))
    if not args.prompt:
        print(f"\nSet `prompt:` to one of: {visible(', '.join(sorted(prompts)))}")
    print("\nNext: read the essay against the original, run `make check`, then `make serve`.")
    return 0


# What the page's metadata gave, which can lie: a value the essay's rules refuse is left out, and said.
FROM_THE_PAGE = ("date", "original_url", "original_site")


def _page_front(front: dict, source: str, result, url_given: bool) -> str | None:
    """Check `front` by the essay's rules (check's own), leaving out what the page gave that they
    refuse, with a change saying so; what else they refuse, said in one line (None: nothing)."""
    from anthology.catalog.validation import validate
    from anthology.contributing.importer import Change
    from anthology.files.source import YamlDoc

    problems: list = []
    validate(schema.EssayFrontMatter, YamlDoc(front), source, problems)
    refused = []
    for problem in problems:
        field = problem.field
        if field in FROM_THE_PAGE and not (field == "original_url" and url_given):
            result.changes.append(Change(None, f"the page's {field} '{schema.shortened(front[field])}' is left out: "
                                         f"{problem.message}"))
            front[field] = None
        else:
            refused.append(f"{field}: {problem.message}")
    return "; ".join(refused) or None


def _print_changes(result, first_line: int) -> None:
    """What the import changed, the page's as a whole first, then each at its line of the file
    (the body's first line is `first_line`), and the blog furniture it removed."""
    if result.changes:
        print("\nWhat the import changed; read each against the original:")
        for change in sorted(result.changes, key=lambda change: (change.line is not None, change.line or 0)):
            where = "  - " if change.line is None else f"  line {first_line + change.line - 1}: "
            print(where + visible(change.what))
    if result.removed:
        print("\nRemoved as blog furniture; review that none of it was the essay:")
        for line in result.removed:
            print(f"  - {visible(line)}")


def cmd_issue_form(args: argparse.Namespace) -> int:
    """Write GitHub's essay issue form, .github/ISSUE_TEMPLATE/essay.yml, from the registries."""
    from anthology.contributing.issueform import ISSUE_FORM, issue_form_text

    registries = _registries(args)
    if registries is None:
        return 1
    authors, prompts = registries
    ISSUE_FORM.parent.mkdir(parents=True, exist_ok=True)
    ISSUE_FORM.write_text(issue_form_text(authors.values(), prompts.values()), encoding="utf-8")
    print(f"Wrote {ISSUE_FORM.as_posix()}: {len(authors)} authors, {len(prompts)} prompts.", file=sys.stderr)
    return 0


def cmd_from_issue(args: argparse.Namespace) -> int:
    """Turn an issue made with the essay form into files, and check them as `check` does.

    Reads GitHub's `issues` event payload (--event), writes the essay (and a new writer's
    authors.yml entry) into the docs folder (`python -m anthology --docs FOLDER from-issue ...`;
    docs/ by default, so try it on a copy), and writes into --out: comment.md, the answer for the
    issue; when it is to be proposed, pull-request.md, files/ (the files for the pull request)
    and files.txt (their paths, one a line: the workflow copies those and no other). Prints
    lines for $GITHUB_OUTPUT: `clean`, `proposed` (clean, and labelled --approval-label when
    one is given) and `author` (the commit's). Exits 1 only when the event is not an issue's."""
    from anthology.contributing.proposal import EventError, commit_author, propose, read_event

    try:
        event = read_event(Path(args.event))
    except (EventError, OSError) as err:
        return _fail(f"{args.event}: {err}")
    proposal = propose(event, _sources(args), Path.cwd(), approval_label=args.approval_label.strip())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "comment.md").write_text(proposal.comment(), encoding="utf-8")
    for where, what in proposal.problems:
        print(visible(f"{where}: {what}"), file=sys.stderr)
    if proposal.proposed:
        (out / "pull-request.md").write_text(proposal.pull_request(), encoding="utf-8")
        for path in proposal.files:
            (out / "files" / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out / "files" / path)
        (out / "files.txt").write_text("".join(f"{path.as_posix()}\n" for path in proposal.files), encoding="utf-8")
        print(f"Clean: {', '.join(path.as_posix() for path in proposal.files)}", file=sys.stderr)
    print(f"clean={str(proposal.clean).lower()}\nproposed={str(proposal.proposed).lower()}\n"
          f"author={commit_author(event)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="anthology", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="docs", help="the docs folder (default: docs)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help=cmd_check.__doc__, description=cmd_check.__doc__)
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="'github' prints workflow annotations for pull requests")
    check.set_defaults(run=cmd_check)

    new = commands.add_parser("new", help=cmd_new.__doc__, description=cmd_new.__doc__)
    new.add_argument("--title", required=True, help="the essay's title")
    new.add_argument("--author", required=True, help="your author id, e.g. jane-doe")
    new.add_argument("--prompt", required=True, help="the prompt id the essay answers")
    new.add_argument("--slug", help="file name without .md (default: from the title)")
    new.set_defaults(run=cmd_new)

    imp = commands.add_parser("import", help=cmd_import.__doc__, description=cmd_import.__doc__)
    imp.add_argument("--source", required=True, help="a saved .html page, a .txt scrape, or the post's "
                     "http(s) address")
    imp.add_argument("--author", help="author id (default: from the byline, if any)")
    imp.add_argument("--prompt", help="prompt id")
    imp.add_argument("--title", help="title, when the post has none")
    imp.add_argument("--url", help="the post's original address, when the file does not say")
    imp.add_argument("--slug", help="file name without .md (default: from the title)")
    imp.set_defaults(run=cmd_import)

    form = commands.add_parser("issue-form", help=cmd_issue_form.__doc__, description=cmd_issue_form.__doc__)
    form.set_defaults(run=cmd_issue_form)

    from_issue = commands.add_parser("from-issue", help=cmd_from_issue.__doc__.splitlines()[0],
                                     description=cmd_from_issue.__doc__)
    from_issue.add_argument("--event", required=True, help="the event payload ($GITHUB_EVENT_PATH)")
    from_issue.add_argument("--out", required=True, help="a folder for the comment and the pull request's files")
    from_issue.add_argument("--approval-label", default="", help="propose a clean essay only once the issue has "
                            "this label (empty: at once)")
    from_issue.set_defaults(run=cmd_from_issue)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
