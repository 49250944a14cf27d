"""The site's Markdown: GitHub's own renderer, and what the site adds to what it makes.

Every page's Markdown, an essay's above all, is rendered by cmark-gfm (through `cmarkgfm`), the
renderer behind GitHub's preview, with GitHub's extensions (tables, strikethrough, bare
addresses as links) and footnotes; so a writer's Markdown reads on the site as on GitHub.
Task lists are left as text and `<script>`-like tags to the safelist (`check` refuses them at
their line, where GitHub's tag filter would show them as text). Raw HTML is kept for the
safelist to judge (anthology.rendering.essay), as GitHub's sanitiser does after the renderer.

Then, on the HTML's tree (html5ever, the sanitiser's own parser), what the site's pages and
editions are made of: each heading gets the id GitHub gives it (anthology.rules.addresses.HeadingIds)
and a permalink, and is listed for the table of contents; a table column's alignment becomes a
style; the footnotes take the form the theme styles and the ebooks turn into EPUB notes
(`<sup id="fnref:x"><a class="footnote-ref" href="#fn:x">`, `<div class="footnote">`).
"""

from __future__ import annotations

import html
import re

import cmarkgfm
import markupever
from cmarkgfm.cmark import Options
from markdown.extensions.toc import nest_toc_tokens

from anthology.rendering.safelist import CODE_CLASS, URL_ATTRIBUTES, as_url_string
from anthology.rules.addresses import ID_PREFIX, HeadingIds
from anthology.rules.text import CONTROLS, NOT_TEXT

# GitHub's extensions but the task list (whose checkbox is a form control the safelist refuses)
# and the tag filter (which would show a <script> as text instead of `check` refusing it).
EXTENSIONS = ["table", "strikethrough", "autolink"]
OPTIONS = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_FRAGMENT = markupever.HtmlOptions(full_document=False)
# What cmark-gfm percent-encodes in a link's address (houdini's HREF_SAFE: controls, space, '"',
# '<', '>', '[', '\\', ']', '^', '`', '{', '|', '}', DEL and every byte of a character past ASCII),
# in runs: each address is given back as written, for the safelist to judge and `check` to quote
# (a run the writer typed so, "%D0%BD", is kept).
ESCAPED = re.compile(r"(?:%(?:[01][0-9A-F]|2[02]|3[CE]|5[B-E]|60|7[B-DF]|[89A-F][0-9A-F]))+")
CONTROL = re.compile(f"[{CONTROLS}]")  # kept encoded (_as_typed)


# The marks cmark-gfm puts on the notes it makes, which the post-pass makes the site's notes of:
# written in raw HTML, one would pass for a note (anthology.rendering.essay refuses it).
NOTES_MARK = re.compile("data-footnote", re.IGNORECASE)


def writes_notes_marks(text: str) -> bool:
    """Whether raw HTML in `text` writes a mark of cmark-gfm's notes (`data-footnote-ref`):
    rendered with raw HTML left out, the marks are the renderer's alone (code keeps its own)."""
    if not NOTES_MARK.search(text):  # most essays
        return False
    without_html = cmarkgfm.markdown_to_html_with_extensions(text, OPTIONS & ~Options.CMARK_OPT_UNSAFE, EXTENSIONS)
    with_html = cmarkgfm.markdown_to_html_with_extensions(text, OPTIONS, EXTENSIONS)
    return len(NOTES_MARK.findall(with_html)) > len(NOTES_MARK.findall(without_html))


def render(text: str) -> str:
    """`text` (Markdown) as the HTML the site's Markdown makes of it, before sanitising."""
    return render_with_headings(text)[0]


def render_with_headings(text: str) -> tuple[str, list[dict]]:
    """`text` as HTML, and its headings as a table of contents lists them (level, id, name as
    escaped text, children)."""
    tree, headings = render_tree(text)
    return tree.serialize(), headings


