"""The registries: authors.yml, and prompts.yml with its challenges, read and checked."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from anthology.catalog import model
from anthology.catalog.validation import unknown, validate
from anthology.files.source import SourceError, YamlDoc, read_yaml_file
from anthology.files.tree import Sources, Tree
from anthology.rules import schema
from anthology.rules.addresses import AUTHORS_FILE, PROMPTS_FILE, page_url
from anthology.rules.limits import MAX_CHALLENGES, MAX_PROMPTS
from anthology.rules.problems import AnthologyError, Problem


def load_registries(sources: Sources) -> tuple[dict[str, model.Author], dict[str, model.Prompt]]:
    """Authors and prompts by id, without the essays (for `new` and `import`)."""
    tree = sources.scan()
    problems: list[Problem] = list(tree.dangerous)
    authors = load_authors(sources, tree, problems)
    _, prompts = load_prompts(sources, tree, problems)
    if problems:
        raise AnthologyError(problems)
    return authors, prompts


def load_authors(sources: Sources, tree: Tree, problems: list[Problem]) -> dict[str, model.Author] | None:
    """Authors by id; None when the file could not be read (its problems are reported)."""
    path = sources.registry_file(AUTHORS_FILE)
    parsed = validated_file(path, tree, sources, schema.AuthorsFile, problems)
    if parsed is None:
        return None
    doc, data = parsed
    authors: dict[str, model.Author] = {}
    names: dict[str, model.Author] = {}  # by name_key: a reader tells authors apart by their names
    for index, entry in enumerate(data.authors):
        if duplicate(entry.id, authors, "author", sources.shown(path), doc, ("authors", index), problems):
            continue
        named = names.get(schema.name_key(entry.display_name))
        if named is not None:
            problems.append(Problem(sources.shown(path), doc.line_of(("authors", index, "display_name")), "display_name",
                                    schema.MESSAGES["author_taken"].format(name=named.display_name, id=named.id)))
        links = [model.Link(link.title, link.url) for link in entry.links]
        authors[entry.id] = model.Author(
            entry.id, entry.display_name, entry.name_known, entry.attribution, entry.bio,
            links, page_url("authors", entry.id),
        )
        names.setdefault(schema.name_key(entry.display_name), authors[entry.id])
    return authors


def load_prompts(sources: Sources, tree: Tree, problems: list[Problem]):
    """Challenges and prompts by id; prompts None when the file could not be read. Each
    challenge holds its prompts by `order`; challenges come in the order they ran."""
    path = sources.registry_file(PROMPTS_FILE)
    shown = sources.shown(path)
    parsed = validated_file(path, tree, sources, schema.PromptsFile, problems)
    if parsed is None:
        return {}, None
    doc, data = parsed
    challenges: dict[str, model.Challenge] = {}
    titles: dict[str, str] = {}  # a title -> the challenge that has it
    for index, c in enumerate(data.challenges):
        if duplicate(c.id, challenges, "challenge", shown, doc, ("challenges", index), problems):
            continue
        if titles.setdefault(schema.name_key(c.title), c.id) != c.id:
            problems.append(Problem(shown, doc.line_of(("challenges", index, "title")), "title",
                                    f"'{titles[schema.name_key(c.title)]}' has this title already: a reader tells "
                                    "challenges apart by their titles"))
        challenges[c.id] = model.Challenge(c.id, c.title, c.organiser, c.started, c.cadence, c.description,
                                           page_url("challenges", c.id))
    for name, count, limit in (("challenges", len(data.challenges), MAX_CHALLENGES),
                               ("prompts", len(data.prompts), MAX_PROMPTS)):
        if count > limit:
            problems.append(Problem(shown, doc.line_of((name,)), name, f"more than {limit} {name}: each is in "
                                    "every page's navigation"))
            return challenges, None
    prompts: dict[str, model.Prompt] = {}
    numbers: dict[tuple[str, int], str] = {}  # (challenge, number): the prompt that has it
    for index, p in enumerate(data.prompts):
        loc = ("prompts", index)
        if duplicate(p.id, prompts, "prompt", shown, doc, loc, problems):
            continue
        challenge = challenges.get(p.challenge)
        if challenge is None:
            problems.append(unknown(shown, doc.line_of(loc + ("challenge",)), "challenge", p.challenge, challenges))
            continue
        if p.number is not None and numbers.setdefault((challenge.id, p.number), p.id) != p.id:
            problems.append(Problem(shown, doc.line_of(loc + ("number",)), "number",
                                    f"prompt {p.number} of '{challenge.id}' is '{numbers[challenge.id, p.number]}' "
                                    "already: a number is used once in each challenge"))
        prompts[p.id] = model.Prompt(
            p.id, challenge, p.order, p.number, p.title, p.question, p.wording, page_url("prompts", p.id)
        )
        challenge.prompts.append(prompts[p.id])
    _label(prompts.values())
    first = {c.id: index for index, c in reversed(list(enumerate(data.challenges)))}
    for challenge in challenges.values():
        if not challenge.prompts:
            problems.append(Problem(shown, doc.line_of(("challenges", first[challenge.id], "id")), "id",
                                    f"challenge '{challenge.id}' has no prompts: add its prompts under "
                                    "`prompts:`, each with `challenge: " + challenge.id + "`"))
        challenge.prompts.sort(key=lambda prompt: (prompt.order, prompt.title.casefold()))
    return challenges, prompts


def _label(prompts) -> None:
    """Where a list names prompts of every challenge together (search's filter, feeds), a title
    that two challenges use is followed by the challenge's: "Why I stay (Fall 2016 ...)"."""
    by_title: dict[str, set[str]] = {}
    for prompt in prompts:
        by_title.setdefault(schema.name_key(prompt.title), set()).add(prompt.challenge.id)
    for prompt in prompts:
        shared = len(by_title[schema.name_key(prompt.title)]) > 1
        prompt.label = f"{prompt.title} ({prompt.challenge.title})" if shared else prompt.title


def validated_file(path: Path, tree: Tree, sources: Sources, kind: type[BaseModel], problems: list[Problem]):
    shown = sources.shown(path)
    if tree.registries.get(path.name) != path:
        if not any(problem.path == shown for problem in tree.problems):  # a link, say: said already
            problems.append(Problem(shown, None, None, "is missing: the site needs this registry"))
        return None
    try:
        doc = read_yaml_file(path, shown, model=kind)
    except SourceError as err:
        problems += err.problems
        return None
    data = validate(kind, doc, shown, problems)
    return None if data is None else (doc, data)


def duplicate(key, seen: dict, kind: str, shown: str, doc: YamlDoc, loc, problems) -> bool:
    if key not in seen:
        return False
    problems.append(Problem(shown, doc.line_of(loc + ("id",)), "id", f"{kind} id '{key}' is used twice; ids must be unique"))
    return True


# --- assembly --------------------------------------------------------------------------


def challenges_in_order(challenges) -> list[model.Challenge]:
    """Challenges in the order they ran (then by title): the order every list shows them in."""
    return sorted(challenges, key=lambda c: (c.started, c.title.casefold(), c.id))
