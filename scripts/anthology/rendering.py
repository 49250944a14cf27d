"""An essay's Markdown made into the one HTML every output shows, and check's verdict on it.

`render_essay` is the only road from an essay's Markdown to HTML. `check` (anthology.catalog)
takes every essay down it and keeps what it makes (model.Essay.html): the essay's page, the
printable edition, the ebooks and the search index all show that HTML. So what check accepts
the build shows whole, and what the build could not show check refuses first, at its line.

The road: the site's Markdown (anthology.markdown) → the tree of html5ever (the sanitiser's own
parser) → every address written as a valid URL string, as a browser reads it → each element held
to the safelist (anthology.safety) and to where HTML lets it stand → links to essays and images
resolved as MkDocs resolves a page's links, a file that is not there being a problem → the
sanitiser (anthology.sanitize.clean_essay) → no character that is not text, not even one written
as a character reference (`&#1;`).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

import markupever

from .markdown import render_with_headings
from .problems import Problem
from .safelist import (FLOW_ONLY, ID_PREFIX, IMAGE_SRC, IMAGES_DIR, PHRASING_ONLY, TRANSPARENT, URL_ATTRIBUTES,
                       as_url_string, is_remote, url_scheme)
from .safety import Lines, Unsafe, beyond_limits, blank_code, missing_image, problems_of
from .sanitize import clean_essay
from .source import NOT_TEXT

_FRAGMENT = markupever.HtmlOptions(full_document=False)
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")


@dataclass(frozen=True)
class Targets:
    """What an essay's relative links may lead to: the essays (their slugs, the files' stems in
    docs/<folder>/) and the images (their names in docs/images/)."""

    essays: frozenset[str]
    images: frozenset[str]
    folder: str = "essays"


@dataclass(frozen=True)
class EssayHtml:
    """An essay as every output shows it."""

    html: str  # sanitised; ids and in-page links prefixed (safelist.ID_PREFIX)
    headings: list[dict]  # the table of contents: level, id (prefixed as on the page), name, children


def render_essay(body: str, first_line: int, shown: str, targets: Targets) -> tuple[EssayHtml | None, list[Problem]]:
    """The essay's HTML, or None and every problem that stops it, each at its line (`first_line`
    is the body's first line in the file `shown`)."""
    too_much = beyond_limits(body, first_line, shown)
    if too_much:
        return None, too_much
    try:
        rendered, headings = render_with_headings(body)
    except RecursionError:  # the limits keep nesting far below Python's; this says so if not
        return None, [Problem(shown, first_line, None, "the Markdown nests too deeply to be shown")]
    tree = markupever.parse(rendered, _FRAGMENT)
    elements = [node for node in tree.root().descendants() if isinstance(node, markupever.dom.Element)]
    written = _as_url_strings(elements)
    found = problems_of([(node.name.local, _attributes(node)) for node in elements])
    found += _misplaced(elements) + _ids_twice(elements) + _resolve_links(elements, targets)
    lines = Lines(body, first_line)
    problems = [Problem(shown, lines.of(_as_written(unsafe, written)), None, unsafe.message) for unsafe in found]
    if problems:
        return None, list(dict.fromkeys(problems))  # <script>...</script> on one line: one problem
    cleaned = clean_essay(tree.serialize())
    if NOT_TEXT.search(html.unescape(cleaned)):
        return None, _references_not_text(body, first_line, shown)
    return EssayHtml(cleaned, _prefixed(headings)), []


def _attributes(node) -> dict[str, str]:
    return {key.local: value for key, value in node.attrs.items()}


def _as_url_strings(elements) -> dict[str, str]:
    """Every address made a valid URL string in place (a space as %20, as GitHub writes a link
    to `<my file.md>`); returns what each changed one was as written, to find its line by."""
    written = {}
    for node in elements:
        for key, value in _attributes(node).items():
            if key in URL_ATTRIBUTES and "\n" not in value and "\r" not in value:  # that is a problem of its own
                url = as_url_string(value)
                if url != value:
                    node.attrs[key] = url
                    written[url] = value
    return written


def _as_written(unsafe: Unsafe, written: dict[str, str]) -> Unsafe:
    return Unsafe(unsafe.tag, unsafe.message, written.get(unsafe.needle, unsafe.needle))


def _misplaced(elements) -> list[Unsafe]:
    """Elements where HTML does not let them stand (a paragraph inside emphasis, a list item
    outside a list), which a browser shows in its own way and an ebook reader may refuse."""
    found = []
    for node in elements:
        tag, parent = node.name.local, _container(node)
        if tag in FLOW_ONLY and parent in PHRASING_ONLY:
            found.append(Unsafe(tag, f"<{tag}> cannot stand inside <{parent}>, which holds only text and "
                                     f"inline elements: close the <{parent}> first", ""))
        elif tag == "li" and _parent_tag(node) not in ("ul", "ol"):
            found.append(Unsafe(tag, "<li> stands outside a list: put it inside <ul> or <ol>", ""))
    return found