def render_tree(text: str) -> tuple[markupever.dom.TreeDom, list[dict]]:
    """`text` rendered, as html5ever's tree of it, and its headings."""
    tree = markupever.parse(cmarkgfm.markdown_to_html_with_extensions(text, OPTIONS, EXTENSIONS), _FRAGMENT)
    elements = [node for node in tree.root().descendants() if isinstance(node, markupever.dom.Element)]
    in_links = _in_links(elements)
    _footnotes_as_the_site_shows_them(elements)
    for node in elements:
        attrs = node.attrs
        for name in URL_ATTRIBUTES:
            if "%" in (value := attrs.get(name) or "") and not _is_notes_link(node):
                attrs[name] = ESCAPED.sub(lambda run: run.group() if run.group() in text else _as_typed(run), value)
        if node.name.local in ("th", "td") and (align := attrs.get("align")) is not None:
            del attrs["align"]
            attrs["style"] = f"text-align: {align};"
        elif node.name.local == "code" and (language := attrs.get("class") or "").startswith("language-") \
                and not CODE_CLASS.fullmatch(language):
            del attrs["class"]  # a fence's info string that names no language ("~~~!")
    return tree, _headings(elements, in_links)


def _in_links(elements: list) -> list[bool]:
    """Whether each of `elements` (in document order) stands inside a link: found in one pass,
    each element's open ancestors kept on a stack (looking up from each would read the same
    ancestors again for every element below them)."""
    open_, inside = [], []  # open_: (element, whether it is or stands inside a link)
    for node in elements:
        parent = node.parent
        while open_ and not open_[-1][0] == parent:  # markupever's `!=` says False for any two nodes
            open_.pop()
        inside.append(bool(open_) and open_[-1][1])
        open_.append((node, inside[-1] or node.name.local == "a"))
    return inside


def _is_notes_link(node) -> bool:
    # A note's label stays as cmark-gfm encodes it (_label): its links name its ids exactly.
    return not {"footnote-ref", "footnote-backref"}.isdisjoint((node.attrs.get("class") or "").split())


def _label(encoded: str) -> str:
    """A note's label as its ids and the links to them write it alike, as an ebook needs them
    to be (a browser would read `#fn:a%22b` as `fn:a"b`; an ebook does not): as typed where an
    address may hold it so (`注`, which cmark-gfm encodes), else as cmark-gfm encodes it (`"` as
    %22), a '%' of its own as %25."""
    return as_url_string("#" + ESCAPED.sub(_in_address_as_typed, encoded))[1:]


def _in_address_as_typed(run: re.Match) -> str:
    typed = _as_typed(run)
    return typed if as_url_string("#" + typed) == "#" + typed else run.group()


