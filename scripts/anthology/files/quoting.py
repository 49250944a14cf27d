"""Writing a value so that YAML reads it back as the text it is, and saying so when it did not.

YAML gives some characters a meaning of their own: ": " starts a key, " #" a comment, and a
value may not start with @ ` * & ! % | > { [ or a quote unless it is quoted. A writer who types
`title: Support: the hard parts` means the text. Here every such line is answered in plain
words, at its line and column, with the line as it should be written.
"""

from __future__ import annotations

import re

import yaml

from anthology.files.slips import SafeLoader
from anthology.rules.text import NOT_PRINTABLE

# A "key: value" line, perhaps a list item ("- key: value").
KEY_VALUE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[^\s:#'\"\-][^:#]*?):[ \t]+(?P<value>.*?)[ \t]*$")
LIST_ITEM = re.compile(r"^(?P<lead>[ \t]*-[ \t]+)(?P<value>.*?)[ \t]*$")
QUOTES = ("'", "\"")  # a tuple: the empty value "" is in every string, in no tuple
RESERVED_FIRST = "@`*&!%|>{[\"'"
LEAD = re.compile(r"[ \t]*(?:-[ \t]+)*")  # a line's indentation, and its list dashes


def _quoted(text: str) -> str:
    """`text` in YAML quotes that read back exactly as `text`: double quotes around plain words,
    single quotes where those would need escapes, escaped double quotes when neither will do."""
    if _printable(text):
        if re.fullmatch(r"[\w .,;()/?+=’'-]*", text):
            return f'"{text}"'
        if "'" not in text:
            return f"'{text}'"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _printable(text: str) -> bool:
    return not NOT_PRINTABLE.search(text)


def fixed_line(line: str) -> str | None:
    """The `key: value` or `- value` `line` with its value in quotes, or None when it is
    neither. A value already quoted at both ends loses those quotes first (they were meant as
    quotes)."""
    match = KEY_VALUE.match(line) or LIST_ITEM.match(line)
    if not match:
        return None
    value = match["value"]
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    elif value[:1] in QUOTES and value.count(value[0]) == 1:
        value = value[1:]  # an opening quote never closed
    key = f"{match['key']}: " if "key" in match.groupdict() else ""
    return f"{match['lead']}{key}{_quoted(value)}"


def explain(err: yaml.YAMLError, text: str) -> tuple[int, str | None, str]:
    """What to change, for a YAML error in `text`: (line index from 0, the field if known, the
    message). The message says where (column), what YAML saw, and shows the line fixed."""
    mark = getattr(err, "problem_mark", None)
    context = getattr(err, "context", None) or ""
    if context.startswith(("while scanning a quoted scalar", "while parsing a flow")):
        mark = getattr(err, "context_mark", None) or mark
    index = mark.line if mark is not None else 0
    lines = text.split("\n")
    stumbled = getattr(err, "problem_mark", None)
    opened = _opened_above(lines, index, stumbled.line if stumbled is not None else index)
    if opened is not None:
        return opened
    column = (mark.column + 1) if mark is not None else 1
    last = max((number for number, line in enumerate(lines) if line.strip()), default=0)
    if index > last:  # YAML read to the end still waiting for something: say so at the last line
        index, column = last, 1
    line = lines[index] if index < len(lines) else ""
    match = KEY_VALUE.match(line) or LIST_ITEM.match(line)  # a list's item has no key of its own
    field = match.groupdict().get("key") if match else None
    fixed = fixed_line(line)
    where = f"column {column}: "
    if getattr(err, "problem", None) == "found invalid Unicode character escape code":
        return index, field, (f"{where}this \\u escape names no character (\\uD800 to \\uDFFF are halves of one): write "
                              "the character itself, or leave it out")
    lead = LEAD.match(line).group()
    if "\t" in lead:
        indent = re.match(r"[ \t]*", lead).group()
        spaced = indent.replace("\t", "  ") + re.sub(r"-[ \t]+", "- ", lead[len(indent):]) + line[len(lead):]
        what = "indents this line" if re.match(r"[ \t]*\t", lead) else "follows the '-'"
        return index, field, f"{where}a tab {what}, and YAML takes only spaces: use spaces: {spaced.strip()}"
    if fixed is None:
        return index, field, (f"{where}YAML cannot read this line ({_plain_reason(err)}); write it as "
                              "'field: value', with the value in quotes if it holds ': ' or ' #'")
    value = match["value"]
    if context.startswith("while parsing a flow") and not _same(fixed, line):
        return index, field, (f"{where}the list opened by '[' is not closed: end it with ']', or put the "
                              f"value in quotes if it is text: {fixed.strip()}")
    indented = match["lead"] and ": " not in value and not value.endswith(":")
    if indented and (getattr(err, "problem", None) or "").startswith("mapping values"):
        return index, field, (f"{where}this line is indented as if it belonged to the field above: start it "
                              "where the other fields start, or put the value above in quotes if the line is part of it")
    curly = _curly_end(value)
    if value[:1] in QUOTES and context.startswith("while scanning a quoted scalar") and curly:
        straight = line[: line.rindex(curly)] + value[0] + line[line.rindex(curly) + 1:]
        return index, field, (f"{where}the quote {value[0]} that opens the value is never closed: the {curly} at its "
                              f"end is a curly quote, which YAML does not read as one; end it with a straight "
                              f"{value[0]}: {straight.strip()}")
    if _same(fixed, line):  # quoting would change nothing: the slip is not in the value
        return index, field, f"{where}YAML cannot read this line ({_plain_reason(err)}){_cause(lines, index)}"
    if value[:1] in QUOTES and context.startswith("while scanning a quoted scalar"):
        what = f"the quote {value[0]} that opens the value is never closed"
    elif value[:1] in QUOTES:
        what = f"text follows the closing quote {value[0]}"
    elif value[:1] in tuple(RESERVED_FIRST):
        what = f"a value starting with '{value[0]}' means something else to YAML"
    elif ": " in value or value.endswith(":"):
        what = "the ': ' inside the value reads as a new field"
    else:
        what = f"YAML cannot read the value ({_plain_reason(err)})"
    return index, field, f"{where}{what}; put it in quotes: {fixed.strip()}"


def _same(fixed: str, line: str) -> bool:
    """Whether the line "fixed" is the line as written: showing it would tell the writer nothing."""
    return fixed.strip() == line.strip()


def _cause(lines: list[str], index: int) -> str:
    """Where to look when the value on line `index` is written as YAML expects: a field indented
    unlike the field above it, or else the indentation and the line above."""
    above = next((line for line in reversed(lines[:index]) if line.strip()), "")
    here, there = KEY_VALUE.match(lines[index]), KEY_VALUE.match(above)
    if here and there and "-" not in here["lead"] and len(here["lead"]) != len(there["lead"]):
        # A list's '- ' counts as indentation: the fields beside `- id:` start where `id` does.
        return (f"; it is indented by {len(here['lead'])} spaces and the field above it by "
                f"{len(there['lead'])}: indent it like that field")
    return "; look at how the line is indented beside the lines above it, and whether the line above it is complete"


def _curly_end(value: str) -> str | None:
    """The curly quote a value ends with where a straight one would close it (an editor's
    "smart quotes" turn a typed closing " into ”), or None."""
    curly = {'"': "”“″", "'": "’‘′"}.get(value[:1], "")
    end = value.rstrip()[-1:]
    return end if len(value.rstrip()) > 1 and end and end in curly else None


def _opened_above(lines: list[str], index: int, stumbled: int) -> tuple[int, str | None, str] | None:
    """A quote opened on a line above `index` and never closed there: YAML reads the lines after
    it as part of the value, and stumbles further down (line `stumbled`), at a quote or a colon
    that is not the slip. The slip is that line, if closing its quote lets YAML read further."""
    for above in range(index - 1, -1, -1):
        match = KEY_VALUE.match(lines[above]) or LIST_ITEM.match(lines[above])
        value = match["value"] if match else ""
        if value[:1] not in ("'", '"') or _closed(value):
            continue
        mended = lines[:above] + [fixed_line(lines[above])] + lines[above + 1:]
        try:
            for _ in yaml.parse("\n".join(mended), Loader=SafeLoader):
                pass
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            if mark is None or mark.line <= stumbled:
                return None
        return above, match.groupdict().get("key"), (
            f"column {match.start('value') + 1}: the quote {value[0]} that opens the value is never closed on its "
            "line, so YAML reads the lines after it as part of the value; put it in quotes: "
            f"{fixed_line(lines[above]).strip()}")
    return None


def _closed(value: str) -> bool:
    """Whether the quote that opens `value` closes on the same line."""
    quote, rest = value[0], value[1:]
    if quote == "'":
        return "'" in rest.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None


def _plain_reason(err: yaml.YAMLError) -> str:
    problem = getattr(err, "problem", None) or ""
    return {
        "mapping values are not allowed in this context": "a ': ' where no new field can start",
        "did not find expected key": "something follows the value",
        "found character that cannot start any token": "a character YAML reserves",
    }.get(problem, "it is not written as YAML expects")
