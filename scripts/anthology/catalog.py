"""Load the registries and every essay, check them as a whole, and build the model.

This is the one validator: the MkDocs hooks and `make check` both call `load_catalog`. It
collects every problem before giving up, so a contributor sees all of them in one run.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import model, schema
from .problems import AnthologyError, Problem, in_order
from .limits import MAX_CHALLENGES, MAX_PROBLEMS_PER_FILE, MAX_PROMPTS
from .rendering import EssayHtml, Targets, render_essay
from .safety import blank_code
from .source import EssaySource, SourceError, YamlDoc, read_essay, read_yaml_file
from .tree import AUTHORS_FILE, PROMPTS_FILE, Tree, scan, suggest_slug

ESSAYS_DIR = "essays"  # under docs/; the default of the plugin's `essays` option
REGISTRY_DIR = "registry"  # the default of its `registry` option
WORDS_PER_MINUTE = 200  # a common estimate for reading prose on screen

WORD = re.compile(r"\w[\w’'-]*")
# Each pattern stops at the next bracket of its kind or the line's end: one that ran on to the
# end of the text for every "[" or "<" would take the square of the essay's length.
LINK_TARGET = re.compile(r"\]\([^()\n]*\)|<!--.*?(?:-->|$)|<[^<>]*>", re.DOTALL)
LINK_TEXT = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
TITLE_HEADING = re.compile(r"^# \S", re.MULTILINE)
MORE_FROM_PROMPT = 5  # "more from this prompt" at the end of an essay: a few, not all
@dataclass
class Sources:
    """Where the anthology's files are, and how to name them in messages."""

    docs_dir: Path
    shown_root: Path  # paths in messages are relative to this (the project folder)
    use_directory_urls: bool = True
    essays: str = ESSAYS_DIR  # folders under docs_dir
    registry: str = REGISTRY_DIR

    def __post_init__(self) -> None:
        # Absolute, not resolved: a link is looked at, never followed (anthology.tree).
        self.docs_dir = self.docs_dir.absolute()
        self.shown_root = self.shown_root.absolute()

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.shown_root).as_posix()
        except ValueError:
            return path.as_posix()

    def scan(self) -> Tree:
        return scan(self.docs_dir, self.essays, self.registry, self.shown)

    def registry_file(self, name: str) -> Path:
        return self.docs_dir / self.registry / name

    def url(self, folder: str, slug: str) -> str:
        return f"{folder}/{slug}/" if self.use_directory_urls else f"{folder}/{slug}.html"

    def index_url(self, folder: str, slug: str) -> str:
        """The address of `<folder>/<slug>/index.md`: a page with files of its own beside it."""
        return f"{folder}/{slug}/" if self.use_directory_urls else f"{folder}/{slug}/index.html"


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
    authors = _load_authors(sources, tree, problems)
    challenges, prompts = _load_prompts(sources, tree, problems)
    tags: dict[str, model.Tag] = {}  # by slug, filled as essays name them
    targets = Targets(frozenset(path.stem for path in tree.essays), frozenset(tree.images), sources.essays)
    files = [_read_essay_file(path, sources, targets) for path in tree.essays]
    essays = [_load_essay(file, sources, authors, prompts, tags, problems) for file in files]
    problems += _shared_originals(files)
    problems += _shared_tag_addresses(files)
    broken = {problem.path for problem in problems}
    whole = [essay for essay, file in zip(essays, files) if essay and file.shown not in broken]
    catalog = _assemble(challenges, prompts or {}, authors or {}, whole, tags)
    return catalog, in_order(problems), tree.dangerous


def _shared_originals(files: list[EssayFile]) -> list[Problem]:
    """An essay is in the anthology once: two files with one original_url are reported at both."""
    by_url: dict[str, list[EssayFile]] = {}
    for file in files:
        if file.front is not None and file.front.original_url:
            by_url.setdefault(file.front.original_url.rstrip("/"), []).append(file)
    return [
        Problem(file.shown, file.source.front.line_of(("original_url",)), "original_url",
                f"the same original as {', '.join(other.shown for other in same if other is not file)}: "
                "an essay is in the anthology once")
        for same in by_url.values() if len(same) > 1 for file in same
    ]


