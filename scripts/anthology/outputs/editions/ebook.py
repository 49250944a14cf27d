"""The ebook editions: the whole anthology, and each challenge, as an EPUB 3 built from the model.

Each volume holds a cover (drawn at build time: `cover`), a title page, a contents page
(prompts, then their essays), an "About this anthology" page with the licence line, one part
page per prompt, one chapter per essay (`chapter`) and the credits. The pages are XHTML made
by the templates beside this module, which only display; ebooklib writes the package (the OPF
metadata, manifest and spine, and an NCX for older readers). Rules followed: EPUB 3.3, EPUB
Accessibility 1.1, and Standard Ebooks' manual for notes and structure; EPUBCheck holds the
result to them in the tests.

Two builds of the same content give the same bytes: the book's identifier comes from the
site's name and the volume, its date from SOURCE_DATE_EPOCH or the content (never the clock:
`modified`), and the zip's entries carry that date.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
from ebooklib import epub
from markupsafe import Markup
from PIL import Image

from anthology.catalog.model import Author, Catalog, Challenge, Essay, Prompt
from anthology.outputs.editions.chapter import Chapter, Site, essay_chapter
from anthology.outputs.editions.cover import cover_png, left_out, typeface
from anthology.rules.problems import counted

FOLDER = "editions"
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp"}
XHTML = "application/xhtml+xml"
# The dates a zip entry can carry (two bytes of MS-DOS date: years 1980 to 2107); the book's
# own metadata keeps its real date.
ZIP_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc)
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                undefined=jinja2.StrictUndefined, auto_reload=False)
_templates.filters["counted"] = counted


@dataclass(frozen=True)
class Imprint:
    """What the site says of itself, which every volume repeats (from mkdocs.yml)."""

    site_name: str
    description: str
    licence: str  # the site's copyright line (its footer's); "" when it has none
    language: str = "en"
    site_url: str | None = None  # absolute, ending in "/"; None when not known (a local build)
    source_date: dt.datetime | None = None  # SOURCE_DATE_EPOCH, when the build sets it (`source_date`)


@dataclass(frozen=True)
class Volume:
    """One ebook: the whole anthology, or one challenge. Prompts in reading order."""

    path: str  # where the site publishes it: editions/<file>.epub
    title: str
    challenge: Challenge | None  # None: the whole anthology
    challenges: tuple[Challenge, ...]  # those it holds essays of
    prompts: tuple[Prompt, ...]  # only those with essays
    collection: str | None = None  # the series a challenge's volume belongs to

    @cached_property
    def essays(self) -> list[Essay]:
        return [essay for prompt in self.prompts for essay in prompt.essays]

    @cached_property
    def authors(self) -> list[Author]:
        """Each author once, in the order their first essay comes."""
        return list({id(essay.author): essay.author for essay in self.essays}.values())

    def prompts_of(self, challenge: Challenge) -> list[Prompt]:
        return [prompt for prompt in self.prompts if prompt.challenge is challenge]

    def by_author(self) -> list[tuple[Author, list[Essay]]]:
        """Each author with their essays in this volume, in the order of `authors`."""
        essays: dict[int, list[Essay]] = {}
        for essay in self.essays:
            essays.setdefault(id(essay.author), []).append(essay)
        return [(author, essays[id(author)]) for author in self.authors]


@dataclass(frozen=True)
class Ebook:
    """A volume, built."""

    volume: Volume
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def size_text(self) -> str:
        """The size a reader is told: "312 KB", "1.4 MB" (decimal units, as browsers show)."""
        if self.size < 1_000_000:
            return f"{max(1, round(self.size / 1000))} KB"
        return f"{self.size / 1_000_000:.1f} MB"


def volumes(catalog: Catalog, site_name: str) -> list[Volume]:
    """The whole anthology, then each challenge, leaving out any that holds no essay.
    The whole is `editions/anthology.epub`; a challenge's `editions/anthology-<id>.epub`, so no
    challenge's id can take the whole's address."""
    whole = _volume(site_name, None, catalog.challenges, catalog.prompts)
    each = [_volume(challenge.title, challenge, [challenge], catalog.prompts, site_name)
            for challenge in catalog.challenges]
    return [volume for volume in [whole, *each] if volume.essays]


def _volume(title: str, challenge: Challenge | None, challenges: Iterable[Challenge], prompts: Iterable[Prompt],
            collection: str | None = None) -> Volume:
    """A volume of these challenges' prompts that have essays (a prompt without any is left out)."""
    challenges = list(challenges)
    kept = tuple(p for p in prompts if p.essays and any(p.challenge is c for c in challenges))
    file_name = "anthology" if challenge is None else f"anthology-{challenge.id}"
    return Volume(f"{FOLDER}/{file_name}.epub", title, challenge,
                  tuple(c for c in challenges if any(p.challenge is c for p in kept)), kept, collection)


