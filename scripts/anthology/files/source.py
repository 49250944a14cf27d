"""Reading source files: text, YAML with line numbers, and essay front matter.

Nothing here judges the content; it only turns bytes into data and remembers, for every key,
the line it stood on, so that `catalog` can point a contributor at the exact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from anthology.files import slips
from anthology.files.quoting import KEY_VALUE, explain, fixed_line
from anthology.rules.limits import MAX_ESSAY_BYTES, MAX_REGISTRY_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from anthology.rules.problems import Problem
from anthology.rules.schema import EssayFrontMatter
from anthology.rules.text import NOT_TEXT, holds_not_text

Location = tuple  # a path into the YAML data, e.g. ("authors", 2, "display_name")

FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
# The opening '---', perhaps after blank lines or spaces: a slip, named at line 1, the rest read.
OPENING = re.compile(r"(?P<blank>(?:[ \t]*\n)*)(?P<indent>[ \t]*)---[ \t]*(?:\n|\Z)")
INDENTED_FENCE = re.compile(r"^[ \t]+---[ \t]*$", re.MULTILINE)
SAVE_AS_UTF8 = "save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"


class Loader(slips.SafeLoader):
    """Safe YAML that reads every value as the text it is: `title: 1984` is the text "1984",
    `tags: [no, yes]` two words, `title: null` the word "null". The schema alone decides, from
    the text, what is a date, a number or true/false, and says so at the field's line. Only a
    value left empty (`date:`) reads as no value."""


Loader.yaml_implicit_resolvers = {"": [("tag:yaml.org,2002:null", re.compile(r"^$"))]}


class SourceError(Exception):
    """A file that cannot even be read as data; carries the problems to report."""

    def __init__(self, *problems: Problem):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)


@dataclass
class YamlDoc:
    """Parsed YAML plus the line of every key and item (1-based, in the file)."""

    data: object
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, loc: Location) -> int | None:
        """The line of `loc`, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


