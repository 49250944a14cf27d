"""An essay's text as a chapter of the ebook: the site's Markdown, the one sanitiser, then XHTML.

The essay is rendered with the site's Markdown (`anthology.markdown`) and cleaned by the one
sanitiser (`anthology.sanitize.clean_essay`), as on its page. Only then is it read into a tree
(lxml) and fitted to the book: footnotes become EPUB notes with back links (EPUB 3.3
Structural Semantics; DPUB-ARIA roles), headings lose their permalinks, and a link to a
place outside the book leads to the site, or is left as its text when the site's address is
not known. Images from the repository keep their address: the book holds them at the same
place relative to its chapters (`images/` beside `essays/`).
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

from ..markdown import render
from ..model import Essay
from ..safelist import ID_PREFIX, IMAGE_SRC, IMAGES_DIR, url_scheme
from ..sanitize import clean_essay

# Python-Markdown's footnote references, once the sanitiser has prefixed their ids: `fnref:x`
# for the first reference to note `fn:x`, `fnref2:x` for the second.
NOTE_REF = re.compile(re.escape(ID_PREFIX) + r"fnref(\d*):")
EPUB_TYPE = "epub:type"  # written as is: the chapter template declares the epub prefix


@dataclass(frozen=True)
class Chapter:
    """An essay's text ready for the chapter template."""

    body: str  # XHTML elements, as text
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


def essay_html(essay: Essay) -> str:
    """The essay's HTML as its page shows it: the site's Markdown, then the one sanitiser."""
    return clean_essay(render(essay.markdown))


def essay_chapter(essay: Essay, content: str, site: Site) -> Chapter:
    """The essay's sanitised HTML `content` (`essay_html`, or the page's own) as XHTML for its
    chapter, with notes, links and images fitted to the book. Raises ValueError for an image
    that is not one of docs/images/ (the catalog lets none through)."""
    root = lxml.html.fragment_fromstring(content, create_parent="div")
    for link in root.xpath("//a[@class='headerlink'][parent::h1 or parent::h2 or parent::h3 or parent::h4 "
                           "or parent::h5 or parent::h6]"):
        link.drop_tree()  # the ¶ permalink beside each heading means nothing in a book
    _notes(root)
    _links(root, essay, site)
    _in_page(root)
    images = list(root.iter("img"))
    names = frozenset(_embedded(image, essay) for image in images)
    body = "".join(etree.tostring(child, method="xml", encoding="unicode") for child in root)
    return Chapter(html.escape(root.text or "", quote=False) + body, names, all(image.get("alt", "").strip() for image in images))


def _notes(root) -> None:
    """Footnote references become noterefs and the footnotes a list of endnotes, each with a
    back link to its reference (the pattern Standard Ebooks uses). Notes are numbered as the
    reader sees them, whatever their labels in the Markdown."""
    numbers: dict[str, int] = {}  # a note's id in the essay -> its number
    for block in root.xpath("//div[@class='footnote']"):
        block.tag = "section"
        block.attrib.clear()
        block.attrib.update({EPUB_TYPE: "endnotes", "role": "doc-endnotes", "aria-labelledby": "notes"})
        for rule in block.findall("hr"):
            block.remove(rule)
        heading = lxml.html.Element("h2", id="notes")
        heading.text = "Notes"
        block.insert(0, heading)
        for number, note in enumerate(block.xpath("ol/li"), start=1):
            numbers[note.get("id", "")] = number
            note.attrib.update({"id": f"note-{number}", EPUB_TYPE: "endnote"})
    refs: dict[str, str] = {}  # a reference's id in the essay -> its id in the book
    for ref in root.xpath("//sup[a[@class='footnote-ref']]"):
        link, repeat = ref[0], NOTE_REF.match(ref.get("id", ""))
        number = numbers.get(link.get("href", "").removeprefix("#"))
        if number is None or repeat is None:
            continue  # not Markdown's: the check on in-page links below deals with it
        refs[ref.attrib.pop("id")] = link_id = f"noteref-{number}" + (f"-{repeat.group(1)}" if repeat.group(1) else "")
        link.attrib.update({"id": link_id, "href": f"#note-{number}", EPUB_TYPE: "noteref", "role": "doc-noteref"})
        del link.attrib["class"]
    for back in root.xpath("//section/ol/li//a[@class='footnote-backref']"):
        back.attrib.update({"href": "#" + refs.get(back.get("href", "").removeprefix("#"), ""),
                            EPUB_TYPE: "backlink", "role": "doc-backlink"})
        del back.attrib["class"]


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


def _links(root, essay: Essay, site: Site) -> None:
    """Each link into the site leads to the book's chapter for an essay of the same challenge
    (every volume that holds this essay holds those), else to the site's page when the site's
    address is known, else is left as its text."""
    for link in root.xpath("//a[@href]"):
        href = link.get("href")
        if href.startswith("#") or url_scheme(href):
            continue
        target = _target(href, essay, site)
        if target is None:
            link.drop_tag()
        else:
            link.set("href", target)


def _target(href: str, essay: Essay, site: Site) -> str | None:
    parts = urlsplit(href)
    if parts.path.endswith(".md"):  # as written: beside docs/essays/<id>.md, as MkDocs reads it
        other = site.by_src_uri.get(posixpath.normpath(posixpath.join(posixpath.dirname(essay.src_uri), parts.path)))
        if other is None:
            return None
    else:  # as MkDocs writes it: relative to the essay's page
        other = site.by_url.get(urljoin(essay.url, parts.path))
    if other is not None and other.prompt.challenge is essay.prompt.challenge:
        # To the chapter's start: a part of it named in the link may not exist, and the book
        # must hold no link to nowhere.
        return f"{other.id}.xhtml"
    if site.url is None:
        return None
    return site.url + other.url if other is not None else urljoin(site.url + essay.url, href)