def build_ebooks(catalog: Catalog, imprint: Imprint, images: Path) -> list[Ebook]:
    """Every volume as EPUB bytes, each essay's chapter made from the HTML its page shows
    (`Essay.html`). `images`: the folder of the images essays show (docs/images/, checked by
    the catalog). Each essay's chapter is made once, whichever volumes hold it."""
    site = Site.of(catalog.essays, imprint.site_url)
    chapters: dict[str, Chapter] = {}
    made: dict[tuple[str, str], bytes] = {}  # each chapter's page, shared by the volumes that hold it
    built = []
    for volume in volumes(catalog, imprint.site_name):
        for essay in volume.essays:
            if essay.id not in chapters:
                chapters[essay.id] = essay_chapter(essay, essay.html, site)
        built.append(Ebook(volume, build_epub(volume, imprint, chapters, images, made)))
    return built


@dataclass(frozen=True)
class Dated:
    """A volume's `dcterms:modified` and where it comes from."""

    when: dt.datetime  # UTC
    source: str  # "repository" (SOURCE_DATE_EPOCH), "essay" (its latest date) or "challenge" (its start)


def modified(volume: Volume, source_date: dt.datetime | None = None) -> Dated:
    """The book's `dcterms:modified`, never the clock: `source_date` (SOURCE_DATE_EPOCH, the
    reproducible-builds.org convention: the deploy workflow sets it to the time of the commit
    it builds) when given; otherwise the latest of the volume's essay dates and the months its
    challenges started, at midnight UTC."""
    if source_date is not None:
        return Dated(source_date, "repository")
    latest_essay = max((essay.date for essay in volume.essays if essay.date), default=None)
    latest_start = max(dt.date(*challenge.started, 1) for challenge in volume.challenges)
    if latest_essay is not None and latest_essay >= latest_start:
        return Dated(dt.datetime.combine(latest_essay, dt.time(), dt.timezone.utc), "essay")
    return Dated(dt.datetime.combine(latest_start, dt.time(), dt.timezone.utc), "challenge")


def source_date(value: str | None) -> dt.datetime | None:
    """SOURCE_DATE_EPOCH's value (whole seconds since 1970-01-01 UTC, digits only: the
    reproducible-builds.org specification) as a UTC time; None when it is unset or empty.
    Raises ValueError, with a message saying so, for any other value."""
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{1,11}", value):
        raise ValueError(f"SOURCE_DATE_EPOCH is {value[:40]!r}, not a whole number of seconds since 1970 "
                         "(reproducible-builds.org's convention); set it to one, or unset it")
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc)