@dataclass
class EssaySource:
    """An essay file split into its front matter and its Markdown body. Front matter that YAML
    cannot read is None, with its problems: the body is still there to be checked."""

    front: YamlDoc | None
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, shown: str, limit: int) -> str:
    """The file as UTF-8 text with LF line endings; anything else is named at the line where it
    goes wrong. A BOM and CRLF (Windows editors, Git for Windows) read as the same text. At most
    `limit` bytes are read: a larger file is refused. `path` must be a regular file (see
    `anthology.files.tree`): reading a pipe or a device would never end."""
    with path.open("rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise SourceError(Problem(shown, None, None, f"is larger than {limit // 1024:,} KB; "
                                  "split it or make it smaller"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(*_not_utf8(raw, shown)) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if holds_not_text(text):
        raise SourceError(*_characters_not_text(text, shown))
    return text


MAX_SHOWN = 20  # a file full of them: the first few make the point


def _not_utf8(raw: bytes, shown: str) -> list[Problem]:
    """Each line that is not UTF-8, at its line. Windows editors save as Windows-1252 (Notepad's
    "ANSI"), where a curly apostrophe is byte 0x92: the message says which character it is there."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [Problem(shown, 1, None, f"is saved as UTF-16 text, not UTF-8; {SAVE_AS_UTF8}")]
    problems = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as err:
            if len(problems) == MAX_SHOWN:
                problems.append(Problem(shown, number, None, "and more lines that are not UTF-8, from this line on"))
                break
            problems.append(Problem(shown, number, None, _not_utf8_line(line, err.start)))
    return problems


def _not_utf8_line(line: bytes, at: int) -> str:
    said = f"is not UTF-8 text (byte 0x{line[at]:02x})"
    try:
        read = line.decode("cp1252")  # one character a byte: `at` is the character's place too
    except UnicodeDecodeError:
        return f"{said}; {SAVE_AS_UTF8}"
    start = max(read.rfind(" ", 0, at), read.rfind("\t", 0, at)) + 1
    ends = [end for end in (read.find(" ", at), read.find("\t", at)) if end >= 0]
    word = read[start:min(ends, default=len(read))].strip("\r")[:40]
    return (f"{said}: the file seems saved as Windows-1252 (\"ANSI\"), where that byte is {read[at]}, in "
            f"'{word}'; {SAVE_AS_UTF8}")


def _characters_not_text(text: str, shown: str) -> list[Problem]:
    problems = []
    for count, match in enumerate(NOT_TEXT.finditer(text)):
        line = text.count("\n", 0, match.start()) + 1
        if count == MAX_SHOWN:  # at the line of the first one not shown
            rest = len(NOT_TEXT.findall(text)) - MAX_SHOWN
            problems.append(Problem(shown, line, None, f"and {rest} more characters that are not text, "
                                    "from this line on"))
            break
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(Problem(shown, line, None, f"column {column}: the character U+{ord(match.group()):04X} "
                                "is not text (a control character, often pasted by accident); delete it"))
    return problems


def parse_yaml(text: str, shown: str, first_line: int = 1, model: type | None = None) -> YamlDoc:
    """Parse YAML, keeping each key's line; `first_line` is where `text` starts in the file.
    `model`, the schema the data is for, names the fields a slip is looked for at."""
    try:
        refused = _refused(text, shown, first_line)
        if refused:
            raise SourceError(*refused)
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        raise SourceError(*_not_read(err, text, shown, first_line, model)) from None
    if isinstance(data, str) and model is not None:  # fields with no space after their colon, all of them
        found = slips.found(text, model, read_as_text=True)[0]
        if found:
            raise SourceError(*(Problem(shown, first_line + slip.index, slip.field, slip.message) for slip in found))
    doc = YamlDoc(data)
    if node is not None:
        _record_lines(node, (), doc.lines, first_line, shown)
        cut = list(_cut_by_comments(node, text, (), first_line, shown))
        if cut:
            raise SourceError(*cut)
    return doc


def _not_read(err: yaml.YAMLError, text: str, shown: str, first_line: int, model) -> list[Problem]:
    """What YAML could not read: each slip at its line, then, if YAML still stumbles once they
    are mended, where and why."""
    found, mended, reading = slips.found(text, model)
    problems = [Problem(shown, first_line + slip.index, slip.field, slip.message) for slip in found]
    if found:
        err = reading.error
    if err is not None:
        index, key, message = explain(err, "\n".join(mended))
        if reading.more:  # more slips than were looked for: the next may be above this line
            message = "and YAML stumbles here too; mend the slips above, then check again"
        if index not in {slip.index for slip in found}:
            problems.append(Problem(shown, first_line + index, key if not reading.more else None, message))
    return problems


def _cut_by_comments(node, text: str, loc: Location, first_line: int, shown: str):
    """A value followed on its line by " #": YAML reads the rest as a comment and drops it, so
    `title: Support is a team sport #teamwork` would lose "#teamwork". Each is a problem."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield from _cut_by_comments(value_node, text, loc + (key_node.value,), first_line, shown)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _cut_by_comments(item, text, loc + (index,), first_line, shown)
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark.index
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        rest = text[end:line_end]
        if re.match(r"[ \t]+#", rest):
            field = ".".join(str(part) for part in loc) or None
            line = text[text.rfind("\n", 0, end) + 1:line_end]
            fixed = fixed_line(line)  # None for a line that is neither 'field: value' nor '- value'
            if isinstance(node, yaml.ScalarNode) and not node.style and fixed:  # plain: the text is cut
                what = f"put the value in quotes: {fixed.strip()}"
            else:
                what = "put the comment on a line of its own, or inside the quotes if it belongs to the value"
            yield Problem(shown, first_line + node.end_mark.line, field,
                          f"YAML reads '{rest.strip()}' as a comment and drops it; {what}")


def _refused(text: str, shown: str, first_line: int) -> list[Problem]:
    """What the YAML may not hold, found in the event stream before anything is built: anchors,
    aliases and merge keys (ten lines of nested aliases expand to billions of nodes, an "alias
    bomb"), explicit tags (`!!int "x"` would be built by PyYAML, and fail), nesting deeper than
    MAX_YAML_DEPTH and more than MAX_YAML_NODES events."""
    problems = []
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=slips.SafeLoader)):
        line = first_line + event.start_mark.line
        if count > MAX_YAML_NODES:
            problems.append(Problem(shown, line, None, f"holds more than {MAX_YAML_NODES:,} values, lists and "
                                    "keys; split it or make it smaller"))
            break
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(shown, line, None, f"YAML alias '*{event.anchor}' is not allowed: "
                                    "write the value out in full" + _if_text(text, event)))
        elif getattr(event, "anchor", None):
            problems.append(Problem(shown, line, None, f"YAML anchor '&{event.anchor}' is not allowed: "
                                    "write the value out in full" + _if_text(text, event)))
        if getattr(event, "tag", None) and not _implicit(event):
            problems.append(Problem(shown, line, _field_on(text, event), f"the YAML tag '{event.tag}' is not "
                                    "allowed: write the value as plain text" + _if_text(text, event)))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                problems.append(Problem(shown, line, None, f"lists and keys nest more than {MAX_YAML_DEPTH} "
                                        "deep here; no field of the anthology nests this deep"))
                break
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and not event.style:  # plain, not quoted
            if event.value == "<<":
                problems.append(Problem(shown, line, None,
                                        "YAML merge key '<<' is not allowed: write the keys out in full"))
    return problems