def _as_typed(run: re.Match) -> str:
    try:
        typed = bytes.fromhex(run.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:  # cmark-gfm encodes whole characters
        return run.group()
    # No writer types a control character or a line break into an address: one made by a
    # reference (`&#10;`), or a '%0A' typed beside a space, stays encoded, as GitHub links it.
    return run.group() if CONTROL.search(typed) or NOT_TEXT.search(typed) else typed


def _headings(elements: list, in_links: list[bool]) -> list[dict]:
    """Each heading given GitHub's id (one written in raw HTML is kept) and a permalink (but
    inside a link: a link in a link, a browser takes both apart); the list of them, nested."""
    ids, listed = HeadingIds(), []
    for node, in_link in zip(elements, in_links):
        if node.name.local not in HEADINGS:
            continue
        text = "".join(part.text() for part in node.descendants() if isinstance(part, markupever.dom.Text))
        if "id" not in node.attrs:
            # A heading without a letter or digit ("🎉") has GitHub's empty id: its prefix alone.
            node.attrs["id"] = ids.next(text) or ID_PREFIX
        heading_id = node.attrs["id"]
        listed.append({"level": int(node.name.local[1]), "id": heading_id, "name": html.escape(_title(node)),
                       "children": []})
        if not in_link:
            node.create_element(_html("a"), {"class": "headerlink", "href": f"#{heading_id}",
                                      "title": "Permanent link"}).create_text("¶")
    return nest_toc_tokens(listed)


def _title(heading) -> str:
    """A heading's text as the table of contents shows it: without its notes' numbers."""
    parts, stack = [], list(heading.children())[::-1]
    while stack:  # each node once: a reference's text left out with it
        node = stack.pop()
        if isinstance(node, markupever.dom.Text):
            parts.append(node.text())
        elif isinstance(node, markupever.dom.Element) and not _is_reference(node):
            stack.extend(list(node.children())[::-1])
    return "".join(parts)


def _is_reference(node) -> bool:
    return isinstance(node, markupever.dom.Element) and node.name.local == "sup" and "fnref" in node.attrs.get("id", "")


def _footnotes_as_the_site_shows_them(elements: list) -> None:
    """cmark-gfm's footnotes in the form the theme styles: each reference `<sup id="fnref:x">`
    (`fnref2:x` for a second one) around `<a class="footnote-ref" href="#fn:x">`, the notes in
    `<div class="footnote">` after a rule, each `<li id="fn:x">` with one way back per reference."""
    seen: dict[str, int] = {}
    for node in elements:
        attrs = node.attrs
        if node.name.local == "sup" and attrs.get("class") == "footnote-ref":
            link = next((child for child in node.children() if isinstance(child, markupever.dom.Element)
                         and "data-footnote-ref" in child.attrs), None)
            if link is None and any(True for _ in node.children()):
                continue  # a writer's own <sup class="footnote-ref">, for the safelist to judge as written
            del attrs["class"]
            if link is None:  # a note's number HTML took out of a link's text: `check` says so
                attrs["id"] = "fnref:"
                continue
            label = _label(link.attrs.get("href", "").removeprefix("#fn-"))
            seen[label] = seen.get(label, 0) + 1
            attrs["id"] = f"fnref{'' if seen[label] == 1 else seen[label]}:{label}"
            _as_reference(link, label)
        elif node.name.local == "a" and "data-footnote-ref" in attrs:  # one HTML took out of its <sup>
            _as_reference(node, _label(attrs.get("href", "").removeprefix("#fn-")))
        elif node.name.local == "a" and "data-footnote-backref" in attrs:
            attrs["href"] = "#fnref" + _backref(attrs)
            _drop(attrs, "data-footnote-backref", "data-footnote-backref-idx", "aria-label")
            attrs["title"] = "Jump back to footnote in the text"
            for child in list(node.children()):
                if isinstance(child, markupever.dom.Element):  # a repeat's number, "↩2": the arrow alone
                    child.detach()
        elif node.name.local == "section" and "data-footnotes" in attrs:
            _as_footnote_block(node)


def _as_reference(link, label: str) -> None:
    _drop(link.attrs, "id", "data-footnote-ref")
    link.attrs["class"], link.attrs["href"] = "footnote-ref", f"#fn:{label}"


def _backref(attrs) -> str:
    """cmark-gfm's way back to `fnref-x` or `fnref-x-2` as `:x` or `2:x`. Which reference it is
    comes from its index ("1", or "1-2" for the note's second reference): `fnref-x-2` may as
    well be the first reference to a note "x-2"."""
    target = attrs.get("href", "").removeprefix("#fnref-")
    _, dash, number = attrs.get("data-footnote-backref-idx", "").partition("-")
    if dash and target.endswith(f"-{number}"):
        return f"{number}:{_label(target.removesuffix(f'-{number}'))}"
    return f":{_label(target)}"


def _as_footnote_block(section) -> None:
    block = section.create_element(_html("div"), {"class": "footnote"}, ordering=markupever.dom.Ordering.BEFORE)
    block.create_element(_html("hr"))
    for child in list(section.children()):
        block.attach(child)
        if isinstance(child, markupever.dom.Element) and child.name.local == "ol":
            for item in child.children():  # each note (a writer's own <li id="fn-x"> is left as written)
                if isinstance(item, markupever.dom.Element) and item.attrs.get("id", "").startswith("fn-"):
                    item.attrs["id"] = "fn:" + _label(item.attrs["id"].removeprefix("fn-"))
    section.detach()


def _html(tag: str) -> markupever.dom.QualName:
    return markupever.dom.QualName(tag, "html")


def _drop(attrs, *names: str) -> None:
    for name in names:
        if name in attrs:
            del attrs[name]
