"""An essay's Markdown made into the one HTML every output shows, and check's verdict on it.

`render_essay` is the only road from an essay's Markdown to HTML. `check` (anthology.catalog.assembly)
takes every essay down it and keeps what it makes (model.Essay.html): the essay's page, the
printable edition, the ebooks and the search index all show that HTML. So what check accepts
the build shows whole, and what the build could not show check refuses first, at its line.

The road: the site's Markdown (anthology.rendering.markdown) → the tree of html5ever (the sanitiser's own
parser), in which no character may be one that is not text, not even one written as a character
reference (`&#1;`) → every address written as a valid URL string, as a browser reads it → each
element held to the safelist (anthology.rendering.safety), web addresses to `original_url`'s rule, and
each to where HTML lets it stand → links to essays and images resolved as MkDocs resolves a
page's links, a file that is not there being a problem, and so is a link to a part of the essay
that is not there (one to a part of another essay is checked by the catalog, which has every
essay's ids) → the sanitiser (anthology.rendering.sanitize.clean_essay).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

import markupever

from anthology.rendering.costs import beyond_limits
from anthology.rendering.markdown import NOTES_MARK, render_tree, writes_notes_marks
from anthology.rendering.safelist import (
    FLOW_ONLY,
    IMAGE_SRC,
    PHRASING_ONLY,
    TAGS,
    TRANSPARENT,
    URL_ATTRIBUTES,
    as_url_string,
    is_remote,
    url_scheme,
)
from anthology.rendering.safety import Lines, Unsafe, blank_code, missing_image, problems_of
from anthology.rendering.sanitize import clean_essay
from anthology.rules.addresses import ESSAYS_DIR, ID_PREFIX, IMAGES_DIR, fragment_id
from anthology.rules.problems import Problem
from anthology.rules.schema import check_web_url, shortened
from anthology.rules.text import NOT_TEXT, holds_not_text

CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")


@dataclass(frozen=True)
class Targets:
    """What an essay's relative links may lead to: the essays (their slugs, the files' stems in
    docs/<folder>/) and the images (their names in docs/images/)."""

    essays: frozenset[str]
    images: frozenset[str]
    folder: str = ESSAYS_DIR


@dataclass(frozen=True)
class PartLink:
    """A link to a part of another essay: the essay's slug, the id the link names (as in
    `Parts.ids`) and the link as written, to find its line by."""

    essay: str
    id: str
    written: str


@dataclass(frozen=True)
class Parts:
    """What links to parts of essays are checked by: every id of the essay a link may name
    (without the prefix), its headings as a problem lists them (`listed`), and its own links to
    parts of other essays, which the catalog checks once every essay is rendered."""

    ids: frozenset[str]
    listed: str
    links: tuple[PartLink, ...]


@dataclass(frozen=True)
class EssayHtml:
    """An essay as every output shows it."""

    html: str  # sanitised; ids and in-page links prefixed (safelist.ID_PREFIX)
    headings: list[dict]  # the table of contents: level, id (prefixed as on the page), name, children


def render_essay(body: str, first_line: int, shown: str, targets: Targets,
                 parts: list[Parts] | None = None) -> tuple[EssayHtml | None, list[Problem]]:
    """The essay's HTML, or None and every problem that stops it, each at its line (`first_line`
    is the body's first line in the file `shown`). The essay's `Parts` are added to `parts`
    when it was rendered, problems or not, so that links to and from it are checked at once."""
    too_much = beyond_limits(body, first_line, shown)
    if too_much:
        return None, too_much
    if writes_notes_marks(body):
        return None, [_notes_marks_written(body, first_line, shown)]
    try:
        tree, headings = render_tree(body)
    except RecursionError:  # the limits keep nesting far below Python's; this says so if not
        return None, [Problem(shown, first_line, None, "the Markdown nests too deeply to be shown")]
    except UnicodeDecodeError:  # cmark-gfm writes U+FFFE and U+FFFF, made by a reference, as no UTF-8
        return None, _references_not_text(body, first_line, shown)
    elements = [node for node in tree.root().descendants() if isinstance(node, markupever.dom.Element)]
    # `body` holds no character that is not text (files.source refused the file): only a character
    # reference can make one, decoded in text, or in an address where it stays percent-encoded.
    if "&" in body and (holds_not_text(tree.serialize()) or _address_refers_to_not_text(body, elements)):
        return None, _references_not_text(body, first_line, shown)
    written = _as_url_strings(elements)
    web = _web_problems(elements, written)  # in original_url's words (schema.check_web_url), said once
    reported = {unsafe.needle for unsafe in web}
    found = web + [unsafe for unsafe in problems_of([(node.name.local, _attributes(node)) for node in elements])
                   if unsafe.needle not in reported]
    reported |= {unsafe.needle for unsafe in found}
    ids = frozenset(value.removeprefix(ID_PREFIX) for node in elements if "id" in TAGS.get(node.name.local, ())
                    and (value := _attributes(node).get("id")) is not None)  # those the sanitiser keeps
    part_links: list[PartLink] = []
    found += _misplaced(elements) + _ids_twice(elements) + _resolve_links(elements, targets, reported, part_links)
    listed = headings_listed(headings)
    found += _parts_missing(elements, ids, listed, reported)
    if parts is not None:
        parts.append(Parts(ids, listed, tuple(
            PartLink(link.essay, link.id, written.get(link.written, link.written)) for link in part_links)))
    if found:  # lines are looked for only when there is a problem to place (most essays have none)
        lines = Lines(body, first_line)
        problems = [Problem(shown, lines.of(_as_written(unsafe, written)), None, unsafe.message) for unsafe in found]
        return None, list(dict.fromkeys(problems))  # <script>...</script> on one line: one problem
    return EssayHtml(clean_essay(tree.serialize()), _prefixed(headings)), []


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
        elif tag == "sup" and _attributes(node).get("id", "").startswith("fnref") and not any(
                isinstance(child, markupever.dom.Element) and child.name.local == "a" for child in node.children()):
            # A link inside a link's text: HTML takes the note's link out, and the note is lost.
            found.append(Unsafe(tag, "a note's reference inside a link's text: put it after the link, like "
                                     "[the text](https://example.com)[^1]", "[^"))
        elif tag == "img" and "alt" not in _attributes(node):
            found.append(Unsafe(tag, "an image without a description (alt): write ![what it shows](../images/<file "
                                     "name>), or alt=\"\" for one that only decorates", ""))
        elif tag == "tr" and not any(isinstance(child, markupever.dom.Element) and child.name.local in ("td", "th")
                                     for child in node.children()):
            found.append(Unsafe(tag, "a table row without cells: give it a <td>, or take it out", ""))
        elif tag == "a" and (mark := _own_mark(node)) is not None:
            found.append(Unsafe(tag, f"class '{mark}' marks the site's own links (a permalink, a note's "
                                     "way back), which the page hides or shrinks: take the class off", ""))
        elif tag in ("ul", "ol") and _holds_other_than_items(node):
            found.append(Unsafe(tag, f"<{tag}> holds something other than list items: put each part of the list "
                                     "in an <li>", ""))
    return found


# The classes of Markdown's own links, with the one character each holds (a heading's permalink,
# a note's way back): the page styles them small or hidden, so words in them would be hidden.
OWN_MARKS = {"headerlink": "¶", "footnote-backref": "↩"}
NOTE_REFERENCE = "footnote-ref"  # the class of the link that is a note's number in the text


def _own_mark(node) -> str | None:
    """The class of Markdown's own links `node` carries while holding more than its mark."""
    classes = _attributes(node).get("class", "").split()
    text = "".join(child.text() for child in node.descendants() if isinstance(child, markupever.dom.Text))
    return next((name for name in classes if name in OWN_MARKS and text != OWN_MARKS[name]), None)


