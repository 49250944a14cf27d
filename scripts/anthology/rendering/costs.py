"""What an essay's Markdown may cost to render, bounded before it is rendered.

The HTML an essay makes, and the work every output does with it, grow with what a pull request
writes: a line of ten thousand brackets, a table of a million cells. `beyond_limits` reads the
text once, line by line and paragraph by paragraph, and says at its line what is beyond a limit
of `anthology.rules.limits`, so that no essay can make a build slow or large. The limits were
set while the site rendered with Python-Markdown, whose costs some of them follow (until
2026-12-07); cmark-gfm, the renderer since, keeps to linear time on its own, and they stand
where no honest essay comes near.
"""

from __future__ import annotations

import re

from anthology.rendering.gfm import for_python_markdown, read_blocks
from anthology.rules.limits import (
    MAX_ADDRESSES,
    MAX_BLANK_LINES,
    MAX_BRACKETS,
    MAX_COLUMNS,
    MAX_EMPHASIS,
    MAX_FENCES,
    MAX_FOOTNOTES,
    MAX_HEADINGS,
    MAX_INLINE_MARKS,
    MAX_LINE_BREAKS,
    MAX_LINES,
    MAX_LINKS,
    MAX_LIST_ITEMS,
    MAX_NESTING,
    MAX_PUNCTUATION,
    MAX_QUOTE_READS,
    MAX_REACH,
    MAX_REWRITTEN,
    MAX_RULES,
    MAX_TABLE_CELLS,
    MAX_TAGS_IN_BODY,
)
from anthology.rules.problems import Problem

# Python-Markdown, the renderer until 2026-12-07, took time that grew with the square of these
# (unclosed tags, "[" and web addresses or line breaks in one paragraph, table columns, list items;
# the measurements are in ARCHITECTURE.md): each is bounded where no honest essay comes near.
TAG_START = re.compile(r"<[A-Za-z/!?]")
ADDRESS = re.compile(r"://|www\.|@")  # what starts a web or e-mail address that becomes a link
# A quote's '>' nests without a space after it ('>>>' is three quotes); a list marker needs one.
NESTING = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")
LIST_ITEM = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _punctuation(line: str) -> int:
    """What mark, entities and escapes each make a placeholder of."""
    return sum(map(line.count, "=&\\"))


RULE = re.compile(r"(?:([-*_])[ \t]*(?:\1[ \t]*){2,}|=+[ \t]*|-+[ \t]*)$")  # a rule, or a heading's underline
# A heading, rule or underline in a quote is one too, and so is one indented in a list item (four
# spaces or a tab in a nested one): indented code that looks like one is counted with them.
QUOTE_MARKERS = re.compile(r"(?:[ \t]*>)*")


def _opening(line: str) -> str:
    """The line after its quote markers and indentation: where a heading or a rule starts."""
    return line[QUOTE_MARKERS.match(line).end():].lstrip(" \t")


