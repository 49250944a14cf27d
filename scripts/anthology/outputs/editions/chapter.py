"""An essay's text as a chapter of the ebook: the HTML its page shows, made XHTML.

The essay's HTML is the one every output shows (`anthology.rendering.essay`: the site's Markdown and
the one sanitiser, made once by the catalog). It is read into a tree
(lxml) and fitted to the book: footnotes become EPUB notes with back links (EPUB 3.3
Structural Semantics; DPUB-ARIA roles), headings lose their permalinks, and a link to a
place outside the book leads to the site, or is left as its text when the site's address is
not known (a link to another essay leads to its chapter in a volume that holds it: each
chapter is made once, in two versions when it links to essays of another challenge; a link to a
part of another essay leads to that part, which check found there). Images
from the repository keep their address: the book holds them at the same place relative to
its chapters (`images/` beside `essays/`).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from anthology.catalog.model import Essay
from anthology.rendering.safelist import IMAGE_SRC, url_scheme
from anthology.rules.addresses import ID_PREFIX, IMAGES_DIR

# The site's footnote references (rendering.markdown), once the sanitiser has prefixed their ids: `fnref:x`
# for the first reference to note `fn:x`, `fnref2:x` for the second.
NOTE_REF = re.compile(re.escape(ID_PREFIX) + r"fnref(\d*):")
EPUB_TYPE = "epub:type"  # written as is: the chapter template declares the epub prefix


@dataclass(frozen=True)
class Chapter:
    """An essay's text ready for the chapter template."""

    body: str  # XHTML elements, as text, for a volume of the essay's own challenge
    body_in_whole: str  # the same for the whole anthology, which holds every essay's chapter
    images: frozenset[str]  # names of the files under docs/images/ that it shows
    images_described: bool  # every image it shows has a text alternative


@dataclass(frozen=True)
class Site:
    """Where links between essays lead: the catalog's essays by file and by address."""

    by_src_uri: Mapping[str, Essay]
    by_url: Mapping[str, Essay]
    url: str | None  # the site's absolute address, ending in "/"; None when not known

    @classmethod
    def of(cls, essays: list[Essay], url: str | None) -> Site:
        return cls({e.src_uri: e for e in essays}, {e.url: e for e in essays}, url)


def essay_chapter(essay: Essay, content: str, site: Site) -> Chapter:
    """The essay's sanitised HTML `content` (`Essay.html`, as its page shows it) as XHTML for its
    chapter, with notes, links and images fitted to the book. Raises ValueError for an image
    that is not one of docs/images/ (the catalog lets none through)."""
    root = lxml.html.fragment_fromstring(content, create_parent="div")
    for link in root.xpath("//a[@class='headerlink'][parent::h1 or parent::h2 or parent::h3 or parent::h4 "
                           "or parent::h5 or parent::h6]"):
        link.drop_tree()  # the ¶ permalink beside each heading means nothing in a book
    _notes(root)
    elsewhere = _links(root, essay, site)
    _in_page(root)
    images = list(root.iter("img"))
    names = frozenset(_embedded(image, essay) for image in images)
    in_whole = _xhtml(root)
    for link, address in elsewhere:  # in the essay's challenge's volume, these chapters are not there
        if address is None:
            link.drop_tag()
        else:
            link.set("href", address)
    body = _xhtml(root) if elsewhere else in_whole
    return Chapter(body, in_whole, names, all(image.get("alt", "").strip() for image in images))


def _xhtml(root) -> str:
    """The children of `root`, and its text, as XHTML."""
    return html.escape(root.text or "", quote=False) + "".join(
        etree.tostring(child, method="xml", encoding="unicode") for child in root)


