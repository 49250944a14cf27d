"""Each essay read, its front matter validated, its ids looked up and its body rendered once."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import markupever

from anthology.catalog import model
from anthology.catalog.validation import unknown, validate
from anthology.files.source import EssaySource, SourceError, read_essay
from anthology.files.tree import Sources
from anthology.rendering.essay import NOTE_REFERENCE, EssayHtml, Parts, Targets, missing_part, render_essay
from anthology.rendering.safety import Lines, Unsafe, blank_code
from anthology.rules import schema
from anthology.rules.addresses import page_url, slug_for, tag_slug
from anthology.rules.problems import Problem

WORDS_PER_MINUTE = 200  # a common estimate for reading prose on screen

WORD = re.compile(r"\w[\w’'-]*")
# Each pattern stops at the next bracket of its kind or the line's end: one that ran on to the
# end of the text for every "[" or "<" would take the square of the essay's length.
LINK_TARGET = re.compile(r"\]\([^()\n]*\)|<!--.*?(?:-->|$)|<[^<>]*>", re.DOTALL)
# A sentence ends at a full stop and a space, or at an ideographic full stop (Chinese and Japanese
# put no space after one).
SENTENCE = re.compile(r".+?(?:[.!?…](?=\s|$)|[。！？]|$)")
# Chinese and Japanese characters: Han ideographs, then the kana only Japanese writes.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
LETTER = re.compile(r"[^\W\d_]")
_FRAGMENT = markupever.HtmlOptions(full_document=False)
TITLE_HEADING = re.compile(r"^# \S", re.MULTILINE)


def shared_originals(files: list[EssayFile]) -> list[Problem]:
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


def shared_tag_addresses(files: list[EssayFile]) -> list[Problem]:
    """Each tag is a page at tags/<slug>/: two spellings that would share one ("C++" and "c++",
    or two names slugify cannot tell apart) are reported at every essay that writes them, so
    that no essay's tag is shown in another essay's spelling."""
    by_slug: dict[str, dict[str, list[tuple[EssayFile, int]]]] = {}
    for file in files:
        for index, name in enumerate(_tags(file)):
            by_slug.setdefault(tag_slug_of(name), {}).setdefault(name, []).append((file, index))
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


def _tags(file: EssayFile) -> list[str]:
    """The essay's tags, from front matter that failed the schema too where its tags pass it."""
    if file.front is not None:
        return file.front.tags
    data = file.source.front.data if file.source is not None and file.source.front is not None else None
    if not isinstance(data, dict) or any((problem.field or "").split(".")[0] == "tags" for problem in file.problems):
        return []
    return schema.essay_tags(data.get("tags", [])) or []


def missing_parts(files: list[EssayFile]) -> list[Problem]:
    """Each link to a part of another essay that the other essay does not have, at its line,
    with the other essay's headings: every essay that could be rendered, problems of its own or
    not, so that a contributor sees these with the rest."""
    rendered = {file.path.stem: file.parts for file in files if file.parts is not None}
    problems = []
    for file in files:
        lines = None  # found only for an essay with such a link: most have none
        for link in file.parts.links if file.parts is not None else ():
            other = rendered.get(link.essay)
            if other is None or link.id in other.ids:
                continue
            lines = lines or Lines(file.source.body, file.source.body_line)
            problems.append(Problem(file.shown, lines.of(Unsafe("a", "", link.written)), None,
                                    missing_part(link.written, f"{link.essay}.md", other.listed)))
    return problems


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
    language: str | None = None  # None: the site's
    parts: Parts | None = None  # its ids and links to other essays' parts, when it could be rendered