# Counted in each paragraph (a blank line starts again), each what makes inline elements there.
PER_PARAGRAPH = (
    (lambda line: line.count("["), MAX_BRACKETS, f"more than {MAX_BRACKETS} '[' in one paragraph: split it, "
     "or write \\[ for a bracket that is not a link"),
    (lambda line: len(ADDRESS.findall(line)), MAX_ADDRESSES,
     f"more than {MAX_ADDRESSES} web or e-mail addresses in one paragraph: split it"),
    (lambda line: line.endswith(("\\", "  ")), MAX_LINE_BREAKS,
     f"more than {MAX_LINE_BREAKS} line breaks in one paragraph: split it"),
    (lambda line: sum(map(line.count, "*_`~")), MAX_EMPHASIS,
     f"more than {MAX_EMPHASIS:,} of * _ ` ~ in one paragraph: split it"),
    (lambda line: _punctuation(line), MAX_PUNCTUATION,
     f"more than {MAX_PUNCTUATION:,} of = & \\ in one paragraph: split it"),
)
# Counted in the whole text.
IN_ALL = (
    (lambda line: line.lstrip(" ").startswith(("```", "~~~")), MAX_FENCES, f"more than {MAX_FENCES} lines of "
     "fenced code fences (``` or ~~~): close each code block, and keep to 100 of them"),
    (lambda line: _opening(line).startswith("#"), MAX_HEADINGS, f"more than {MAX_HEADINGS} headings "
     "(in quotes and lists too)"),
    (lambda line: LIST_ITEM.match(line) is not None, MAX_LIST_ITEMS, f"more than {MAX_LIST_ITEMS:,} list items"),
    (lambda line: RULE.match(_opening(line)) is not None, MAX_RULES,
     f"more than {MAX_RULES} rules (*** or ---) and heading underlines, in quotes and lists too"),
    (lambda line: sum(map(line.count, "*_`~[<@")) + _punctuation(line) + line.count("://") + line.count("www."),
     MAX_INLINE_MARKS, f"more than {MAX_INLINE_MARKS:,} of * _ ` ~ = & \\ [ < and addresses in the "
     "essay: each is a mark Markdown reads; keep to what the text needs"),
    (lambda line: line.count("[") + len(ADDRESS.findall(line)), MAX_LINKS,
     f"more than {MAX_LINKS:,} links, images, notes and web or e-mail addresses in the essay"),
    (lambda line: 1, MAX_LINES, f"more than {MAX_LINES:,} lines: join short lines into paragraphs"),
    (lambda line: not line.strip(" \t>"), MAX_BLANK_LINES,
     f"more than {MAX_BLANK_LINES:,} blank lines: join short paragraphs, and leave one blank line between two"),
    (lambda line: line.count("[^"), MAX_FOOTNOTES, f"more than {MAX_FOOTNOTES} footnote references and notes ([^)"),
)


def bound(measure, text: str, lines: int) -> int:
    """At least what `measure` counts in all of `text`'s lines: a count of marks counts as many
    in the whole text (none is a line break, or spans one), and a test of a line counts one a
    line at most."""
    return max(int(measure(text)), lines)


# Python-Markdown read on from each tag, '[' and link's '(' to where it closed, or to the end
# of its paragraph (a tag: of the text, quoted values read whole), again for each one opened
# before that: what it would read ahead is counted, in time linear in the text.
TAG_EXTENT = re.compile(r"""(?:[^>'"]+|'[^']*'|"[^"]*"|['"])*""")
TEXT = re.compile(r"\S")
BRACKET = re.compile(r"\\.|\]\(|[][()]", re.DOTALL)  # an escaped character opens nothing
UNIT_END = re.compile(r"\n(?=[ \t>]*(?:\n|$|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)))")  # a blank line, a list item


REACH_MESSAGES = {
    "a tag": "tags left open from here on ('<' and a letter, no '>' after): each is read to the end of the "
             "essay; close each tag, or write &lt; for a '<' that opens none",
    "a bracket": "'[' or '](' left open from here on: each is read to the end of its paragraph; close each, "
                 "or write \\[ for a bracket that is not a link",
}


def too_far(text: str) -> tuple[int, str] | None:
    """Where what Python-Markdown would read ahead from tags, or from brackets and link addresses,
    first passes MAX_REACH (an offset in `text`, and what to say), or None."""
    reach = 0
    for match in TAG_START.finditer(text):  # escaped or not: raw HTML is found before escapes
        end = TAG_EXTENT.match(text, match.start() + 1, min(len(text), match.start() + 2 + MAX_REACH - reach)).end()
        reach += end - match.start()
        if reach > MAX_REACH:
            return match.start(), REACH_MESSAGES["a tag"]
    if (text.count("[") + text.count("(")) * len(text) <= MAX_REACH:
        return None  # each '[' or '(' reads ahead at most to the end of the text
    reach, start = 0, 0
    for end in [match.start() for match in UNIT_END.finditer(text)] + [len(text)]:
        reach += _bracket_reach(text, start, end)
        if reach > MAX_REACH:
            return TEXT.search(text, start, end).start(), REACH_MESSAGES["a bracket"]
        start = end
    return None


