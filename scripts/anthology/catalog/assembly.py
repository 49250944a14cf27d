"""The anthology checked as a whole: registries and essays read, problems gathered, the model built.

This is the one validator: the MkDocs plugin, `make check` and the converter all call
`load_catalog` or `read_catalog`. It collects every problem before giving up, so a contributor
sees all of them in one run.
"""

from __future__ import annotations

from anthology.catalog import model
from anthology.catalog.essays import (load_essay, missing_parts, read_essay_file, shared_originals,
                                      shared_tag_addresses)
from anthology.catalog.registries import challenges_in_order, load_authors, load_prompts
from anthology.files.tree import Sources
from anthology.rendering.essay import Targets
from anthology.rules.problems import AnthologyError, Problem, in_order

MORE_FROM_PROMPT = 5  # "more from this prompt" at the end of an essay: a few, not all
MORE_BY_AUTHOR = 5  # "more by this author" at the end of an essay, as few


def load_catalog(sources: Sources) -> model.Catalog:
    """The validated catalog, or `AnthologyError` listing every problem found."""
    catalog, problems, _ = read_catalog(sources)
    if problems:
        raise AnthologyError(problems)
    return catalog


def read_catalog(sources: Sources) -> tuple[model.Catalog, list[Problem], list[Problem]]:
    """A catalog of the essays that have no problem (and whose author and prompt could be
    read), what a preview can show while a contributor fixes the rest; every problem found; and
    those of them that no build may go near (`tree.Tree.dangerous`)."""
    tree = sources.scan()
    problems: list[Problem] = list(tree.problems)
    authors = load_authors(sources, tree, problems)
    challenges, prompts = load_prompts(sources, tree, problems)
    tags: dict[str, model.Tag] = {}  # by slug, filled as essays name them
    targets = Targets(frozenset(path.stem for path in tree.essays), frozenset(tree.images), sources.essays)
    files = [read_essay_file(path, sources, targets) for path in tree.essays]
    essays = [load_essay(file, sources, authors, prompts, tags, problems) for file in files]
    problems += shared_originals(files)
    problems += shared_tag_addresses(files)
    problems += missing_parts(files)  # every essay rendered: each one's ids are known
    broken = {problem.path for problem in problems}
    whole = [essay for essay, file in zip(essays, files) if essay and file.shown not in broken]
    catalog = _assemble(challenges, prompts or {}, authors or {}, whole, tags)
    return catalog, in_order(problems), tree.dangerous


def _assemble(challenges, prompts, authors, essays, tags) -> model.Catalog:
    """Link essays into their prompt, author and tags, in reading order: challenges in the
    order they ran, each one's prompts by `order`, each prompt's essays by date."""
    challenge_list = challenges_in_order(challenges.values())
    prompt_list = [prompt for challenge in challenge_list for prompt in challenge.prompts]
    place = {prompt.id: index for index, prompt in enumerate(prompt_list)}
    ordered = sorted(essays, key=lambda essay: (place[essay.prompt.id],) + _reading_order(essay))
    for essay in ordered:
        essay.prompt.essays.append(essay)
        essay.author.essays.append(essay)
        for tag in essay.tags:
            tag.essays.append(essay)
    for prompt in prompt_list:
        for before, after in zip(prompt.essays, prompt.essays[1:]):
            before.next, after.previous = after, before
        _link_more(prompt.essays)
    for author in authors.values():
        _link_by_author(author.essays)
    return model.Catalog(
        challenges=challenge_list,
        prompts=prompt_list,
        authors=sorted(authors.values(), key=lambda a: a.display_name.casefold()),
        essays=[e for p in prompt_list for e in p.essays],
        tags=sorted((tag for tag in tags.values() if tag.essays), key=lambda t: t.name.casefold()),
    )


def _link_more(essays: list[model.Essay]) -> None:
    # The essays after this one in reading order, wrapping round, leaving out the previous and
    # next (the page links them on their own): every page stays small however large the prompt
    # grows, as at most two more are looked at.
    count = len(essays)
    for index, essay in enumerate(essays):
        after = (essays[(index + step) % count] for step in range(1, min(count, MORE_FROM_PROMPT + 3)))
        essay.more = [other for other in after if other is not essay.previous and other is not essay.next]
        del essay.more[MORE_FROM_PROMPT:]


def _link_by_author(essays: list[model.Essay]) -> None:
    # The author's first few essays in reading order, this one left out.
    for essay in essays:
        essay.by_author = [other for other in essays[:MORE_BY_AUTHOR + 1] if other is not essay][:MORE_BY_AUTHOR]


def _reading_order(essay: model.Essay):
    # Within a prompt, dated essays first, oldest first; undated ones after, by title: stable
    # across builds.
    return (essay.date is None, essay.date or 0, essay.title.casefold(), essay.id)
