"""Contributed Markdown is untrusted: what the sanitiser would remove, said at its line.

`anthology.rendering.essay` renders each essay with the site's own Markdown and parses the HTML with
html5ever, the HTML parser of the sanitiser (nh3 wraps ammonia, which is built on html5ever;
markupever exposes the same parser's tree). Each element is held here to `anthology.rendering.safelist`,
the list the sanitiser keeps: so `check` accepts exactly what the sanitiser leaves unchanged (a
property test holds the two to that). What the Markdown may cost to render is bounded before
it is rendered, in `anthology.rendering.costs`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from anthology.rendering.safelist import CLASSES, INTEGER, STYLE, TAGS, URL_ATTRIBUTES, URL_SCHEMES, url_scheme
from anthology.rendering.sanitize import ID, keeps_address, kept_value
from anthology.rules.addresses import IMAGES_DIR
from anthology.rules.limits import MAX_ELEMENTS

# Fenced code and code spans are shown as text: blanked out when looking for the line where an
# element's source stands, so a `<script>` quoted in code is not taken for the live one.
CODE = re.compile(
    r"^([ \t>]*)(`{3,}|~{3,}).*?^[ \t>]*\2[^\n]*$"  # fenced blocks, in list items and quotes too
    r"|`[^`\n]*`",  # code spans
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Unsafe:
    """One thing the sanitiser would remove: the element, and what to look for in the source."""

    tag: str
    message: str
    needle: str  # an attribute's value, or "" to find the element's own "<tag"


def problems_of(elements: list[tuple[str, dict[str, str]]]) -> list[Unsafe]:
    found = [problem for tag, attributes in elements for problem in _element_problems(tag, attributes)]
    if len(elements) > MAX_ELEMENTS:
        found.append(Unsafe("p", f"the HTML here makes more than {MAX_ELEMENTS:,} elements: a tag left open is "
                                 "copied into every paragraph after it; close each tag you open", ""))
    return found


def _element_problems(tag: str, attributes: dict[str, str]) -> list[Unsafe]:
    if tag not in TAGS:
        return [Unsafe(tag, f"raw HTML <{tag}> is not allowed in essays; use Markdown "
                            f"(HTML tags allowed: {', '.join(sorted(TAGS))})", "")]
    problems = []
    for key, value in attributes.items():
        if key not in TAGS[tag]:
            allowed = ", ".join(_allowed(tag, name) for name in sorted(TAGS[tag])) or "none"
            problems.append(Unsafe(tag, f"attribute '{key}' on <{tag}> is not allowed in essays "
                                        f"(allowed: {allowed})", ""))
        elif message := _value_problem(tag, key, value):
            problems.append(Unsafe(tag, message, value if key in URL_ATTRIBUTES else ""))
    return problems


def _value_problem(tag: str, key: str, value: str) -> str | None:
    if key in URL_ATTRIBUTES:
        return _url_problem(tag, key, value)
    if key == "start" and not INTEGER.fullmatch(value):
        return f"start '{value}' on <{tag}> is not a number: write a whole number, like start=\"3\""
    if key == "id" and not ID.fullmatch(value):
        return f"id '{value}' on <{tag}> is empty or has a space: write one word, like id=\"my-part\""
    if key == "class" and not _classes_kept(tag, value):
        if tag == "code":
            return (f"class '{value}' on <{tag}> is not allowed in essays: on <code> a class names a code block's "
                    "language, like language-python")
        return (f"class '{value}' on <{tag}> is not allowed in essays: classes mark the site's own parts only "
                f"({_class_values(tag)}), and an essay is shown in the site's style: take the class off")
    if key == "style" and not STYLE.fullmatch(value):
        return (f"style '{value}' on <{tag}> is not allowed in essays (only text-align: left, right, center, "
                "justify, start or end, as a table's alignment row makes it)")
    return None


def _allowed(tag: str, attribute: str) -> str:
    """An allowed attribute as a message lists it: a class with the values it may hold."""
    return f"class ({_class_values(tag)} only)" if attribute == "class" else attribute


def _class_values(tag: str) -> str:
    return "language-<name>" if tag == "code" else ", ".join(sorted(CLASSES.get(tag, ())))


def _classes_kept(tag: str, value: str) -> bool:
    if tag == "code":  # the sanitiser's own rule for a code block's language
        return kept_value(tag, "class", value) == value
    return set(value.split()) <= CLASSES.get(tag, frozenset())


def _url_problem(tag: str, key: str, value: str) -> str | None:
    if "\n" in value or "\r" in value:  # and then written on a line of its own in MkDocs' log
        return "an address runs over more than one line: write it on one line"
    scheme = url_scheme(value)
    if scheme and scheme not in URL_SCHEMES:
        return (f"{scheme}: links are not allowed; link to an "
                f"{', '.join(s + ':' for s in sorted(URL_SCHEMES))} address or a page of this site")
    if tag == "img" and key == "src" and kept_value(tag, key, value) is None:
        return (f"the image '{value}' is on another site, which would learn about every reader: save it "
                f"in docs/{IMAGES_DIR}/ and write ![what it shows](../{IMAGES_DIR}/<file name>)")
    if not keeps_address(tag, key, value):
        return (f"'{value}' is no address a browser can open: correct it, or put it in `backticks` "
                "if it is not meant as a link")
    return None


def missing_image(src: str, images: frozenset[str]) -> str:
    return (f"the image '{src}' is not a file in docs/{IMAGES_DIR}/: put it there and write "
            f"![what it shows](../{IMAGES_DIR}/<file name>)"
            + (f" (there: {', '.join(sorted(images)[:10])})" if images else ""))


class Lines:
    """Finds the line of an element's source, in order: each search starts after the last."""

    def __init__(self, body: str, first_line: int):
        self.text = blank_code(body)
        self.decoded = html.unescape(self.text)  # a URL may be written with entities
        self.first_line = first_line
        self.after: dict[str, int] = {}

    def of(self, unsafe: Unsafe) -> int:
        if unsafe.needle:  # where it is written as an address first: the same words may be prose before
            at, text = self._address(unsafe.needle), self.decoded
            if at < 0 and "%" in unsafe.needle:  # one Markdown encoded ("&#9;" as %09)
                at = self._address(unquote(unsafe.needle))
        else:
            pattern = re.compile(rf"<\s*{re.escape(unsafe.tag)}(?![\w-])", re.IGNORECASE)
            match = pattern.search(self.text, self.after.get(unsafe.tag, 0))
            at, text = (match.start(), self.text) if match else (-1, self.text)
            if match:
                self.after[unsafe.tag] = match.end()
        return self.first_line + (text.count("\n", 0, at) if at >= 0 else 0)

    def _address(self, needle: str) -> int:
        found = (self.decoded.find(f"{start}{needle}") for start in ("](", "]: ", '="', "='", "<"))
        return next((at + 1 for at in found if at >= 0), self.decoded.find(needle))


def blank_code(body: str) -> str:
    """`body` with fenced code and code spans blanked out, line breaks kept for line numbers:
    what is inside them is shown as text, never read as HTML or Markdown structure."""
    if "`" not in body and "~~~" not in body:  # most essays: skip the scan
        return body
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