def _bracket_reach(text: str, start: int, end: int) -> int:
    """What is read ahead from each '[' and link address in text[start:end], one paragraph."""
    brackets: list[int] = []
    parentheses: list[int | None] = []  # a link's '(' is read ahead from, one inside it is not
    reach = 0
    for match in BRACKET.finditer(text, start, end):
        mark = match.group()
        if mark in ("]", "](") and brackets:
            reach += match.start() - brackets.pop()
        if mark == "[":
            brackets.append(match.end())
        elif mark in ("](", "("):
            parentheses.append(match.end() if mark == "](" else None)
        elif mark == ")" and parentheses and (opened := parentheses.pop()) is not None:
            reach += match.start() - opened
    return reach + sum(end - opened for opened in brackets + parentheses if opened is not None)


# A table's delimiter row as the tables extension takes it: only '|', ':', '-' and spaces (in a
# quote too), and a '|'.
DELIMITER_ROW = frozenset("|:- \t>")


def too_many_cells(text: str) -> tuple[int, str] | None:
    """Where the cells of the essay's tables (each row as wide as its delimiter row) first pass
    MAX_TABLE_CELLS (an offset in `text`, and what to say), or None."""
    cells, columns, at = 0, 0, 0
    for line in text.split("\n"):
        if not line.strip(" \t>"):
            columns = 0
        elif columns:
            cells += columns
        elif "|" in line and set(line) <= DELIMITER_ROW:
            columns = _columns(line)
            cells += 2 * columns  # the heading row and this one
        if cells > MAX_TABLE_CELLS:
            return at, f"more than {MAX_TABLE_CELLS:,} table cells in the essay: each is read on its own"
        at += len(line) + 1
    return None


def _columns(row: str) -> int:
    """The columns a delimiter row makes: a '|' at either end only borders the table."""
    row = row.strip(" \t>")
    return row.removeprefix("|").removesuffix("|").count("|") + 1


# Costs counted over the whole text, each by a function of its own.
COSTS = (too_far, too_many_cells)


# markdown-it reads a quote on, line by line, to where it ends or to the end of its paragraph (a
# quote of code, a definition or a tag does not take the line of text after it in, but is read
# to there), and reads the lines carried on under it again for each quote it is in: so each line is
# counted once for each quote opened before it in its paragraph.
LEADING_MARKERS = re.compile(f"(?:{NESTING.pattern})*")  # quotes and list items
QUOTES_MESSAGE = ("too many lines read under quotes in one paragraph: each line is read again for each quote "
                  "opened before it there (a '>' line after a line with fewer); start each quoted line with '>', "
                  "leave a blank line after each quote, and nest fewer")


NESTED = re.compile(r"^(?: {2,}|\t| {0,3}>)", re.MULTILINE)  # a line indented, or quoted


