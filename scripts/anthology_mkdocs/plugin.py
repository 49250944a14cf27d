"""The anthology as a MkDocs plugin: the core's catalog and pages, handed to MkDocs.

Loading and checking is `anthology.catalog.assembly`, the generated pages `anthology.outputs.pages`, the
public catalog `anthology.outputs.catalog_file`, the feeds `anthology.outputs.feeds`, the search index
`anthology.outputs.search_index`, sanitising `anthology.rendering.sanitize`, the ebooks `anthology.outputs.editions`. This module
only wires them to MkDocs' events: nothing here decides what the site says.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from urllib.parse import urlparse

from jinja2 import Environment, Template
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from anthology.catalog.assembly import read_catalog
from anthology.catalog.model import Catalog, Essay
from anthology.contributing.issueform import TEMPLATE_NAME
from anthology.files.tree import Sources
from anthology.outputs.editions.ebook import Ebook, Imprint, build_ebooks, source_date
from anthology.outputs.editions.printing import edition_html
from anthology.outputs.pages import (
    PRINTABLE_EDITION,
    EditionPage,
    FormPage,
    GeneratedPage,
    GuidePage,
    contributor_pages,
    problem_page,
    prompts_nav,
    virtual_pages,
)
from anthology.outputs.search_index import (
    UNSPACED,
    SearchIndexer,
    SearchIndexError,
    indexed_document,
    merged_languages,
)
from anthology.outputs.site_files import site_files
from anthology.outputs.stylesheets import PageClasses
from anthology.rendering.markdown import render_with_headings
from anthology.rendering.sanitize import clean_html
from anthology.rules.addresses import IMAGES_DIR
from anthology.rules.problems import AnthologyError, Problem, counted

from .config import AnthologyConfig

log = logging.getLogger("mkdocs.plugins.anthology")


class AnthologyPlugin(BasePlugin[AnthologyConfig]):
    """Validates the essays, generates the anthology's pages and feeds, indexes the essays."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self._reset()

    def _reset(self) -> None:
        # `mkdocs serve` keeps this object from one build to the next: every build starts here.
        self.catalog: Catalog | None = None
        self.problems: list[Problem] = []  # only ever kept by `mkdocs serve`: a build stops on them
        self.unbuilt: dict[str, list[Problem]] = {}  # files under docs/ with problems, by absolute path
        self.pages: dict[str, GeneratedPage] = {}  # by src_uri
        self.files: Files | None = None
        self.nav_pages: set[str] = set()  # src_uris of the pages in the navigation
        self.render_cache: dict = {}  # HTML rendered once per folder (partials/anthology.html)
        self.essay_body: Template | None = None
        self.essay_bodies: dict[str, Markup] = {}  # the indexed part of each essay page
        self.indexer: SearchIndexer | None = None
        self.canonical: str | None = None  # the page's own address while it shows another
        self.ebooks: list[Ebook] = []  # once built (on_env)
        self.source_date = None  # SOURCE_DATE_EPOCH, the ebooks' date when the build sets it
        self.page_classes = PageClasses()  # what the pages use of the theme's stylesheets

    def on_startup(self, *, command, dirty) -> None:
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        if not config.use_directory_urls:
            # Feeds and editions are files beside a page (prompts/<id>/feed.xml), and the templates
            # link folders ('print/'): with pages as prompts/<id>.html neither would be found.
            raise PluginError("the anthology needs use_directory_urls: true (MkDocs' default) in mkdocs.yml")
        try:  # read before any work: a value that is not a time stops the build at once
            self.source_date = source_date(os.environ.get("SOURCE_DATE_EPOCH"))
        except ValueError as err:
            raise PluginError(str(err)) from None
        new_essay_url = _new_file_url(config.repo_url, config.edit_uri, self.config.essays)
        issue_form_url = _issue_form_url(config.repo_url)
        if not config.repo_url:
            # No "edit this page" links without a repository address (the deploy workflow sets it).
            config.edit_uri = None
        # MkDocs renders no Markdown here: every page's Markdown is empty, its HTML made by the
        # site's one Markdown (anthology.rendering.markdown: cmark-gfm) in on_page_content.
        # MkDocs still sets up a Markdown for every page (no event skips Page.render): with no
        # extensions, the least it can be.
        config.markdown_extensions = []
        config.mdx_configs = {}
        project = Path(config.config_file_path or ".").absolute().parent
        sources = Sources(docs_dir=Path(config.docs_dir), shown_root=project,
                          essays=self.config.essays, registry=self.config.registry)
        self.catalog, self.problems, dangerous = read_catalog(sources)
        # A link, a device or too many files under docs/: MkDocs would follow or copy them as
        # it lists docs/, so even a preview stops here, before it does.
        if dangerous or (self.problems and self.command != "serve"):
            raise PluginError(str(AnthologyError(self.problems)))
        # A preview keeps answering: it shows the rest of the site, every problem in a banner,
        # and each broken essay's problems at its own address (the file is not published).
        for problem in self.problems:
            log.warning(str(problem))
            self.unbuilt.setdefault(os.path.normpath(project / problem.path), []).append(problem)
        pages = virtual_pages(self.catalog, search=self.config.search,
                              printable_edition=self.config.printable_edition,
                              per_page=self.config.essays_per_page)
        guide = project / "CONTRIBUTING.md"
        if guide.is_symlink():  # a pull request could point it at any file on the machine
            raise PluginError("CONTRIBUTING.md is a symbolic link: the build does not follow links")
        if guide.is_file():  # utf-8-sig: a BOM, which some Windows editors write, is not the title's
            pages += contributor_pages(guide.read_text(encoding="utf-8-sig"), self.catalog, new_essay_url,
                                       issue_form_url)
        self.pages = {page.src_uri: page for page in pages}
        dropped = set() if self.config.printable_edition else {PRINTABLE_EDITION}
        config.nav = _expand_nav(config.nav, prompts_nav(self.catalog), dropped)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Essays' indexed parts are rendered as their Markdown is, before MkDocs makes its own
        # template environment (on_env): from one of ours, set up the same way.
        env = self._prepare(config.theme.get_env())
        self.essay_body = env.get_template("partials/essay-body.html")
        if self.problems:
            self._leave_out_unbuilt(files)
        for page in self.pages.values():
            files.append(File.generated(config, page.src_uri, content=page.markdown(),
                                        inclusion=InclusionLevel.INCLUDED))
        # Feed readers need absolute links: the deploy workflow sets site_url; a local build
        # without it links from the site root.
        for site_file in site_files(self.catalog, config.site_url or "/", config.site_name, self.config.feeds):
            files.append(File.generated(config, site_file.path, content=site_file.content))
        if self.dirty:
            # Every page depends on the essays (lists, the printable edition, the search index):
            # in a --dirty build every page counts as changed, so the site stays whole.
            for file in files.documentation_pages():
                file.is_modified = _changed
        return files

    def _leave_out_unbuilt(self, files: Files) -> None:
        """A preview with problems publishes no file that has one. A page from docs/ that the
        catalog does not hold (an essay with problems, one waiting on a broken registry, a stray
        page) shows its own problems at its address, or every problem when it has none."""
        for file in list(files):
            problems = self.unbuilt.get(os.path.normpath(file.abs_src_path)) if file.abs_src_path else None
            page = file.is_documentation_page() and file.src_uri not in self.catalog.by_src_uri
            if problems is None and not page:
                continue
            files.remove(file)
            if page:
                self.pages[file.src_uri] = problem_page(file.src_uri, problems or self.problems)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.files = files
        self.nav_pages = {page.file.src_uri for page in nav.pages}
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        essay = self._essay(page)
        if essay is None:
            return None
        # The catalog has read the file and rendered the essay already (`anthology.rendering.essay`, the
        # HTML check decided on): MkDocs gets nothing to render, so it cannot read the essay
        # another way. The front matter goes back in on_page_markdown, the HTML in on_page_content.
        return ""

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        essay = self._essay(page)
        if essay is not None:
            page.meta = dict(essay.front_matter)
            # Material reads these for <meta name=description/author>, the template, and the
            # sidebars: an essay reads alone, with no navigation column (the drawer still opens
            # on a phone) and no table of contents; its prompt and author are in the byline.
            page.meta.update(template="essay.html", author=essay.author.display_name,
                             description=essay.description, hide=["navigation", "toc"])
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Every page's content is sanitised, not only essays': CONTRIBUTING.md is published too.
        # An essay's HTML is the catalog's, sanitised there with its ids prefixed, so that none
        # can name a part of the page around it.
        essay, generated = self._essay(page), self.pages.get(page.file.src_uri)
        if essay is not None:
            page.toc = get_toc(essay.headings)
        elif isinstance(generated, (FormPage, GuidePage)) and generated.body:
            html, headings = render_with_headings(generated.body)
            page.toc = get_toc(headings)
        _toc_as_text(page.toc)
        content = Markup(clean_html(html) if essay is None else essay.html)
        if essay is not None:
            body = Markup(self.essay_body.render(essay=essay, content=content, page=page, config=config,
                                                 base_url=get_relative_url(".", page.url)))
            self.essay_bodies[page.file.src_uri] = body
            if self.config.search:
                self._index(body, essay.language or config.theme["language"], page, config)
        return content

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        src_uri = page.file.src_uri
        essay = self._essay(page)
        if essay is not None:
            context.update(essay=essay, essay_body=self.essay_bodies[src_uri])
            # Previous/next within the prompt: Material's footer and <link rel=prev/next>.
            page.previous_page = self._page_of(essay.previous)
            page.next_page = self._page_of(essay.next)
            if essay.original_url:
                # The original is the canonical address; the page's own comes back in
                # on_post_page, so that the sitemap lists this site's address.
                self.canonical = page.canonical_url
                page.canonical_url = essay.original_url
        generated = self.pages.get(src_uri)
        if generated is not None:
            context.update(generated.context())
        if isinstance(generated, EditionPage):
            # MkDocs renders every page's Markdown before any template: every essay is here.
            edition = generated.edition
            context["essay_html"] = {id_: Markup(html) for id_, html in edition_html(edition.essays, page.url).items()}
        # HTML that is the same on every page of a folder (Material's page-independent blocks,
        # the nav, header, footer, essay cards) is rendered once per folder and depth: its links
        # are relative (`once` in overrides/partials/anthology.html).
        context["render_cache"] = self.render_cache
        # A folder's own page (challenges/) links into its folder, which its neighbours
        # (essays/) reach by another path: it keeps a key of its own.
        folder = page.url if page.is_index else page.url.rstrip('/').rpartition('/')[0]
        context["url_folder"] = f"{folder}|{page.url.count('/')}|{page.is_index}"
        # Pages outside the nav share one nav; a page in it shows itself as the current one.
        context["nav_cache_key"] = None if src_uri in self.nav_pages else f"nav:{context['url_folder']}"
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.canonical is not None:
            page.canonical_url, self.canonical = self.canonical, None
        self.page_classes.add(output)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        self.page_classes.add(output_content)  # 404.html
        return output_content

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # No template is rendered yet: the ebooks are made from the essays' HTML (the catalog's),
        # and the pages that link to them can say how large they are. A
        # preview (`mkdocs serve`) leaves them out: they would be made again on every rebuild.
        if self.config.editions and self.command != "serve":
            self.ebooks = build_ebooks(self.catalog, _imprint(config, self.source_date), Path(config.docs_dir) / IMAGES_DIR)
            for ebook in self.ebooks:
                files.append(File.generated(config, ebook.volume.path, content=ebook.content))
        return self._prepare(env)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Material's stylesheets, cut to the rules the pages use: a phone fetches them before it
        # paints anything (anthology.outputs.stylesheets).
        for sheet in (Path(config.site_dir) / "assets" / "stylesheets").glob("*.min.css"):
            sheet.write_text(self.page_classes.used(sheet.read_text(encoding="utf-8")), encoding="utf-8")
        self._finish_search(config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    # --- helpers ---------------------------------------------------------------------------

    def _essay(self, page: Page) -> Essay | None:
        return self.catalog.by_src_uri.get(page.file.src_uri)

    def _page_of(self, essay: Essay | None) -> Page | None:
        return None if essay is None else self.files.get_file_from_path(essay.src_uri).page

    def _prepare(self, env: Environment) -> Environment:
        # Everything from essays and registries is text: every template escapes every value,
        # and only HTML the build made safe (sanitised content, its own partials) is Markup.
        env.autoescape = True
        # Material's templates are indented for reading; dropping the indentation of template
        # lines (never of the essay HTML, inserted as a value) saves bytes on every page.
        env.trim_blocks = True
        env.lstrip_blocks = True
        env.filters["counted"] = counted
        env.filters["merged_languages"] = merged_languages  # the search page's other indexes
        env.globals["anthology"] = self.config  # which parts are on: search, feeds, print
        env.globals["anthology_problems"] = self.problems  # shown in a banner by `mkdocs serve`
        # The preview's policy lets MkDocs' live-reload script run (partials/csp.html).
        env.globals["anthology_preview"] = self.command == "serve"
        env.globals["anthology_ebooks"] = self.ebooks  # the ebooks, linked with their sizes
        return env

    def _index(self, body: Markup, language: str, page: Page, config: MkDocsConfig) -> None:
        try:
            if self.indexer is None:
                self.indexer = SearchIndexer()
                self._say_if_words_are_not_split(self.indexer.splits_words, config)
            self.indexer.add(indexed_document(body, language), page.url)
            if self.indexer.added == len(self.catalog.essays):
                self.indexer.start_writing(Path(config.site_dir))
        except SearchIndexError as err:
            raise PluginError(f"search index, at {page.file.src_uri}: {err}") from None

    def _say_if_words_are_not_split(self, splits_words: bool, config: MkDocsConfig) -> None:
        # The preview installs Pagefind's plain binary (the extended one is most of a fresh
        # install's size): say what its search misses, and stop a build that would publish it.
        languages = {essay.language or config.theme["language"] for essay in self.catalog.essays}
        unspaced = [name for code, name in UNSPACED.items() if code in languages]
        if splits_words or not unspaced:
            return
        message = (f"search: Pagefind's plain binary indexes each run of {' and '.join(unspaced)} text as one "
                   "word, so a word inside it is not found; `make build` installs the extended binary, which "
                   "splits it into words (requirements-search.txt)")
        (log.info if self.command == "serve" else log.warning)(message)

    def _finish_search(self, config: MkDocsConfig) -> None:
        indexer, self.indexer = self.indexer, None
        if indexer is None:
            return
        try:
            indexed = indexer.finish(Path(config.site_dir))
        except SearchIndexError as err:
            raise PluginError(str(err)) from None
        expected = len(self.catalog.essays)
        if indexed != expected:
            raise PluginError(f"search indexed {indexed} of {expected} essays: is data-pagefind-body "
                              "missing from overrides/partials/essay-body.html?")
        log.info(f"Search: indexed {indexed} essays")


def _imprint(config: MkDocsConfig, when: dt.datetime | None) -> Imprint:
    """What the site says of itself, for the ebooks: its name, description, copyright line,
    language and (when the deploy workflow sets them) address and date (SOURCE_DATE_EPOCH)."""
    site_url = config.site_url.rstrip("/") + "/" if config.site_url else None
    return Imprint(config.site_name, config.site_description or "", config.copyright or "",
                   config.theme["language"], site_url, when)


def _expand_nav(nav: list | None, prompts: list, dropped: set[str]) -> list:
    """mkdocs.yml's nav with its `prompts/index.md` entry expanded into one entry per prompt,
    and the pages that are switched off left out."""
    expanded = []
    for item in nav or []:
        target = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if target == "prompts/index.md":
            item = {next(iter(item)): prompts}
        elif isinstance(target, list):
            item = {next(iter(item)): _expand_nav(target, prompts, dropped)}
        elif target in dropped:
            continue
        expanded.append(item)
    return expanded


def _new_file_url(repo_url: str | None, edit_uri: str | None, essays: str) -> str | None:
    """GitHub's page for proposing a new file in the essays folder, on the branch that the
    "edit this page" links name (edit_uri: "edit/<branch>/docs/"); None off GitHub."""
    parts = (edit_uri or "").strip("/").split("/")
    if not _on_github(repo_url) or len(parts) < 3 or parts[0] not in ("edit", "blob"):
        return None
    return f"{repo_url.rstrip('/')}/new/{parts[1]}/{'/'.join(parts[2:])}/{essays}"


def _issue_form_url(repo_url: str | None) -> str | None:
    """GitHub's page for a new issue made with the essay form; None off GitHub."""
    if not _on_github(repo_url):
        return None
    return f"{repo_url.rstrip('/')}/issues/new?template={TEMPLATE_NAME}"


def _on_github(repo_url: str | None) -> bool:
    return urlparse(repo_url or "").hostname == "github.com"


def _toc_as_text(items) -> None:
    # The site's Markdown gives each heading's text escaped, with no tag (rendering.markdown
    # lists headings as text): marked safe, so that the autoescaping templates do not escape it twice.
    for item in items:
        item.title = Markup(item.title)
        _toc_as_text(item.children)


def _changed() -> bool:
    return True