def read_essay_file(path: Path, sources: Sources, targets: Targets) -> EssayFile:
    shown = sources.shown(path)
    if not re.fullmatch(schema.ID_PATTERN, path.stem):
        return EssayFile(path, shown, [Problem(shown, None, None, "file name must be lowercase words joined "
                         f"by hyphens, like '{slug_for(path.stem)}.md'; it becomes the page's address")])
    if path.stem in schema.WINDOWS_NAMES:
        return EssayFile(path, shown, [Problem(shown, None, None, schema.MESSAGES["windows"].format(value=path.name))])
    if path.stem in schema.RESERVED_IDS:
        return EssayFile(path, shown, [Problem(shown, None, None, f"'{path.name}' would be the essays folder's own "
                         "page, not an essay's: name the file after the essay, like 'my-essay.md'")])
    try:
        source = read_essay(path, shown)
    except SourceError as err:
        return EssayFile(path, shown, err.problems)
    # Front matter YAML cannot read still leaves the body to check: every problem at once.
    problems: list[Problem] = list(source.problems)
    front = None if source.front is None else validate(schema.EssayFrontMatter, source.front, shown, problems)
    parts: list[Parts] = []
    html, found = render_essay(source.body, source.body_line, shown, targets, parts)
    essay_parts = parts[0] if parts else None
    problems += found
    problems += _title_headings(source.body, source.body_line, shown)
    problems += _example_left(source.body, source.body_line, shown)
    words = count_words(source.body)
    if words == 0:
        problems.append(Problem(shown, source.body_line, None, "the essay has no words a reader would see after "
                                "the front matter (only blank lines, comments or markup): write the essay there"))
        return EssayFile(path, shown, problems, source, parts=essay_parts)
    if front is None or html is None:
        return EssayFile(path, shown, problems, source, parts=essay_parts)
    description = front.summary or opening_sentences(markupever.parse(html.html, _FRAGMENT))
    return EssayFile(path, shown, problems, source, front, words, description, html, language_of(html.html),
                     essay_parts)


def load_essay(file: EssayFile, sources, authors, prompts, tags, problems) -> model.Essay | None:
    """The essay linked to its author, prompt and tags, or None (its problems are reported)."""
    problems += file.problems
    front, source = file.front, file.source
    if front is None:
        # Schema problems must not hide an unknown author or prompt.
        if source is not None and source.front is not None:
            _look_up_raw(file, authors, prompts, problems, _new_here(sources))
        return None
    author = _look_up("author", front.author, authors, file, problems, _new_here(sources))
    prompt = _look_up("prompt", front.prompt, prompts, file, problems)
    if author is None or prompt is None:
        return None
    slug = file.path.stem
    return model.Essay(
        id=slug, src_uri=f"{sources.essays}/{file.path.name}", url=page_url(sources.essays, slug),
        title=front.title, title_by_editors=front.title_by_editors, author=author, prompt=prompt,
        date=front.date, original_url=front.original_url, original_site=front.original_site,
        tags=[_tag(name, tags, sources) for name in front.tags], summary=front.summary,
        words=file.words, reading_minutes=max(1, math.ceil(file.words / WORDS_PER_MINUTE)),
        description=file.description, language=file.language, front_matter=source.front.data, markdown=source.body,
        html=file.html.html, headings=file.html.headings,
    )


def _look_up(field: str, value: str, known: dict | None, file: EssayFile, problems: list[Problem], hint: str = ""):
    """The registry entry `value` names, or None with a problem. None and no problem when the
    registry could not be read: its own problem says why, and every id would be unknown."""
    if known is None:
        return None
    found = known.get(value)
    if found is None:
        problems.append(unknown(file.shown, file.source.front.line_of((field,)), field, value, known, hint))
    return found


def _new_here(sources: Sources) -> str:
    # An unknown author is most often a new writer who has not added themselves yet.
    return (f"; new here? Add yourself to {sources.shown(sources.registry_file('authors.yml'))}: `make new` "
            "prints the entry")