def _shared_tag_addresses(files: list[EssayFile]) -> list[Problem]:
    """Each tag is a page at tags/<slug>/: two spellings that would share one ("C++" and "c++",
    or two names slugify cannot tell apart) are reported at every essay that writes them, so
    that no essay's tag is shown in another essay's spelling."""
    by_slug: dict[str, dict[str, list[tuple[EssayFile, int]]]] = {}
    for file in files:
        for index, name in enumerate(file.front.tags if file.front else []):
            by_slug.setdefault(_tag_slug(name), {}).setdefault(name, []).append((file, index))
    problems = []
    for slug, names in by_slug.items():
        if len(names) < 2:
            continue
        for name, places in names.items():
            others = ", ".join(f"'{other}' ({where[0][0].shown})" for other, where in names.items() if other != name)
            for file, index in places:
                problems.append(Problem(file.shown, file.source.front.line_of(("tags", index)), f"tags.{index}",
                                        f"'{name}' and {others} would share one tag page, tags/{slug}/: "
                                        "write the tag the same way in both, or tell them apart"))
    return problems


# --- registries ------------------------------------------------------------------------


def load_registries(sources: Sources) -> tuple[dict[str, model.Author], dict[str, model.Prompt]]:
    """Authors and prompts by id, without the essays (for `new` and `import`)."""
    tree = sources.scan()
    problems: list[Problem] = list(tree.dangerous)
    authors = _load_authors(sources, tree, problems)
    _, prompts = _load_prompts(sources, tree, problems)
    if problems:
        raise AnthologyError(problems)
    return authors, prompts


def _load_authors(sources: Sources, tree: Tree, problems: list[Problem]) -> dict[str, model.Author] | None:
    """Authors by id; None when the file could not be read (its problems are reported)."""
    path = sources.registry_file(AUTHORS_FILE)
    parsed = _validated_file(path, tree, sources, schema.AuthorsFile, problems)
    if parsed is None:
        return None
    doc, data = parsed
    authors: dict[str, model.Author] = {}
    names: dict[str, model.Author] = {}  # by name_key: a reader tells authors apart by their names
    for index, entry in enumerate(data.authors):
        if _duplicate(entry.id, authors, "author", sources.shown(path), doc, ("authors", index), problems):
            continue
        named = names.get(schema.name_key(entry.display_name))
        if named is not None:
            problems.append(Problem(sources.shown(path), doc.line_of(("authors", index, "display_name")), "display_name",
                                    schema.MESSAGES["author_taken"].format(name=named.display_name, id=named.id)))
        links = [model.Link(link.title, link.url) for link in entry.links]
        authors[entry.id] = model.Author(
            entry.id, entry.display_name, entry.name_known, entry.attribution, entry.bio,
            links, sources.url("authors", entry.id),
        )
        names.setdefault(schema.name_key(entry.display_name), authors[entry.id])
    return authors