def _parent_tag(node) -> str | None:
    parent = node.parent
    return parent.name.local if isinstance(parent, markupever.dom.Element) else None


def _container(node) -> str | None:
    """The tag whose content model holds `node`: its parent's, or through a transparent one
    (<a>, <del>) the parent's parent's."""
    parent = node.parent
    while isinstance(parent, markupever.dom.Element) and parent.name.local in TRANSPARENT:
        parent = parent.parent
    return parent.name.local if isinstance(parent, markupever.dom.Element) else None


def _ids_twice(elements) -> list[Unsafe]:
    ids = Counter(_attributes(node).get("id") for node in elements)
    return [Unsafe("", f"the id '{value}' is used {count} times in the essay: give each heading or note an id "
                       "of its own", f'id="{value}"') for value, count in ids.items() if value and count > 1]


def _resolve_links(elements, targets: Targets) -> list[Unsafe]:
    """Relative links made to lead where they lead from the essay's page, as MkDocs makes them
    (`other-essay.md#part` → `../other-essay/#user-content-part`); one to a file the anthology
    does not have is a problem, as it is a warning that stops a strict build."""
    found = []
    for node in elements:
        tag = node.name.local
        for key in ("href", "src"):
            value = _attributes(node).get(key)
            if value is None:
                continue
            if tag == "img" and not is_remote(value):
                match = IMAGE_SRC.fullmatch(value)
                if match is None or match.group(1) not in targets.images:
                    found.append(Unsafe("img", missing_image(value, targets.images), value))
                    continue
            resolved, problem = _resolved(value, targets)
            if problem:
                found.append(Unsafe(tag, problem, value))
            elif resolved != value:
                node.attrs[key] = resolved
    return found


def _resolved(value: str, targets: Targets) -> tuple[str, str | None]:
    """Where the relative address `value`, written beside docs/<folder>/<slug>.md, leads from the
    essay's page (one folder deeper: essays/<slug>/), or a problem. Addresses of folders (`../`)
    and of the site's root (`/`) are left as written, as MkDocs leaves them."""
    if not value or value.startswith(("#", "/")) or url_scheme(value) or "\n" in value or "\r" in value:
        return value, None
    path, _, tail = value.partition("#")
    path, query, search = path.partition("?")
    target = posixpath.normpath(posixpath.join(targets.folder, unquote(path)))
    folder, _, name = target.rpartition("/")
    fragment = f"#{ID_PREFIX}{tail.removeprefix(ID_PREFIX)}" if tail else ("#" if "#" in value else "")
    if name.endswith(".md"):
        if folder == targets.folder and name[:-3] in targets.essays:
            return f"../{name[:-3]}/" + query + search + fragment, None
        return value, (f"'{value}' is not an essay of the anthology: link to another essay by its file name "
                       f"in docs/{targets.folder}/, like other-essay.md")
    if folder == IMAGES_DIR and name in targets.images:
        return "../" + value, None
    if posixpath.splitext(name)[1] and not path.endswith("/"):
        return value, (f"'{value}' is not a file of the anthology: link to an essay as other-essay.md, to an "
                       f"image in docs/{IMAGES_DIR}/ as ../{IMAGES_DIR}/<file name>, or to a web page by its address")
    return value, None


def _references_not_text(body: str, first_line: int, shown: str) -> list[Problem]:
    """Each character reference in `body` that stands for a character that is not text."""
    text = blank_code(body)
    problems = [
        Problem(shown, first_line + text.count("\n", 0, match.start()), None,
                f"'{match.group()}' stands for U+{ord(_stands_for(match.group())):04X}, a control character "
                "that is not text: delete it")
        for match in CHARACTER_REFERENCE.finditer(text) if NOT_TEXT.search(_stands_for(match.group()))
    ]
    return list(dict.fromkeys(problems)) or [Problem(shown, first_line, None, "the essay makes a character that is not "
                                                     "text (a control character): delete it")]


def _stands_for(reference: str) -> str:
    """What a browser reads for the character reference: a number as its character (html5ever
    keeps control characters, which html.unescape would drop), save those HTML maps elsewhere
    (0, 0x80-0x9F, surrogates, past Unicode)."""
    if not reference.startswith("&#"):
        return html.unescape(reference)
    digits = reference[2:].rstrip(";")
    hexadecimal = digits[0] in "xX"
    digits = digits[1:] if hexadecimal else digits
    number = int(digits, 16 if hexadecimal else 10) if len(digits.lstrip("0")) <= 8 else 0x110000
    if number == 0 or 0x80 <= number <= 0x9F or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return html.unescape(reference) or "\ufffd"
    return chr(number)


def _prefixed(headings: list[dict]) -> list[dict]:
    return [dict(heading, id=ID_PREFIX + heading["id"], children=_prefixed(heading["children"]))
            for heading in headings]