def _look_up_raw(file: EssayFile, authors, prompts, problems: list[Problem], new_author: str) -> None:
    """The author and prompt of a file whose front matter failed the schema, looked up where
    the schema found nothing wrong with them."""
    data = file.source.front.data
    reported = {problem.field for problem in file.problems}
    for field, known, hint in (("author", authors, new_author), ("prompt", prompts, "")):
        value = data.get(field) if isinstance(data, dict) else None
        if field not in reported and isinstance(value, str) and re.fullmatch(schema.ID_PATTERN, value):
            _look_up(field, value, known, file, problems, hint)


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


def _example_left(body: str, first_line: int, shown: str) -> list[Problem]:
    # `make new` writes this line for the writer to replace: an essay that still holds it is a draft.
    at = body.find(schema.EXAMPLE_BODY)
    if at < 0:
        return []
    return [Problem(shown, first_line + body.count("\n", 0, at), None, f"'{schema.EXAMPLE_BODY}' is the line "
                    "`make new` wrote for you to replace: write your essay in its place")]


def count_words(markdown: str) -> int:
    """Words a reader reads: link targets, HTML comments and tags are not words."""
    return len(WORD.findall(LINK_TARGET.sub("]", markdown)))


def opening_sentences(tree: markupever.dom.TreeDom, limit: int = 200) -> str:
    """The first sentences of the essay's first paragraph of prose, about `limit` long, as the reader
    reads them: the rendered essay's text, so no Markdown mark, link address, image, tag or entity
    is left, and no note's number."""
    for block in tree.root().children():
        if isinstance(block, markupever.dom.Element) and block.name.local == "p":
            text = " ".join(_read(block).split())
            if text:
                chosen = ""
                for sentence in SENTENCE.findall(text):
                    if chosen and len(chosen) + len(sentence) > limit:
                        break
                    chosen += sentence
                return _shortened(chosen.strip(), limit)
    return ""


def _shortened(text: str, limit: int) -> str:
    """A first sentence longer than a description can be, cut after a word (or, in a script
    without spaces, a character) and marked as cut."""
    if len(text) <= 2 * limit:
        return text
    cut = text[:limit]
    return (cut.rpartition(" ")[0] or cut).rstrip(" ,;:—–-") + "…"


def _read(node) -> str:
    """The text of `node` a reader reads, without the numbers of its notes."""
    if isinstance(node, markupever.dom.Text):
        return node.text()
    if isinstance(node, markupever.dom.Element) and NOTE_REFERENCE in node.attrs.get("class", "").split():
        return ""
    return "".join(_read(child) for child in node.children())


def language_of(html: str) -> str | None:
    """`written_in` of the text of the essay's HTML. The HTML writes its text's characters as they
    are (only & < > and the no-break space as references): one with no Han or kana has none in its text."""
    if not (HAN.search(html) or KANA.search(html)):
        return None
    return written_in(markupever.parse(html, _FRAGMENT).root().text())


def written_in(text: str) -> str | None:
    """"zh" or "ja" for an essay written mostly in Chinese or Japanese characters, else None (the
    site's language). Those two write no space between words: search splits an essay into words
    only when its page says it is in one of them (anthology.outputs.search_index)."""
    han, kana = len(HAN.findall(text)), len(KANA.findall(text))
    if not han + kana or (han + kana) * 2 < len(LETTER.findall(text)):
        return None
    # Japanese writes kana between its kanji; Chinese quoting a Japanese name has a few.
    return "ja" if kana * 5 >= han + kana else "zh"


def _tag(name: str, tags: dict[str, model.Tag], sources: Sources) -> model.Tag:
    # One slug, one spelling: shared_tag_addresses reports any other.
    slug = tag_slug_of(name)
    if slug not in tags:
        tags[slug] = model.Tag(name, slug, page_url("tags", slug))
    return tags[slug]


@functools.lru_cache(maxsize=None)
def tag_slug_of(name: str) -> str:
    """A tag's address (`addresses.tag_slug`, whose table the essay form reads too)."""
    # Thousands of essays name a few dozen tags: each name is spelled once (the cache).
    return tag_slug(name)
