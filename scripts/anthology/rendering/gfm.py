"""An essay's blocks as CommonMark reads them, for the cost limits (anthology.rendering.costs).

The site renders with cmark-gfm (anthology.rendering.markdown). Until 2026-12-07 it rendered with
Python-Markdown, and this module wrote each essay's lines back in the form Python-Markdown reads
as GitHub does (four spaces for each list item it is in, `> ` for each quote, blank lines where
it needs them). The limits were measured on that reading, and `beyond_limits` still takes it:
`read_blocks` gives each line's containers (how deeply it nests), `for_python_markdown` the
length of the text written back (what a line nested in many containers costs). Cost:
markdown-it-py's block parser (inline parsing is off) and one pass over the lines, linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from anthology.rules.limits import MAX_NESTING

# A list takes two of markdown-it's levels (list, item), a quote one. Past the limit markdown-it
# stops reading containers and their lines are left as they are; `check` refuses such an essay.
# Footnote definitions are read as blocks (left where they are), their lines, indented
# continuation included, left as written.
_PARSER = (MarkdownIt("commonmark", {"maxNesting": 2 * MAX_NESTING + 4}).enable("table")
           .use(footnote_plugin, inline=False, move_to_end=False)
           .disable(["inline", "text_join"]))

QUOTE = re.compile(r" {0,3}> ?")
# A list item's marker and the spaces after it (CommonMark "list items": one to four, or one
# when five or more follow, which start indented code; none on an otherwise blank line).
MARKER = re.compile(r"( {0,3})([-+*]|\d{1,9}[.)])( {1,4}(?! )| (?= {4})| *$)")
# A code span; in a table row GitHub reads "\|" in one as "|" (GFM "tables": cells are split first).
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
PUNCTUATION = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""  # CommonMark: each may be escaped
# Blocks that Python-Markdown read as part of a line of text just before them.
_SEPARATE = {"bullet_list_open", "ordered_list_open", "blockquote_open", "fence", "code_block", "table_open",
             "heading_open"}
_LISTS = {"bullet_list_open": "ul", "ordered_list_open": "ol"}


@dataclass(eq=False)
class _Container:
    """A quote or a list item: its first line; for an item its list, and the column where its
    text starts (known once its first line is read)."""

    first: int
    quote: bool
    parent_list: object = None
    column: int = 0


@dataclass
class Blocks:
    """An essay's blocks as CommonMark reads them (`read_blocks`)."""

    lines: list[str]
    chains: list[list[_Container]]  # per line: the containers it is in, outermost first
    blanks: dict[int, int] = field(default_factory=dict)  # line -> containers of a blank line before it
    # code's first line -> its end, its fence, and whether it is indented code (its fence is ours)
    code: dict[int, tuple[int, str, bool]] = field(default_factory=dict)
    table_rows: set[int] = field(default_factory=set)
    headings: set[int] = field(default_factory=set)  # "#" headings' lines
    lists: list[list] = field(default_factory=list)  # each list in order: [tag, tight]


def read_blocks(text: str) -> Blocks:
    """The blocks of `text` (Markdown, "\\n" line ends, tabs expanded) as CommonMark reads them:
    the containers of each line, its fences and lists, and where Python-Markdown needs a blank
    line to see the same blocks."""
    lines = text.split("\n")
    blocks = Blocks(lines, [[] for _ in lines])
    open_lists: list[tuple[object, list, list]] = []  # markdown-it's token, Blocks.lists entry, items
    paragraphs: dict[int, int] = {}  # a paragraph's end line -> its first line
    footnote = 0  # inside a footnote definition: its blocks are the footnotes extension's
    for token in _PARSER.parse(text):
        if token.type.startswith("footnote_reference_"):
            footnote += token.nesting
            continue
        if footnote:
            continue
        if token.type in ("bullet_list_close", "ordered_list_close"):
            _separate_items(blocks, paragraphs, open_lists.pop()[2])
        if token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        if token.type == "paragraph_open" and open_lists and token.level == open_lists[-1][0].level + 2:
            open_lists[-1][1][1] &= token.hidden  # markdown-it hides a tight list's paragraphs
        if token.type == "paragraph_open":
            paragraphs[end] = start
        if start > 0 and _text(blocks.lines[start - 1]) and token.type != "list_item_open":
            _separate(blocks, token.type, start, paragraphs.get(start))
        if token.type in _LISTS:
            open_lists.append((token, [_LISTS[token.type], True], []))
            blocks.lists.append(open_lists[-1][1])
        elif token.type == "fence":  # an unclosed one ends at its last line of text
            while end - 1 > start and not _text(lines[end - 1]):
                end -= 1
            blocks.code[start] = (end, token.markup, False)
        elif token.type == "code_block":  # fenced here: Python-Markdown reads indented code after
            runs = re.findall(r"`+", "\n".join(lines[start:end]))  # a list as part of its last item
            blocks.code[start] = (end, "`" * max([3] + [len(run) + 1 for run in runs]), True)
        elif token.type == "table_open":
            blocks.table_rows.update(range(start, end))
        elif token.type == "heading_open" and token.markup.startswith("#"):
            blocks.headings.add(start)
        elif token.type in ("blockquote_open", "list_item_open"):
            parent_list = open_lists[-1][0] if token.type == "list_item_open" else None
            if parent_list is not None:
                open_lists[-1][2].append((start, len(blocks.chains[start])))
            container = _Container(start, parent_list is None, parent_list)
            for chain in blocks.chains[start:end]:
                chain.append(container)
    return blocks