def identifier(imprint: Imprint, volume: Volume) -> str:
    """A stable identifier: the same for the same site name and volume, build after build."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'anthology:{imprint.site_name}/{volume.path}')}"


def build_epub(volume: Volume, imprint: Imprint, chapters: dict[str, Chapter], images: Path,
               made: dict[tuple[str, str], bytes]) -> bytes:
    """One volume as EPUB 3 bytes: the same bytes for the same content. `made`: chapters' pages
    made for other volumes, by essay and text, to be taken as they are."""
    dated = modified(volume, imprint.source_date)
    when = dated.when
    shown = sorted({name for essay in volume.essays for name in chapters[essay.id].images})
    described = all(chapters[essay.id].images_described for essay in volume.essays)
    animated = any(_animated(images / name) for name in shown)
    book = epub.EpubBook()
    _metadata(book, volume, imprint, when)
    for property_, value in _accessibility(described, animated, imprint.site_name):
        book.add_metadata(None, "meta", value, {"property": property_})
    page = _Pages(book, volume, imprint, dated, made)
    book.add_item(epub.EpubItem("css", "css/book.css", "text/css", (Path(__file__).parent / "book.css").read_bytes()))
    cover = epub.EpubItem("cover-image", "cover.png", "image/png", cover_png(volume.title, _cover_lines(volume)))
    cover.properties = ["cover-image"]
    book.add_item(cover)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})  # for EPUB 2 readers
    for name in shown:
        book.add_item(epub.EpubItem(f"image-{name}", f"images/{name}", MEDIA_TYPES[Path(name).suffix],
                                    (images / name).read_bytes()))
    book.spine = _spine(page, volume, chapters)
    book.toc = _ncx_toc(volume)
    book.add_item(epub.EpubNcx())
    out = io.BytesIO()
    # ebooklib's own nav, guide and page list are off: the contents page is ours (templates).
    epub.write_epub(out, book, {"mtime": when, "epub2_guide": False, "epub3_landmark": False,
                                "epub3_pages": False, "compresslevel": 0})
    return _reproducible(out.getvalue(), when)


def _spine(page: _Pages, volume: Volume, chapters: dict[str, Chapter]) -> list[epub.EpubItem]:
    """Every page of the volume, in reading order."""
    spine = [page("cover", "text/cover.xhtml", "Cover", "cover.xhtml", left_out=left_out(volume.title)),
             page("titlepage", "text/titlepage.xhtml", volume.title, "titlepage.xhtml"),
             page("contents", "text/contents.xhtml", "Contents", "contents.xhtml", properties=["nav"]),
             page("about", "text/about.xhtml", "About this anthology", "about.xhtml")]
    for challenge in volume.challenges:
        if len(volume.challenges) > 1:
            spine.append(page(f"challenge-{challenge.id}", f"challenges/{challenge.id}.xhtml", challenge.title,
                              "challenge.xhtml", challenge=challenge))
        for prompt in volume.prompts_of(challenge):
            spine.append(page(f"prompt-{prompt.id}", f"prompts/{prompt.id}.xhtml", prompt.title, "prompt.xhtml",
                              prompt=prompt))
            spine += [page.chapter(essay, _body(chapters[essay.id], volume)) for essay in prompt.essays]
    return spine + [page("credits", "text/credits.xhtml", "Credits", "credits.xhtml", typeface=typeface())]


def _body(chapter: Chapter, volume: Volume) -> str:
    """The chapter's text as this volume holds it: the whole anthology holds every essay."""
    return chapter.body_in_whole if volume.challenge is None else chapter.body


class _Pages:
    """Renders a template into an XHTML item of the book."""

    def __init__(self, book: epub.EpubBook, volume: Volume, imprint: Imprint, dated: Dated,
                 made: dict[tuple[str, str], bytes]):
        self.book, self.volume, self.imprint, self.dated, self.made = book, volume, imprint, dated, made

    def __call__(self, uid: str, file_name: str, title: str, template: str, properties=(), **context) -> epub.EpubItem:
        xhtml = _templates.get_template(template).render(
            volume=self.volume, imprint=self.imprint, title=title, dated=self.dated, **context)
        return self._item(uid, file_name, xhtml.encode("utf-8"), properties)

    def chapter(self, essay: Essay, body: str) -> epub.EpubItem:
        """The essay's chapter, with `body` its text in this volume. Its page is the same in every
        volume that holds it with that text: made once. Its template is given no volume (one
        that shows the volume fails, StrictUndefined, rather than show another's)."""
        xhtml = self.made.get((essay.id, body))
        if xhtml is None:
            xhtml = _templates.get_template("chapter.xhtml").render(
                imprint=self.imprint, title=essay.title, essay=essay, body=Markup(body)).encode("utf-8")
            self.made[essay.id, body] = xhtml
        return self._item(f"essay-{essay.id}", f"essays/{essay.id}.xhtml", xhtml)

    def _item(self, uid: str, file_name: str, xhtml: bytes, properties=()) -> epub.EpubItem:
        item = epub.EpubItem(uid, file_name, XHTML, xhtml)
        item.properties = list(properties)
        self.book.add_item(item)
        return item