def _holds_other_than_items(node) -> bool:
    return any(child.name.local != "li" if isinstance(child, markupever.dom.Element)
               else isinstance(child, markupever.dom.Text) and child.text().strip() for child in node.children())


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
    # As on the page, where the sanitiser prefixes each id that is not prefixed already. Found
    # at the one written in HTML (`id="..."`), when there is one: a heading's own is not.
    written: dict[str, list[str]] = {}
    for node in elements:
        value = _attributes(node).get("id")
        if value is not None:
            written.setdefault(ID_PREFIX + value.removeprefix(ID_PREFIX), []).append(value)
    return [Unsafe("", f"the id '{page_id.removeprefix(ID_PREFIX)}' is used {len(values)} times in the essay: give "
                       "each heading or note an id of its own", f'id="{max(values, key=len)}"')
            for page_id, values in written.items() if len(values) > 1]


def _resolve_links(elements, targets: Targets, reported: set[str], part_links: list[PartLink]) -> list[Unsafe]:
    """Relative links made to lead where they lead from the essay's page, as MkDocs makes them
    (`other-essay.md#part` → `../other-essay/#user-content-part`); one to a file the anthology
    does not have is a problem, as it is a warning that stops a strict build. Each link to a
    part of another essay is added to `part_links`."""
    found = []
    for node in elements:
        tag = node.name.local
        for key in ("href", "src"):
            value = _attributes(node).get(key)
            if value is None or value in reported:  # said already (an address no browser opens)
                continue
            if tag == "img" and not is_remote(value):
                match = IMAGE_SRC.fullmatch(value)
                if match is None or match.group(1) not in targets.images:
                    found.append(Unsafe("img", missing_image(value, targets.images), value))
                    continue
            resolved, problem = _resolved(value, targets)
            if problem:
                found.append(Unsafe(tag, problem, value))
                continue
            if resolved != value:
                node.attrs[key] = resolved
            path, _, fragment = value.partition("#")
            if key == "href" and fragment and unquote(path.partition("?")[0]).endswith(".md"):  # an essay's
                part_links.append(PartLink(resolved[len("../"):].partition("/")[0], fragment_id(fragment), value))
    return found