def _load_prompts(sources: Sources, tree: Tree, problems: list[Problem]):
    """Challenges and prompts by id; prompts None when the file could not be read. Each
    challenge holds its prompts by `order`; challenges come in the order they ran."""
    path = sources.registry_file(PROMPTS_FILE)
    shown = sources.shown(path)
    parsed = _validated_file(path, tree, sources, schema.PromptsFile, problems)
    if parsed is None:
        return {}, None
    doc, data = parsed
    challenges: dict[str, model.Challenge] = {}
    titles: dict[str, str] = {}  # a title -> the challenge that has it
    for index, c in enumerate(data.challenges):
        if _duplicate(c.id, challenges, "challenge", shown, doc, ("challenges", index), problems):
            continue
        if titles.setdefault(schema.name_key(c.title), c.id) != c.id:
            problems.append(Problem(shown, doc.line_of(("challenges", index, "title")), "title",
                                    f"'{titles[schema.name_key(c.title)]}' has this title already: a reader tells "
                                    "challenges apart by their titles"))
        challenges[c.id] = model.Challenge(c.id, c.title, c.organiser, c.started, c.cadence, c.description,
                                           sources.index_url("challenges", c.id))
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
        if _duplicate(p.id, prompts, "prompt", shown, doc, loc, problems):
            continue
        challenge = challenges.get(p.challenge)
        if challenge is None:
            problems.append(_unknown(shown, doc.line_of(loc + ("challenge",)), "challenge", p.challenge, challenges))
            continue
        if p.number is not None and numbers.setdefault((challenge.id, p.number), p.id) != p.id:
            problems.append(Problem(shown, doc.line_of(loc + ("number",)), "number",
                                    f"prompt {p.number} of '{challenge.id}' is '{numbers[challenge.id, p.number]}' "
                                    "already: a number is used once in each challenge"))
        prompts[p.id] = model.Prompt(
            p.id, challenge, p.order, p.number, p.title, p.question, p.wording, sources.url("prompts", p.id)
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


def _validated_file(path: Path, tree: Tree, sources: Sources, kind: type[BaseModel], problems: list[Problem]):
    shown = sources.shown(path)
    if tree.registries.get(path.name) != path:
        if not any(problem.path == shown for problem in tree.problems):  # a link, say: said already
            problems.append(Problem(shown, None, None, "is missing: the site needs this registry"))
        return None
    try:
        doc = read_yaml_file(path, shown)
    except SourceError as err:
        problems += err.problems
        return None
    data = _validate(kind, doc, shown, problems)
    return None if data is None else (doc, data)


def _duplicate(key, seen: dict, kind: str, shown: str, doc: YamlDoc, loc, problems) -> bool:
    if key not in seen:
        return False
    problems.append(Problem(shown, doc.line_of(loc + ("id",)), "id", f"{kind} id '{key}' is used twice; ids must be unique"))
    return True


# --- essays ----------------------------------------------------------------------------


@dataclass
class EssayFile:
    """One essay file read and checked on its own, before it is linked to its author, prompt
    and tags."""

    path: Path
    shown: str
    problems: list[Problem]
    source: EssaySource | None = None
    front: schema.EssayFrontMatter | None = None  # None: not an essay the site can show
    words: int = 0
    description: str = ""
    html: EssayHtml | None = None


def _read_essay_file(path: Path, sources: Sources, targets: Targets) -> EssayFile:
    shown = sources.shown(path)
    if not re.fullmatch(schema.ID_PATTERN, path.stem):
        return EssayFile(path, shown, [Problem(shown, None, None, "file name must be lowercase words joined "
                         f"by hyphens, like '{suggest_slug(path.stem)}.md'; it becomes the page's address")])
    if path.stem in schema.WINDOWS_NAMES:
        return EssayFile(path, shown, [Problem(shown, None, None, schema.MESSAGES["windows"].format(value=path.name))])
    if path.stem in schema.RESERVED_IDS:
        return EssayFile(path, shown, [Problem(shown, None, None, f"'{path.name}' would be the essays folder's own "
                         "page, not an essay's: name the file after the essay, like 'my-essay.md'")])
    try:
        source = read_essay(path, shown)
    except SourceError as err:
        return EssayFile(path, shown, err.problems)
    problems: list[Problem] = []
    front = _validate(schema.EssayFrontMatter, source.front, shown, problems)
    html, found = render_essay(source.body, source.body_line, shown, targets)
    problems += found
    problems += _title_headings(source.body, source.body_line, shown)
    words = count_words(source.body)
    if words == 0:
        problems.append(Problem(shown, source.body_line, None, "the essay has no words a reader would see after "
                                "the front matter (only blank lines, comments or markup): write the essay there"))
        return EssayFile(path, shown, problems, source)
    if front is None or html is None:
        return EssayFile(path, shown, problems, source)
    return EssayFile(path, shown, problems, source, front, words,
                     front.summary or opening_sentences(source.body), html)


def _load_essay(file: EssayFile, sources, authors, prompts, tags, problems) -> model.Essay | None:
    """The essay linked to its author, prompt and tags, or None (its problems are reported)."""
    problems += file.problems
    front, source = file.front, file.source
    if front is None:
        if source is not None:  # schema problems must not hide an unknown author or prompt
            _look_up_raw(file, authors, prompts, problems)
        return None
    author = _look_up("author", front.author, authors, file, problems)
    prompt = _look_up("prompt", front.prompt, prompts, file, problems)
    if author is None or prompt is None:
        return None
    slug = file.path.stem
    return model.Essay(
        id=slug, src_uri=f"{sources.essays}/{file.path.name}", url=sources.url(sources.essays, slug),
        title=front.title, title_by_editors=front.title_by_editors, author=author, prompt=prompt,
        date=front.date, original_url=front.original_url, original_site=front.original_site,
        tags=[_tag(name, tags, sources) for name in front.tags], summary=front.summary,
        words=file.words, reading_minutes=max(1, math.ceil(file.words / WORDS_PER_MINUTE)),
        description=file.description, front_matter=source.front.data, markdown=source.body,
        html=file.html.html, headings=file.html.headings,
    )


def _look_up(field: str, value: str, known: dict | None, file: EssayFile, problems: list[Problem]):
    """The registry entry `value` names, or None with a problem. None and no problem when the
    registry could not be read: its own problem says why, and every id would be unknown."""
    if known is None:
        return None
    found = known.get(value)
    if found is None:
        problems.append(_unknown(file.shown, file.source.front.line_of((field,)), field, value, known))
    return found


def _look_up_raw(file: EssayFile, authors, prompts, problems: list[Problem]) -> None:
    """The author and prompt of a file whose front matter failed the schema, looked up where
    the schema found nothing wrong with them."""
    data = file.source.front.data
    reported = {problem.field for problem in file.problems}
    for field, known in (("author", authors), ("prompt", prompts)):
        value = data.get(field) if isinstance(data, dict) else None
        if field not in reported and isinstance(value, str) and re.fullmatch(schema.ID_PATTERN, value):
            _look_up(field, value, known, file, problems)


def _title_headings(body: str, first_line: int, shown: str) -> list[Problem]:
    # The page shows `title` as its one top-level heading; a second would confuse screen
    # readers and the contents. Lines inside fenced code are not headings.
    if not body.startswith("# ") and "\n# " not in body:  # most essays: skip the scan
        return []
    text = blank_code(body)
    return [
        Problem(shown, first_line + text.count("\n", 0, match.start()), None, "a '# ' heading in the "
                "essay: the page already shows the title; use '## ' for a section heading")
        for match in TITLE_HEADING.finditer(text)
    ]


def count_words(markdown: str) -> int:
    """Words a reader reads: link targets, HTML comments and tags are not words."""
    return len(WORD.findall(LINK_TARGET.sub("]", markdown)))


def opening_sentences(markdown: str, limit: int = 200) -> str:
    """The first sentences of the first paragraph of prose, as plain text, about `limit` long."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if block and not re.match(r"(#|>|[-*+] |\d+\. |```|<)", block):
            text = re.sub(r"[*_`]", "", LINK_TEXT.sub(r"\1", " ".join(block.split())))
            sentences = re.findall(r".+?(?:[.!?…](?=\s|$)|$)", text)
            chosen = ""
            for sentence in sentences:
                if chosen and len(chosen) + len(sentence) > limit:
                    break
                chosen += sentence
            return chosen.strip()
    return ""


# --- messages --------------------------------------------------------------------------


def _validate(kind: type[BaseModel], doc: YamlDoc, shown: str, problems: list[Problem]):
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}, not a mapping of keys to values"
        problems.append(Problem(shown, doc.line_of(()), None, f"the YAML is {what}"))
        return None
    try:
        return kind.model_validate(doc.data)
    except ValidationError as err:
        errors = err.errors()
        for error in errors[:MAX_PROBLEMS_PER_FILE]:
            problems.append(_problem_from(error, kind, doc, shown))
        if len(errors) > MAX_PROBLEMS_PER_FILE:
            problems.append(Problem(shown, None, None, f"and {len(errors) - MAX_PROBLEMS_PER_FILE:,} more problems "
                                    "like these in this file"))
        return None


def _problem_from(error: dict, kind: type[BaseModel], doc: YamlDoc, shown: str) -> Problem:
    loc = error["loc"]
    field = ".".join(str(part) for part in loc) or None
    line = doc.line_of(loc)
    kind_of = error["type"]
    if kind_of == "missing":
        message = schema.MESSAGES["required"]
        line = doc.line_of(loc[:-1])
    elif kind_of == "extra_forbidden":
        message = f"unknown field{did_you_mean(str(loc[-1]), _fields_at(kind, loc[:-1]))}"
    elif kind_of == "string_pattern_mismatch":
        message = schema.MESSAGES["id"].format(value=error["input"])
    elif kind_of in ("string_type", "string_too_short"):
        message = schema.MESSAGES["text"]
    elif kind_of == "string_too_long":
        message = schema.MESSAGES["long"].format(**error["ctx"])
    elif kind_of == "too_long" and loc == ("tags",):
        message = schema.MESSAGES["tags"].format(**error["ctx"])
    else:
        message = error["msg"].removeprefix("Value error, ")
    return Problem(shown, line, field, message)


def _fields_at(kind: type[BaseModel], loc) -> list[str]:
    """The allowed field names of the model found at `loc` (for lists of entries, too)."""
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = kind.model_fields[part].annotation
        kind = getattr(annotation, "__args__", (annotation,))[0]
    return list(kind.model_fields)


MAX_KNOWN_SHOWN = 12  # ids listed in "unknown id" messages: a registry of thousands is not listed


def did_you_mean(word: str, known) -> str:
    """" 'word' (known: a, b, …; did you mean 'x'?)": a few known ids, the closest first."""
    known = sorted(known)
    close = difflib.get_close_matches(word, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    shown = ", ".join(known[:MAX_KNOWN_SHOWN]) + (f", … {len(known) - MAX_KNOWN_SHOWN:,} more"
                                                  if len(known) > MAX_KNOWN_SHOWN else "")
    return f" '{word}' (known: {shown}{hint})" if known else f" '{word}'"


def _unknown(shown: str, line: int | None, field: str, value: str, known) -> Problem:
    return Problem(shown, line, field, f"unknown {field} id{did_you_mean(value, known)}")


# --- assembly --------------------------------------------------------------------------


def challenges_in_order(challenges) -> list[model.Challenge]:
    """Challenges in the order they ran (then by title): the order every list shows them in."""
    return sorted(challenges, key=lambda c: (c.started, c.title.casefold(), c.id))


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
    return model.Catalog(
        challenges=challenge_list,
        prompts=prompt_list,
        authors=sorted(authors.values(), key=lambda a: a.display_name.casefold()),
        essays=[e for p in prompt_list for e in p.essays],
        tags=sorted((tag for tag in tags.values() if tag.essays), key=lambda t: t.name.casefold()),
    )


def _link_more(essays: list[model.Essay]) -> None:
    # The essays after this one in reading order, wrapping round: every page stays small
    # however large the prompt grows.
    count = len(essays)
    for index, essay in enumerate(essays):
        essay.more = [essays[(index + step) % count] for step in range(1, min(count, MORE_FROM_PROMPT + 1))]


def _tag(name: str, tags: dict[str, model.Tag], sources: Sources) -> model.Tag:
    # One slug, one spelling: _shared_tag_addresses reports any other.
    slug = _tag_slug(name)
    if slug not in tags:
        tags[slug] = model.Tag(name, slug, sources.url("tags", slug))
    return tags[slug]


@functools.lru_cache(maxsize=None)
def _tag_slug(name: str) -> str:
    """A tag's address (`schema.tag_slug`, whose table the essay form reads too)."""
    # Thousands of essays name a few dozen tags: each name is spelled once (the cache).
    return schema.tag_slug(name)


def _reading_order(essay: model.Essay):
    # Within a prompt, dated essays first, oldest first; undated ones after, by title: stable
    # across builds.
    return (essay.date is None, essay.date or 0, essay.title.casefold(), essay.id)