def _notes(root) -> None:
    """Footnote references become noterefs and the footnotes endnotes, each with a back link
    to its reference (the pattern Standard Ebooks uses). Every footnote block becomes a
    section of notes, the essay's own and any a writer wrote as raw HTML, with ids unique
    across them; a reference opens the note its page's link opens (the first of that id). A
    back link to no reference (a note never referenced) is taken out; an item without an id,
    which no reference can open, stays a plain list item."""
    numbers: dict[str, int] = {}  # a note's id in the essay -> its number in the chapter
    count = 0
    for index, block in enumerate(root.xpath("//div[@class='footnote']"), start=1):
        heading_id = "notes" if index == 1 else f"notes-{index}"
        block.tag = "section"
        block.attrib.clear()
        block.attrib.update({EPUB_TYPE: "endnotes", "role": "doc-endnotes", "aria-labelledby": heading_id})
        for rule in block.findall("hr"):
            block.remove(rule)
        heading = lxml.html.Element("h2", id=heading_id)
        heading.text = "Notes"
        block.insert(0, heading)
        for note in block.xpath("ol/li[@id]"):
            count += 1
            numbers.setdefault(note.get("id"), count)
            note.attrib.update({"id": f"note-{count}", EPUB_TYPE: "endnote"})
    refs: dict[str, str] = {}  # a reference's id in the essay -> its id in the book
    for ref in root.xpath("//sup[a[@class='footnote-ref']]"):
        link, repeat = ref.find("a[@class='footnote-ref']"), NOTE_REF.match(ref.get("id", ""))
        number = numbers.get(link.get("href", "").removeprefix("#"))
        if number is None or repeat is None:
            continue  # not Markdown's: the check on in-page links below deals with it
        refs[ref.attrib.pop("id")] = link_id = f"noteref-{number}" + (f"-{repeat.group(1)}" if repeat.group(1) else "")
        link.attrib.update({"id": link_id, "href": f"#note-{number}", EPUB_TYPE: "noteref", "role": "doc-noteref"})
        link.attrib.pop("class", None)
    # Once each, though a writer's block may sit inside another (no essay has a role attribute).
    for back in root.xpath("//section[@role='doc-endnotes']/ol/li//a[@class='footnote-backref']"):
        target = refs.get(back.get("href", "").removeprefix("#"))
        if target is None:
            _remove(back)
        else:
            back.attrib.update({"href": f"#{target}", EPUB_TYPE: "backlink", "role": "doc-backlink"})
            back.attrib.pop("class", None)


def _remove(element) -> None:
    """`element` taken out with the no-break space Markdown puts before a back link."""
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "").removesuffix("\xa0")
    else:
        parent.text = (parent.text or "").removesuffix("\xa0")
    element.drop_tree()


def _in_page(root) -> None:
    """Every id once and without a space (XHTML), and every link within the chapter to one
    of them: a link to nowhere (a slip in the essay) is left as its words."""
    ids: set[str] = set()
    for element in root.xpath("//*[@id]"):
        value = element.get("id")
        if value in ids or not value or any(c.isspace() for c in value):
            del element.attrib["id"]
        else:
            ids.add(value)
    for link in root.xpath("//a[starts-with(@href, '#')]"):
        if link.get("href")[1:] not in ids:
            link.drop_tag()


def _embedded(image, essay: Essay) -> str:
    """The name of the repository's image that `image` shows, its address made the book's."""
    src = image.get("src", "").strip()
    match = IMAGE_SRC.fullmatch(src)  # as written beside docs/essays/<id>.md
    path = f"{IMAGES_DIR}/{match.group(1)}" if match else urljoin(essay.url, src)  # or as MkDocs wrote it
    folder, _, name = path.partition("/")
    if folder != IMAGES_DIR or not name or "/" in name:  # the catalog lets no other image through
        raise ValueError(f"{essay.src_uri}: the image {src!r} is not one of docs/{IMAGES_DIR}/")
    image.set("src", f"../{IMAGES_DIR}/{name}")
    return name


def _links(root, essay: Essay, site: Site) -> list[tuple[object, str | None]]:
    """Each link into the site leads to the book's chapter for an essay, else to the site's
    page when the site's address is known, else is left as its text. Returns the links to
    essays of other challenges, each with where it leads in a volume that does not hold
    that essay (the site's page, or None: its text); every volume holding this essay holds
    those of its challenge."""
    elsewhere = []
    for link in root.xpath("//a[@href]"):
        href = link.get("href")
        if href.startswith("#") or url_scheme(href):
            continue
        other, address = _target(href, essay, site)
        if other is None and address is None:
            link.drop_tag()
        elif other is None:
            link.set("href", address)
        else:
            # To the heading of its chapter the link names (check found it there), else to the
            # chapter's start: a note's id is the book's own there.
            fragment = urlsplit(href).fragment
            link.set("href", f"{other.id}.xhtml" + (f"#{fragment}" if fragment in _heading_ids(other.headings) else ""))
            if other.prompt.challenge is not essay.prompt.challenge:
                elsewhere.append((link, address))
    return elsewhere


def _heading_ids(headings: list[dict]) -> set[str]:
    return {id_ for heading in headings for id_ in (heading["id"], *_heading_ids(heading["children"]))}


def _target(href: str, essay: Essay, site: Site) -> tuple[Essay | None, str | None]:
    """The essay `href` leads to (or None), and its address on the site when the site's
    address is known (or None)."""
    parts = urlsplit(href)
    if parts.path.endswith(".md"):  # as written: beside docs/essays/<id>.md, as MkDocs reads it
        other = site.by_src_uri.get(posixpath.normpath(posixpath.join(posixpath.dirname(essay.src_uri), parts.path)))
        if other is None:
            return None, None
    else:  # as MkDocs writes it: relative to the essay's page
        other = site.by_url.get(urljoin(essay.url, parts.path))
    if site.url is None:
        return other, None
    if other is None:
        return None, urljoin(site.url + essay.url, href)
    return other, site.url + other.url + (f"#{parts.fragment}" if parts.fragment else "")