MAX_HEADINGS_SHOWN = 20  # a problem's message lists this many of an essay's headings at most


def missing_part(written: str, where: str, listed: str) -> str:
    """What is wrong with the link `written` to a part of the essay `where` ("this essay", or
    "other.md") that is not there, with the headings that are (`headings_listed`)."""
    return f"the link '{shortened(written, 200)}' leads to no heading of {where}; {listed}"


def headings_listed(headings: list[dict]) -> str:
    """The headings of an essay (its table of contents) as a problem lists them: their ids as
    a link names them, the first MAX_HEADINGS_SHOWN of them."""
    ids = [f"#{heading_id}" for heading_id in _heading_ids(headings) if heading_id]
    if not ids:
        return "it has no headings"
    more = len(ids) - MAX_HEADINGS_SHOWN
    return "its headings: " + ", ".join(ids[:MAX_HEADINGS_SHOWN]) + (f", and {more} more" if more > 0 else "")


def _heading_ids(headings: list[dict]) -> list[str]:
    """Each heading's id in reading order, as a link names it (without the prefix)."""
    return [id_ for heading in headings
            for id_ in [heading["id"].removeprefix(ID_PREFIX), *_heading_ids(heading["children"])]]


def _parts_missing(elements, ids: frozenset[str], listed: str, reported: set[str]) -> list[Unsafe]:
    """Each link to a part of the essay that is not there; a link written percent-encoded
    (as GitHub's heading links are copied) made to name the id as it is written. Notes' own
    links are left to the notes (Markdown links an unreferenced note back to nowhere, and each
    output shows notes its own way)."""
    found = []
    for node in elements:
        value = _attributes(node).get("href", "") if node.name.local == "a" else ""
        if not value.startswith("#") or value == "#" or value in reported or _is_notes_link(node):
            continue
        if fragment_id(value[1:]) not in ids:
            found.append(Unsafe("a", missing_part(value, "this essay", listed), value))
        elif (named := _as_id(value[1:])) != value[1:]:
            node.attrs["href"] = "#" + named
    return found


def _is_notes_link(node) -> bool:
    return not {"footnote-ref", "footnote-backref"}.isdisjoint(_attributes(node).get("class", "").split())


def _as_id(fragment: str) -> str:
    """A link's fragment written as the id it names (`fragment_id`), prefixed as written;
    as written when the id would not be an address as it stands (no heading's id is such)."""
    named = fragment[:len(ID_PREFIX)] if fragment.startswith(ID_PREFIX) else ""
    named += fragment_id(fragment)
    return named if as_url_string(named) == named else fragment


def _web_problems(elements, written: dict[str, str]) -> list[Unsafe]:
    """Each address to another site held to one rule: http(s) as `original_url` is
    (`schema.check_web_url`), written whole (`//host` would lead elsewhere in an ebook, which
    has no scheme to borrow), an e-mail address not empty."""
    found = []
    for node in elements:
        for key in ("href",):  # an image from another site is refused as such (safety)
            value = _attributes(node).get(key)
            if value is None or "\n" in value or "\r" in value:
                continue
            scheme, shown = url_scheme(value), shortened(written.get(value, value), 200)
            problem = None
            if scheme in ("http", "https"):
                try:
                    check_web_url(value)
                except ValueError as err:
                    problem = f"'{shown}' {err}"
            elif not scheme and is_remote(value):
                problem = f"'{shown}' leaves out its scheme: write the whole address, like https://example.com/page"
            elif scheme == "mailto" and not value[len("mailto:"):].strip(" ,?"):
                problem = f"'{value}' names no e-mail address: write mailto:name@example.com"
            if problem:
                found.append(Unsafe(node.name.local, problem, value))
    return found