def _separate(blocks: Blocks, kind: str, start: int, paragraph: int | None) -> None:
    """A blank line before the block `kind` that starts at `start`, after a line of text, when a
    quote or list item ends there (other than for the next item of the same list), and before a
    list, quote or fence: Python-Markdown reads them as part of the text otherwise. Not before a
    list that follows an item's first `paragraph` (its first line): Python-Markdown nests that
    one itself, and a blank line would join the items after it to it."""
    before, here = blocks.chains[start - 1], blocks.chains[start]
    shared = 0
    while shared < min(len(before), len(here)) and before[shared] is here[shared]:
        shared += 1
    if shared < len(before):
        next_item = (shared < len(here) and here[shared].first == start
                     and here[shared].parent_list is not None
                     and here[shared].parent_list is before[shared].parent_list)
        if not next_item:
            blocks.blanks.setdefault(start, shared)
    elif kind in _SEPARATE and not (kind in _LISTS and here and here[-1].first == paragraph
                                    and here[-1].parent_list is not None):
        blocks.blanks.setdefault(start, len(here))


def _separate_items(blocks: Blocks, paragraphs: dict[int, int], items: list[tuple[int, int]]) -> None:
    """A blank line before an item that follows a line of text other than its previous item's
    first paragraph: Python-Markdown reads it as part of that block (a second paragraph, code)."""
    for (previous, _), (start, depth) in zip(items, items[1:]):
        if _text(blocks.lines[start - 1]) and paragraphs.get(start) != previous:
            blocks.blanks.setdefault(start, depth)


def for_python_markdown(text: str) -> tuple[str, list[list]]:
    """`text` (Markdown) written as Python-Markdown needed it to read GitHub's blocks in it (see
    the module's docstring), and its lists in order, each [tag, tight]; `costs` takes the text's
    length. Expects "\\n" line ends and tabs expanded."""
    blocks = read_blocks(text)
    out: list[str] = []
    code_first, code_end, code_indent, fence, indented = -1, -1, 0, "", False
    for number, line in enumerate(blocks.lines):
        prefix, rest = _unwrap(blocks.chains[number], number, line)
        if number in blocks.blanks:
            out.append(_blank(prefix[:blocks.blanks[number]]))
        if number in blocks.code:
            code_first, (code_end, fence, indented) = number, blocks.code[number]
            # CommonMark takes four spaces off indented code, a fence's own indentation off fenced
            code_indent = 4 if indented else _indent(rest)
            chain = blocks.chains[number]
            if chain and chain[-1].first == number and not chain[-1].quote:
                # code on an item's own line: Python-Markdown reads a fence only on a line of its own
                out.append("".join(prefix))
                prefix = _continued(prefix)
            if indented:
                out.append("".join(prefix) + fence)
                prefix = _continued(prefix)
        if number < code_end:
            rest = rest[min(code_indent, _indent(rest)):]
        elif number in blocks.headings:  # CommonMark allows up to three spaces before the "#"
            rest = rest.lstrip(" ")
        elif number in blocks.table_rows and "`" in rest:
            rest = CODE_SPAN.sub(lambda span: span.group(0).replace("\\|", "|"), rest)
        out.append("".join(prefix) + rest if _text(rest) else _blank(prefix))
        if number == code_end - 1 and (indented or number == code_first or not _closes(rest, fence)):
            out.append("".join(_continued(prefix)) + fence)
    return "\n".join(out), blocks.lists


def _continued(prefix: list[str]) -> list[str]:
    """`prefix` for a line after the first of its list items."""
    return [part if part[0] in "> " else "    " for part in prefix]


def _unwrap(chain: list[_Container], number: int, line: str) -> tuple[list[str], str]:
    """The line's container markers as Python-Markdown reads them, and the text inside them."""
    prefix, rest = [], line
    for container in chain:
        if container.quote:
            match = QUOTE.match(rest)
            rest = rest[match.end():] if match else rest.lstrip(" ")  # a lazy line has no ">"
            prefix.append("> ")
        elif number == container.first and (match := MARKER.match(rest)):
            indent, marker, spaces = match.groups()
            container.column = len(indent) + len(marker) + max(len(spaces), 1)
            rest = rest[len(indent) + len(marker) + len(spaces):]
            prefix.append(marker[:-1] + ". " if marker[-1] in ".)" else marker + " ")  # "1)" too
        else:  # (a marker not where markdown-it saw one would be a bug: the line is then kept)
            lazy = rest[:container.column].strip(" ")  # a paragraph's line, not indented
            rest = rest.lstrip(" ") if lazy else rest[container.column:]
            prefix.append("    ")
    return prefix, rest


def _text(line: str) -> bool:
    return line.strip(" ") != ""  # CommonMark: a line of spaces is blank (tabs are expanded)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _closes(line: str, fence: str) -> bool:
    """Whether `line` closes a fence opened by `fence` (CommonMark "fenced code blocks")."""
    return re.fullmatch(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*", line) is not None


def _blank(prefix: list[str]) -> str:
    return "".join(prefix).replace("> ", ">").rstrip()