def _implicit(event) -> bool:
    # A tag that the writer did not write ("!!int", "!x") but YAML assigns by itself.
    implicit = getattr(event, "implicit", True)
    return any(implicit) if isinstance(implicit, tuple) else bool(implicit)


def _field_on(text: str, event) -> str | None:
    match = KEY_VALUE.match(text.split("\n")[event.start_mark.line])
    return match["key"] if match else None


def _if_text(text: str, event) -> str:
    # `title: *Bold* claims` or `title: & more` is text that YAML reads as an alias or anchor.
    line = text.split("\n")[event.start_mark.line]
    fixed = fixed_line(line)
    return f"; if it is text, put it in quotes: {fixed.strip()}" if fixed else ""


def _record_lines(node, loc: Location, lines: dict, first_line: int, shown: str) -> None:
    lines[loc] = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                line = first_line + key_node.start_mark.line
                raise SourceError(Problem(shown, line, str(key), "is given twice; keep one"))
            seen.add(key)
            _record_lines(value_node, loc + (key,), lines, first_line, shown)
            lines[loc + (key,)] = first_line + key_node.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, loc + (index,), lines, first_line, shown)


def read_yaml_file(path: Path, shown: str, limit: int = MAX_REGISTRY_BYTES, model: type | None = None) -> YamlDoc:
    return parse_yaml(read_text(path, shown, limit), shown, model=model)


def read_essay(path: Path, shown: str, limit: int = MAX_ESSAY_BYTES) -> EssaySource:
    """Split `---` front matter from the body. The body starts after the closing fence."""
    text = read_text(path, shown, limit)
    opening = OPENING.match(text)
    if opening is None:
        raise SourceError(
            Problem(shown, 1, None, "has no front matter: start the file with a '---' line, "
                    "then title, author and prompt, then another '---' line")
        )
    closing = FENCE.search(text, opening.end())
    if closing is None:
        raise SourceError(_not_closed(text, opening.end(), shown))
    problems = _misplaced_opening(opening, shown)
    front_text = text[opening.end() : closing.start()]
    rest = text[closing.end() + 1 :]
    body = rest.lstrip("\n")
    body_line = text.count("\n", 0, closing.end()) + 2 + (len(rest) - len(body))
    try:
        front = parse_yaml(front_text, shown, first_line=text.count("\n", 0, opening.end()) + 1,
                           model=EssayFrontMatter)
    except SourceError as err:
        return EssaySource(None, body, body_line, problems + err.problems)
    return EssaySource(front, body, body_line, problems)


def _misplaced_opening(opening: re.Match, shown: str) -> list[Problem]:
    """The opening '---' after blank lines or spaces: neither the site nor GitHub reads front
    matter anywhere but at the very start of the file."""
    where = "so that the file starts with '---': front matter is read only there"
    if opening["blank"]:
        lines = opening["blank"].count("\n")
        what = "a blank line" if lines == 1 else f"{lines} blank lines"
        return [Problem(shown, 1, None, f"the file starts with {what} before the front matter's '---': "
                        f"delete {'it' if lines == 1 else 'them'}, {where}")]
    if opening["indent"]:
        what = "a tab" if opening["indent"] == "\t" else "a space" if opening["indent"] == " " else "spaces"
        them = "them" if what == "spaces" else "it"
        return [Problem(shown, 1, None, f"{what} before the front matter's '---': delete {them}, {where}")]
    return []


def _not_closed(text: str, start: int, shown: str) -> Problem:
    indented = INDENTED_FENCE.search(text, start)
    if indented is not None:
        spaces = "the space" if indented.group().startswith(" -") else "what is"
        return Problem(shown, text.count("\n", 0, indented.start()) + 1, None, "the '---' that closes the front "
                       f"matter must start its line: delete {spaces} before it")
    return Problem(shown, 1, None, "front matter is not closed: add a '---' line after it")