def beyond_limits(text: str, first_line: int, shown: str) -> list[Problem]:
    """Where the Markdown `text` goes past a limit of `anthology.rules.limits`, at its line: tags, code
    fences, headings and list items; '[', addresses and line breaks in one paragraph; a table's
    columns; lists and quotes nested deep. Counted in the whole text, code included: what is code
    is Markdown's to decide, and a guess here (an escaped backtick taken for a code span) would
    hide what it counts."""
    found: dict[str, Problem] = {}  # the first of each kind: one message makes the point
    tags = [match.start() for match in TAG_START.finditer(text)]
    if len(tags) > MAX_TAGS_IN_BODY:
        line = first_line + text.count("\n", 0, tags[MAX_TAGS_IN_BODY])
        found["tags"] = Problem(shown, line, None, f"more than {MAX_TAGS_IN_BODY} HTML tags (code included): "
                                "write the essay in Markdown")
    lines = text.split("\n")
    # Only a count whose bound for the whole text passes its limit can pass it in a paragraph or
    # in all: the others are not counted line by line (`bound`).
    per_paragraph = [kind for kind in PER_PARAGRAPH if bound(kind[0], text, len(lines)) > kind[1]]
    in_all_kinds = [kind for kind in IN_ALL if bound(kind[0], text, len(lines)) > kind[1]]
    in_paragraph, in_all = [0] * len(per_paragraph), [0] * len(in_all_kinds)
    deep: list[int] = []  # lines that nest too deep if their lists are indented by two spaces
    quotes, opened, read = 0, 0, 0  # the line's quotes, those opened in its paragraph, and what they read
    for number, line in enumerate(lines, start=first_line):
        blank = not line.strip()
        depth = 0 if blank else LEADING_MARKERS.match(line).group().count(">")
        opened = 0 if blank else opened + max(0, depth - quotes)
        quotes, read = depth, read + opened
        if read > MAX_QUOTE_READS:
            found.setdefault("quotes", Problem(shown, number, None, QUOTES_MESSAGE))
        if per_paragraph or in_all_kinds:
            in_paragraph = [0 if blank else count + measure(line)
                            for count, (measure, _, _) in zip(in_paragraph, per_paragraph)]
            in_all = [count + measure(line) for count, (measure, _, _) in zip(in_all, in_all_kinds)]
            for count, (_, limit, message) in zip(in_paragraph + in_all, per_paragraph + in_all_kinds):
                if count > limit:
                    found.setdefault(message, Problem(shown, number, None, message))
        if line.count("|") > MAX_COLUMNS:
            found.setdefault("columns", Problem(shown, number, None, f"a table row of more than {MAX_COLUMNS} columns"))
        if _depth(line, 2) > MAX_NESTING:  # never less than its depth by four spaces a level
            if _depth(line, 4) > MAX_NESTING:
                found.setdefault("nesting", _too_deep(shown, number))
            else:
                deep.append(number)
    # The line limit bounds reading the text's blocks: past it, they are not read.
    readable = text.count("\n") < MAX_LINES and "quotes" not in found
    if deep and readable and "nesting" not in found:  # indented deep enough to nest deep by two spaces a level
        chains = read_blocks(text.expandtabs(4)).chains
        nested = [number for number in deep if len(chains[number - first_line]) > MAX_NESTING]
        if nested:
            found["nesting"] = _too_deep(shown, nested[0])
    for cost in COSTS:
        if (beyond := cost(text)) is not None:
            at, message = beyond
            found[message] = Problem(shown, first_line + text.count("\n", 0, at), None, message)
    # Only lists nested or quoted can grow in the rewrite (about a millisecond an essay).
    if readable and "nesting" not in found and NESTED.search(text) and len(for_python_markdown(text.expandtabs(4))[0]) > MAX_REWRITTEN:
        found["rewritten"] = Problem(shown, first_line, None, "too many lines under lists nested deep: "
                                     "each line is read indented to its list's depth; start a paragraph "
                                     "after the list with a blank line, or nest less")
    return list(found.values())


def _too_deep(shown: str, line: int) -> Problem:
    return Problem(shown, line, None, f"lists and quotes nest more than {MAX_NESTING} levels deep here")


def _depth(line: str, step: int) -> int:
    """How deep `line` nests at most if each level is indented by `step` spaces: four, as
    gfm.for_python_markdown writes it, or two, the least that GitHub's lists take."""
    if len(line) <= MAX_NESTING:
        return 0  # each level takes a character at least ('>')
    indent = len(line) - len(line.lstrip(" \t"))
    markers, at = 0, 0
    while (match := NESTING.match(line, at)) and match.end() > at:
        markers, at = markers + 1, match.end()
    return indent // step + markers