def _resolved(value: str, targets: Targets) -> tuple[str, str | None]:
    """Where `value`, written beside docs/<folder>/<slug>.md, leads from the essay's page (one
    folder deeper: essays/<slug>/), or a problem. An essay's links lead to another essay, an
    image, a part of the essay or a web page: a relative address to anything else would lead
    somewhere on GitHub's preview and elsewhere, or nowhere, on the site and in the books."""
    if "\n" in value or "\r" in value or value.startswith("#"):
        return value, None
    if url_scheme(value) or is_remote(value):  # held to the rules of web addresses (_web_problems)
        return value, None
    path, _, tail = value.partition("#")
    path, query, search = path.partition("?")
    target = posixpath.normpath(posixpath.join(targets.folder, unquote(path)))
    folder, _, name = target.rpartition("/")
    fragment = f"#{ID_PREFIX}{_as_id(tail).removeprefix(ID_PREFIX)}" if tail else ("#" if "#" in value else "")
    if name.endswith(".md") and folder == targets.folder and name[:-3] in targets.essays:
        return f"../{name[:-3]}/" + query + search + fragment, None
    if folder == IMAGES_DIR and name in targets.images:
        return "../" + value, None
    if name.endswith(".md"):
        return value, (f"'{value}' is not an essay of the anthology: link to another essay by its file name "
                       f"in docs/{targets.folder}/, like other-essay.md")
    return value, (f"'{value}' leads to no page of the anthology: link to another essay as other-essay.md, to an "
                   f"image in docs/{IMAGES_DIR}/ as ../{IMAGES_DIR}/<file name>, to a part of this essay as #part, "
                   "or to a web page by its whole address (https://…)")


def _notes_marks_written(body: str, first_line: int, shown: str) -> Problem:
    """The problem with raw HTML that writes a mark of Markdown's notes, at the first tag that
    seems to (a mention in code or in the text does not count)."""
    text = blank_code(body)
    match = re.search(r"<[^<>]*?(" + NOTES_MARK.pattern + ")", text, re.IGNORECASE) or NOTES_MARK.search(text)
    start = match.start(match.lastindex or 0) if match else 0
    return Problem(shown, first_line + text.count("\n", 0, start), None,
                   f"'{body[start:start + len('data-footnote')]}…' is the mark Markdown puts on the notes it makes, "
                   "which raw HTML cannot write: write a note as text[^1] and, on a line of its own, [^1]: the note")


def _address_refers_to_not_text(body: str, elements) -> bool:
    """Whether an address holds a character that is not text made by a reference ('&#1;'),
    which cmark-gfm percent-encodes there (%01) and the page keeps so."""
    made = {"".join(f"%{byte:02X}" for byte in character.encode()) for match in CHARACTER_REFERENCE.finditer(body)
            if NOT_TEXT.search(character := _stands_for(match.group()))} if "&#" in body else set()
    return bool(made) and any(code in value for node in elements for key, value in _attributes(node).items()
                              if key in URL_ATTRIBUTES for code in made)


def _references_not_text(body: str, first_line: int, shown: str) -> list[Problem]:
    """Each character reference in `body` that stands for a character that is not text."""
    text = blank_code(body)
    problems = [
        Problem(shown, first_line + text.count("\n", 0, match.start()), None,
                f"'{match.group()}' stands for U+{ord(_stands_for(match.group())):04X}, which is not text (a "
                "control character or a non-character): delete it")
        for match in CHARACTER_REFERENCE.finditer(text) if NOT_TEXT.search(_stands_for(match.group()))
    ]
    return list(dict.fromkeys(problems)) or [Problem(shown, first_line, None, "the essay makes a character that is not "
                                                     "text (a control character or a non-character): delete it")]


def _stands_for(reference: str) -> str:
    """What a browser reads for the character reference: a number as its character (html5ever
    keeps control characters, which html.unescape would drop), save those HTML maps elsewhere
    (0, surrogates, past Unicode). 0x80-0x9F as Markdown reads them, the C1 controls (HTML
    reads '&#x85;' as '…' in raw HTML; cmark-gfm in text and addresses keeps U+0085)."""
    if not reference.startswith("&#"):
        return html.unescape(reference)
    digits = reference[2:].rstrip(";")
    hexadecimal = digits[0] in "xX"
    digits = digits[1:] if hexadecimal else digits
    number = int(digits, 16 if hexadecimal else 10) if len(digits.lstrip("0")) <= 8 else 0x110000
    if number == 0 or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return html.unescape(reference) or "\ufffd"
    return chr(number)


def _prefixed(headings: list[dict]) -> list[dict]:
    # As the sanitiser prefixes ids: one with the prefix already (GitHub's empty id) keeps it.
    return [dict(heading, id=ID_PREFIX + heading["id"].removeprefix(ID_PREFIX), children=_prefixed(heading["children"]))
            for heading in headings]
