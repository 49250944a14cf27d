"""Problems found in the sources, reported all at once, each at its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a terminal acts on or hides rather than shows: C0 controls (ESC starts colour, cursor and
# title sequences; BEL, BS, CR, LF, TAB move or rewrite what was printed), DEL, C1 controls (U+009B
# is a one-character CSI on some terminals), the bidi controls that reorder text (U+061C,
# U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), invisible formatting characters (U+200B-U+200D,
# U+2060-U+2064, U+FEFF), the line and paragraph separators U+2028-U+2029, and lone surrogates
# (an undecodable byte of a file name, which could reach the terminal as that raw byte).
_HIDDEN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
    r"\ufeff\ud800-\udfff]"
)


def visible(text: str) -> str:
    """`text` as it may be shown on a terminal: every character a terminal would act on or hide
    (controls, bidi and invisible formatting characters; see _HIDDEN) written as `\\uXXXX`, the
    rest as it is, a literal backslash included.

    Contributed text (an author id, a title, a file name, a saved web page) is printed by `make
    check` and `make import`; raw, an ESC sequence in it could clear the screen, retitle the
    window or print a fake green "OK", and U+202E could show a line reversed. One line in, one
    line out: a newline inside the text is escaped too, so it cannot start a forged message.
    """
    return _HIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, said the way a linter says it."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        """`path:line: field: message`, safe to print (see visible): all of it may be contributed."""
        path = visible(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {visible(self._what())}"

    def github(self) -> str:
        """A GitHub workflow command, so the error shows on the pull request's diff: escaped for
        the terminal (the log is one) first, then with GitHub's workflow-command escaping."""
        line = f",line={self.line}" if self.line else ""
        path, what = visible(self.path), visible(self._what())
        return f"::error file={_escaped(path, property=True)}{line}::{_escaped(what)}"

    def _what(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _escaped(text: str, property: bool = False) -> str:
    """GitHub's workflow-command escaping: %, CR and LF always; ':' and ',' in a property."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def in_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by file and line: the order a contributor fixes them in."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


class AnthologyError(Exception):
    """Raised with every problem found, so a contributor fixes them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = in_order(problems)
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the anthology sources:\n" + "\n".join(lines))
