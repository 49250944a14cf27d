"""What Python-Markdown needs to read an essay as GitHub does, where no extension does it.

GitHub reads Markdown by CommonMark's rules: a list item's content is indented to the column
where its text starts (two spaces under `- `, three under `1. `, four if the writer likes), a
list or a fence may follow a line of text with no blank line between, an unclosed fence runs to
the end, any ASCII punctuation can be escaped, and a backslash at the end of a line breaks it.
Python-Markdown nests by four spaces only and needs blank lines between blocks.

So markdown-it-py, a CommonMark parser, reads the essay's blocks first, and each line is written
back in the form Python-Markdown reads the same way: four spaces for each list item it is in,
`> ` for each quote, a blank line where Python-Markdown needs one, a fence's own indentation
taken off (and a heading's), code that starts on a list item's line put on a line of its own,
an unclosed fence closed where CommonMark ends it, indented code fenced (else Python-Markdown
reads it as part of a list just before it). A footnote's definition, with its
indented lines, is left as written: GitHub reads it as Python-Markdown's footnotes extension does
(markdown-it reads it with mdit-py-plugins' footnote plugin, only so as to leave it alone). No
text is added, dropped or moved; only what stands around it changes (and, in a table, a
backslash before a "|" in code, which GitHub does not show). Once Python-Markdown has built the
page, each list is made tight or loose as CommonMark says it is: its items' text bare, or in
paragraphs. The space before a footnote's back-link is made the character itself, where a web
address ends (magiclink reads its placeholder as part of the address). Each heading gets the id
GitHub gives it (anthology.rules.addresses.HeadingIds), made from its text as GitHub reads it.

Everything else (emphasis, links, tables, footnotes) is Python-Markdown's and its extensions'
(anthology.rendering.markdown). Cost: markdown-it-py's block parser (inline parsing is off) and a pass
over the lines, each costing the number of containers it is in: linear in the essay's size.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markupever
from markdown import Extension, Markdown
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.inlinepatterns import SubstituteTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from anthology.rules.addresses import ID_PREFIX, HeadingIds
from anthology.rules.limits import MAX_NESTING

# A list takes two of markdown-it's levels (list, item), a quote one. Past the limit markdown-it
# stops reading containers and their lines are left as they are; `check` refuses such an essay.
# Footnote definitions are read as blocks (left where they are) so that their lines, indented
# continuation included, are left to Python-Markdown's footnotes extension as written.
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
# Blocks that Python-Markdown reads as part of a line of text just before them.
_SEPARATE = {"bullet_list_open", "ordered_list_open", "blockquote_open", "fence", "code_block", "table_open",
             "heading_open"}
_LISTS = {"bullet_list_open": "ul", "ordered_list_open": "ol"}
# Python-Markdown's block elements: what an item's text in a loose list ends before.
_BLOCK_TAGS = {"p", "ul", "ol", "pre", "blockquote", "div", "table", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}


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
    """`text` (Markdown) written so that Python-Markdown reads GitHub's blocks in it (see the
    module's docstring), and its lists in order, each [tag, tight]. Expects "\\n" line ends and
    tabs expanded (Python-Markdown's normalize_whitespace, which runs first)."""
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


class _BlocksAsGitHub(Preprocessor):
    def __init__(self, md: Markdown, lists: list):
        super().__init__(md)
        self.lists = lists

    def run(self, lines: list[str]) -> list[str]:
        text, self.lists[:] = for_python_markdown("\n".join(lines))
        return text.split("\n")


class _TightAsGitHub(Treeprocessor):
    """Each list's items hold their text bare (tight) or in paragraphs (loose) as CommonMark
    says; the page's lists are markdown-it's, in order, or this leaves them as they are."""

    def __init__(self, md: Markdown, lists: list):
        super().__init__(md)
        self.lists = lists

    def run(self, root: etree.Element) -> None:
        found = list(_lists(root))
        if [element.tag for element in found] != [tag for tag, _ in self.lists]:
            return
        for element, (_, tight) in zip(found, self.lists):
            for item in element:
                _make_tight(item) if tight else _make_loose(item)


def _lists(element: etree.Element):
    for child in element:
        if child.tag in ("ul", "ol"):
            yield child
        if not (child.tag == "div" and child.get("class") == "footnote"):  # added by Python-Markdown
            yield from _lists(child)


def _make_tight(item: etree.Element) -> None:
    for index in reversed(range(len(item))):
        if item[index].tag == "p":
            _replace_by_content(item, index)


def _replace_by_content(parent: etree.Element, index: int) -> None:
    paragraph = parent[index]
    parent.remove(paragraph)
    before = parent[index - 1] if index else None
    if before is None:
        parent.text = (parent.text or "") + (paragraph.text or "")
    else:
        before.tail = (before.tail or "") + (paragraph.text or "")
    for offset, child in enumerate(list(paragraph)):
        parent.insert(index + offset, child)
        before = child
    if before is None:
        parent.text += paragraph.tail or ""
    else:
        before.tail = (before.tail or "") + (paragraph.tail or "")


def _make_loose(item: etree.Element) -> None:
    inline = 0
    while inline < len(item) and item[inline].tag not in _BLOCK_TAGS:
        inline += 1
    if not (item.text or "").strip() and not inline:
        return
    paragraph = etree.Element("p")
    paragraph.text, item.text = item.text, "\n"
    for child in list(item)[:inline]:
        item.remove(child)
        paragraph.append(child)
    item.insert(0, paragraph)
    paragraph.tail = "\n"


class _FootnoteSpace(Treeprocessor):
    """The space the footnotes extension puts before a footnote's back-link, as the character
    (U+00A0) rather than its placeholder: a web address that ends the footnote then ends before
    it, where magiclink stops, instead of taking the placeholder into the link."""

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            if paragraph.text and paragraph.text.endswith(NBSP_PLACEHOLDER):
                paragraph.text = paragraph.text.removesuffix(NBSP_PLACEHOLDER) + "\xa0"


class _HeadingIdsAsGitHub(Treeprocessor):
    """Each heading's id as GitHub makes it, from the heading's text as GitHub reads it: the
    words of its links, code and notes' numbers, not of its images; every space kept. The toc extension keeps an id it
    finds, and lists the heading by it."""

    def run(self, root: etree.Element) -> None:
        ids = HeadingIds()
        for element in root.iter():
            if element.tag in HEADINGS and "id" not in element.attrib:
                # A heading without a letter or digit ("🎉") has GitHub's empty id: its prefix alone.
                element.set("id", ids.next(_text_content(self._inner_html(element))) or ID_PREFIX)

    def _inner_html(self, element: etree.Element) -> str:
        """The HTML inside `element` as the page will have it: escaped characters ("\\<") and
        raw HTML put back (toc's render_inner_html puts an escaped "<" back unescaped)."""
        serialized = self.md.serializer(element)
        inner = serialized[serialized.index(">") + 1:serialized.rindex("<")]
        inner = UnescapeTreeprocessor.RE.sub(lambda match: html.escape(chr(int(match.group(1)))), inner)
        for postprocessor in self.md.postprocessors:
            inner = postprocessor.run(inner)
        return inner


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_FRAGMENT = markupever.HtmlOptions(full_document=False)


def _text_content(html: str) -> str:
    """The text of `html`, as a browser's textContent reads it."""
    tree = markupever.parse(html, _FRAGMENT)
    return "".join(node.text() for node in tree.root().descendants() if isinstance(node, markupever.dom.Text))


class GitHubReading(Extension):
    """Python-Markdown reads blocks, escapes and line breaks as GitHub does (CommonMark)."""

    def extendMarkdown(self, md: Markdown) -> None:
        lists: list = []  # this conversion's lists, from the preprocessor to the treeprocessor
        # After normalize_whitespace (30: line ends, tabs), before fences (25) and raw HTML (20).
        md.preprocessors.register(_BlocksAsGitHub(md, lists), "gfm_blocks", 29)
        # After inline (20), which works on the paragraphs' text.
        md.treeprocessors.register(_TightAsGitHub(md, lists), "gfm_tight", 19)
        # After inline (20), before toc (5) makes ids of its own.
        md.treeprocessors.register(_HeadingIdsAsGitHub(md), "gfm_heading_ids", 7)
        # After footnotes add the back-links (50), before inline (20) finds web addresses.
        md.treeprocessors.register(_FootnoteSpace(md), "gfm_footnote_space", 30)
        md.ESCAPED_CHARS.extend(char for char in PUNCTUATION if char not in md.ESCAPED_CHARS)
        # After escapes (180), so that "\\" then a line end is an escaped backslash, no break.
        md.inlinePatterns.register(SubstituteTagInlineProcessor(r"\\\n", "br"), "gfm_hard_break", 74)


def makeExtension(**kwargs) -> GitHubReading:  # the name Python-Markdown looks for
    """The extension, for `Markdown(extensions=["anthology.rendering.gfm"])`."""
    return GitHubReading(**kwargs)