def _metadata(book: epub.EpubBook, volume: Volume, imprint: Imprint, when: dt.datetime) -> None:
    book.set_identifier(identifier(imprint, volume))
    book.set_title(volume.title)
    book.set_language(imprint.language)
    for number, author in enumerate(volume.authors, start=1):
        book.add_author(author.display_name, role="aut", uid=f"creator-{number}")
    book.add_metadata("DC", "publisher", imprint.site_name)
    if imprint.licence:
        book.add_metadata("DC", "rights", imprint.licence)
    if imprint.description:
        book.add_metadata("DC", "description", imprint.description)
    book.add_metadata("DC", "date", when.date().isoformat())
    if volume.collection:
        book.add_metadata(None, "meta", volume.collection, {"property": "belongs-to-collection", "id": "collection"})
        book.add_metadata(None, "meta", "series", {"refines": "#collection", "property": "collection-type"})


def _accessibility(described: bool, animated: bool, certifier: str) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 metadata (schema.org's terms). Conformance is claimed only when
    every image has a text alternative (an image without one fails WCAG 1.1.1) and none moves:
    an animated image may flash (2.3.1) and cannot be paused in a book (2.2.2), and nobody has
    looked, so its hazards are declared unknown."""
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "unlocked"]
    features += ["alternativeText"] if described else []
    declared = [("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
                ("schema:accessModeSufficient", "textual" if described else "textual,visual")]
    declared += [("schema:accessibilityFeature", feature) for feature in features]
    declared += [("schema:accessibilityHazard", "unknown" if animated else "none"),
                 ("schema:accessibilitySummary", _summary(described, animated))]
    if described and not animated:
        declared += [("dcterms:conformsTo", CONFORMS_TO), ("a11y:certifiedBy", certifier)]
    return declared


def _summary(described: bool, animated: bool) -> str:
    images = ("Every image has a text alternative." if described else
              "Some images in the essays have no text alternative: their authors gave none.")
    motion = ("Some essays show animated images, which move and may flash; nobody has checked them "
              "for flashing." if animated else "Nothing flashes, moves or makes sound.")
    return ("Essays in reflowable text that follows the reader's own font, size and colours. Headings mark "
            "each prompt and essay, the contents lead to each, and notes link to and from where they are "
            f"referenced. {images} {motion}")


def _animated(path: Path) -> bool:
    """Whether the image at `path` has more than one frame (an animated GIF, PNG or WebP)."""
    with Image.open(path) as picture:
        return getattr(picture, "is_animated", False)


def _cover_lines(volume: Volume) -> list[str]:
    essays, authors = len(volume.essays), len(volume.authors)
    lines = [f"{essays} essay{'s' * (essays != 1)} by {authors} author{'s' * (authors != 1)}"]
    return ([volume.collection] if volume.collection else []) + lines


def _ncx_toc(volume: Volume) -> list:
    """The contents again, for the NCX that EPUB 2 reading systems read (ebooklib's sections)."""
    def prompt_entry(prompt: Prompt):
        return (epub.Section(prompt.title, f"prompts/{prompt.id}.xhtml"),
                [epub.Link(f"essays/{e.id}.xhtml", e.title, f"toc-{e.id}") for e in prompt.essays])

    if len(volume.challenges) == 1:
        return [prompt_entry(prompt) for prompt in volume.prompts]
    return [(epub.Section(c.title, f"challenges/{c.id}.xhtml"), [prompt_entry(p) for p in volume.prompts_of(c)])
            for c in volume.challenges]


def _reproducible(package: bytes, when: dt.datetime) -> bytes:
    """The zip rewritten with every entry dated `when` (or the nearest date a zip can carry)
    and marked as a Unix file, and deflated here (ebooklib dates entries by the clock): the
    same content gives the same bytes."""
    stamp = min(max(when, ZIP_EARLIEST), ZIP_LATEST).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():  # "mimetype" first and stored, as EPUB requires
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_STORED if entry.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o100644 << 16
            target.writestr(fixed, source.read(entry), compresslevel=9)
    return out.getvalue()
